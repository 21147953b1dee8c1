package io.dataflows.steps.internal.sql;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.Evaluation;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code reader_sql}: streams the rows of a query as records.
 *
 * <p>The query runs on the step's {@code connection} (or the engine's default data source) in a transaction with a
 * fetch size, so rows are streamed (PostgreSQL streams only outside auto-commit) and memory stays constant. Every
 * {@code ${{ }}} is a bound parameter, a quoted string holding expressions and an {@code IN ( )} list included
 * ({@link SqlTemplate}); an optional fragment {@code [[ ... ]]} is removed when one of its expressions is
 * {@code null}, {@code ''} or an empty list. Moodle-style {@code {table}} names get the engine's table prefix. In a
 * dry run the transaction is read-only and always rolled back ({@link StepConnection}). When the run is cancelled,
 * the query is cancelled too, while it executes and while its rows are read ({@link StatementCancel}).
 *
 * <p><b>Incremental reads.</b> With {@code counterfield}, the value of that column in the last row read is kept in
 * the state store (step state {@code countervalue}) and published as {@code steps.<alias>.config.countervalue}: the
 * next run starts from it, typically through {@code [[ WHERE id > ${{ config.countervalue }} ]]}. The stored value
 * is that of the last row the rest of the flow has finished with; it is written every
 * {@value #PERSIST_EVERY} rows, at least once a second and when the stream ends, also when the run aborts. Dry
 * runs publish the counter but never store it. The definition's {@code countervalue} is the starting value until a
 * value is stored.
 */
public final class SqlReaderStep implements ReaderStep {

    /** The step state key of the counter. */
    static final String COUNTER = "countervalue";
    static final int PERSIST_EVERY = 1000;
    private static final long PERSIST_NANOS = 1_000_000_000L;

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("sql", FieldType.STRING).required().evaluation(Evaluation.LITERAL)
                    .describe("The query. Each ${{ }} is bound as a parameter ('...${{ }}...' as one text "
                            + "parameter, IN (${{ list }}) as one per element); [[ ... ]] fragments are left out "
                            + "when an expression in them is empty; {table} names get the table prefix."))
            .field(ConfigField.of("counterfield", FieldType.STRING)
                    .describe("A column whose value in the last row read is kept between runs, for incremental "
                            + "reads"))
            .field(ConfigField.of(COUNTER, FieldType.ANY)
                    .describe("The counter's starting value; afterwards maintained by the step (state store)"))
            .field(ConfigField.of("connection", FieldType.STRING)
                    .describe("The engine data source to use; default: the first one registered"))
            .build();

    @Override
    public String id() {
        return "reader_sql";
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public String displayName() {
        return "SQL reader";
    }

    @Override
    public String description() {
        return "Reads the rows of an SQL query as records, streaming. ${{ }} expressions are bound parameters, "
                + "[[ ... ]] fragments are optional, and counterfield/countervalue make incremental reads.";
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of("config.countervalue", "The counter: the counterfield value of the last row read "
                + "(kept between runs)");
    }

    /**
     * A query's rows are read on one worker, from the data source of that name in the worker's engine (which its
     * set-up must give it). An incremental read runs distributed too: its counter is step state ({@link #stateKeys}),
     * which the runner gives the worker and stores once the pipeline has succeeded.
     */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    /** The counter, for an incremental read. */
    @Override
    public Set<String> stateKeys(Map<String, Object> config) {
        return isIncremental(config) ? Set.of(COUNTER) : Set.of();
    }

    @Override
    public Optional<String> concurrencyBlocker(Map<String, Object> config) {
        return isIncremental(config) ? Optional.of("Counterfield value is non-empty.") : Optional.empty();
    }

    /** Whether {@code config}, as defined, names a {@code counterfield}: an incremental read. */
    private static boolean isIncremental(Map<String, Object> config) {
        Object counterField = config.get("counterfield");
        return counterField != null && !String.valueOf(counterField).isEmpty();
    }

    @Override
    public void validate(StepValidation validation) {
        SqlStep.validateSql(validation);
    }

    @Override
    public void read(StepContext ctx, Emitter out) throws Exception {
        String counterField = ctx.config().optionalString("counterfield").orElse("");
        Object counter = counterField.isEmpty() ? null : ctx.state().get(COUNTER).orElse(null);
        if (counter == null) {
            Object configured = ctx.config().value(COUNTER);
            counter = configured == null ? "" : configured;
        }
        // Expressions in the query see the counter as config.countervalue.
        ctx.output("config." + COUNTER, counter);

        SqlTemplate.Statement statement = SqlTemplate.parse((String) ctx.config().raw("sql"), ctx.tablePrefix())
                .compile(ctx).render();
        Counter progress = counterField.isEmpty() ? null : new Counter(ctx, counter);
        Throwable failure = null;
        try (StepConnection c = StepConnection.open(ctx)) {
            try {
                stream(ctx, c, statement, counterField, progress, out);
                c.finish();
            } catch (Exception | Error e) {
                c.rollbackAfter(e);
                throw e;
            }
        } catch (SQLException e) {
            failure = e;
            throw SqlSupport.failure(e, statement.sql());
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            if (progress != null) {
                // Also after a failure downstream: the rows finished with before it count.
                try {
                    progress.flush();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
        }
    }

    private static void stream(StepContext ctx, StepConnection c, SqlTemplate.Statement statement,
            String counterField, Counter progress, Emitter out) throws Exception {
        try (PreparedStatement ps = c.connection().prepareStatement(statement.sql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(SqlSupport.FETCH_SIZE);
            SqlSupport.bind(ps, statement.params(), c.isPostgres());
            // Registered until the last row is read: fetching the next rows waits for the database too.
            try (StatementCancel cancel = StatementCancel.register(ctx, ps);
                    ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                String[] labels = SqlSupport.labels(md);
                if (progress != null && !Arrays.asList(labels).contains(counterField)) {
                    throw new IllegalStateException("The counterfield '" + counterField + "' is not a column of "
                            + "the query's result (columns: " + String.join(", ", labels) + ").");
                }
                while (rs.next()) {
                    Map<String, Object> row = SqlSupport.row(rs, md, labels);
                    DataRecord record = DataRecord.fromMap(row);
                    if (progress != null) {
                        Object value = row.get(counterField);
                        // Published before the record goes on, as tool_dataflows did: steps downstream see it.
                        ctx.output("config." + COUNTER, value);
                        out.emit(record);
                        progress.done(value);
                    } else {
                        out.emit(record);
                    }
                }
            }
        }
    }

    /** The counter of the last row finished with, written to the state store now and then. */
    private static final class Counter {
        private final StepContext ctx;
        private Object stored;
        private Object latest;
        private boolean pending;
        private int sinceWrite;
        private long lastWrite = System.nanoTime();

        Counter(StepContext ctx, Object start) {
            this.ctx = ctx;
            this.stored = start;
            this.latest = start;
        }

        void done(Object value) {
            latest = value;
            pending = true;
            if (++sinceWrite >= PERSIST_EVERY || System.nanoTime() - lastWrite >= PERSIST_NANOS) {
                flush();
            }
        }

        void flush() {
            if (pending && !java.util.Objects.equals(latest, stored)) {
                ctx.state().put(COUNTER, latest); // skipped in dry runs
                stored = latest;
            }
            pending = false;
            sinceWrite = 0;
            lastWrite = System.nanoTime();
        }
    }

    @Override
    public String toString() {
        return id();
    }
}

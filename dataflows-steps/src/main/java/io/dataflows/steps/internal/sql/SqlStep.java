package io.dataflows.steps.internal.sql;

import io.dataflows.DataRecord;
import io.dataflows.Effect;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.Evaluation;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code connector_sql} (once) and {@code flow_sql} (per record): runs one SQL statement.
 *
 * <p>A query ({@code SELECT}, {@code WITH} without writes, {@code VALUES}) publishes {@code count} (rows returned)
 * and {@code data} (the row when there is exactly one, else {@code {}}). Any other statement ({@code INSERT},
 * {@code UPDATE}, {@code DELETE}, DDL) runs in a transaction of its own per execution — committed when it succeeds,
 * rolled back when it fails — publishes {@code count} = 1 and {@code rows} = the rows it changed, and in a dry run
 * is skipped and reported. In a dry run a query still runs, but read-only and rolled back, like every SQL step's
 * transaction in a dry run ({@link StepConnection}): the statement's first keyword decides only what is reported as
 * a skipped write. Every {@code ${{ }}} is a bound parameter, {@code [[ ... ]]} fragments are optional as in
 * {@code reader_sql}, and {@code {table}} names get the table prefix. The flow form passes its record on unchanged
 * and uses one connection for the whole stream. A statement still running when the run is cancelled is cancelled
 * ({@link StatementCancel}).
 */
public abstract class SqlStep implements ConnectorStep, FlowStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("sql", FieldType.STRING).required().evaluation(Evaluation.LITERAL)
                    .describe("The statement. Each ${{ }} is bound as a parameter; {table} names get the table "
                            + "prefix."))
            .field(ConfigField.of("connection", FieldType.STRING)
                    .describe("The engine data source to use; default: the first one registered"))
            .build();

    private static final Map<String, String> OUTPUTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("count", "Rows returned by a query; 1 when another statement succeeded");
        m.put("data", "The row when a query returned exactly one row, else {}");
        m.put("rows", "Rows changed by INSERT, UPDATE or DELETE (0 in a dry run); rows returned by a query");
        OUTPUTS = Collections.unmodifiableMap(m);
    }

    private final StepKind kind;

    SqlStep(StepKind kind) {
        this.kind = kind;
    }

    @Override
    public final StepKind kind() {
        return kind;
    }

    /** The flow form passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public String displayName() {
        return "SQL";
    }

    @Override
    public String description() {
        return "Runs an SQL statement" + (kind == StepKind.CONNECTOR ? " once" : " for each record")
                + ": a query publishes count and data (the row when there is exactly one); INSERT, UPDATE and "
                + "DELETE run in a transaction and are skipped in dry runs. ${{ }} expressions are bound parameters.";
    }

    /**
     * The flow form can: each record's statement runs on the worker that has the record, with the data source of that
     * name in the worker's engine, and the steps after it in the same stage see its outputs as in a local run. (The
     * connector form runs where the run was started, so it is never distributed.)
     */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return kind == StepKind.FLOW ? Optional.empty() : FlowStep.super.distributionBlocker(config);
    }

    @Override
    public LinkLimits links() {
        // tool_dataflows: flow_sql has exactly one output flow, so it cannot end a stream.
        return LinkLimits.defaults(kind);
    }

    @Override
    public Map<String, String> outputs() {
        return OUTPUTS;
    }

    /**
     * True unless the statement's first keyword makes it a query; DOT draws the step accordingly. (tool_dataflows
     * reported no side effects even for writes.) Dry runs do not rely on this: see {@link StepConnection}.
     */
    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        Object sql = config.get("sql");
        if (!(sql instanceof String)) {
            return true;
        }
        try {
            return !SqlSupport.isQuery(SqlTemplate.parse((String) sql, "").leadingText());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    @Override
    public void validate(StepValidation validation) {
        validateSql(validation);
    }

    /** Reports an SQL text whose {@code ${{ }}} or {@code [[ ]]} parts are malformed. */
    static void validateSql(StepValidation validation) {
        Object sql = validation.config().get("sql");
        if (sql == null || (sql instanceof String && ((String) sql).isEmpty())) {
            return; // reported as missing
        }
        if (!(sql instanceof String)) {
            validation.problem("sql", "Config 'sql' is invalid. It must be text.");
            return;
        }
        try {
            for (String expression : SqlTemplate.parse((String) sql, "").expressions()) {
                validation.checkExpression("sql", expression);
            }
        } catch (IllegalArgumentException e) {
            validation.problem("sql", "Config 'sql' is invalid: " + e.getMessage() + ".");
        }
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        try (Session session = new Session(ctx)) {
            session.execute();
        }
        return Outcome.CONTINUE;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        Session session = new Session(ctx);
        return new RecordProcessor() {
            @Override
            public void process(DataRecord record, Emitter out) throws Exception {
                session.execute();
                out.emit(record);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    /** One step in one run: the compiled SQL and a connection opened on first use, used by the run's thread. */
    private static final class Session implements AutoCloseable {
        private final StepContext ctx;
        private final SqlTemplate.Compiled sql;
        private final Set<String> reported = new HashSet<>();
        private StepConnection connection;

        Session(StepContext ctx) {
            this.ctx = ctx;
            this.sql = SqlTemplate.parse((String) ctx.config().raw("sql"), ctx.tablePrefix()).compile(ctx);
        }

        private StepConnection connection() throws SQLException {
            if (connection == null) {
                connection = StepConnection.open(ctx);
            }
            return connection;
        }

        void execute() throws Exception {
            SqlTemplate.Statement statement = sql.render();
            if (SqlSupport.isQuery(statement.sql())) {
                query(statement);
            } else {
                update(statement);
            }
        }

        /** Runs a statement that looks like a query; in a dry run too, read-only and rolled back. */
        private void query(SqlTemplate.Statement statement) {
            long count = 0;
            Map<String, Object> first = null;
            try {
                StepConnection c = connection();
                try (PreparedStatement ps = c.connection().prepareStatement(statement.sql(),
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    ps.setFetchSize(SqlSupport.FETCH_SIZE);
                    SqlSupport.bind(ps, statement.params(), c.isPostgres());
                    try (StatementCancel cancel = StatementCancel.register(ctx, ps);
                            ResultSet rs = ps.executeQuery()) {
                        ResultSetMetaData md = rs.getMetaData();
                        String[] labels = SqlSupport.labels(md);
                        while (rs.next()) {
                            if (++count == 1) {
                                first = SqlSupport.row(rs, md, labels);
                            }
                        }
                    }
                    c.finish();
                } catch (SQLException | RuntimeException e) {
                    c.rollbackAfter(e);
                    throw e;
                }
            } catch (SQLException e) {
                throw SqlSupport.failure(e, statement.sql());
            }
            ctx.output("count", count);
            ctx.output("data", count == 1 ? first : Map.of());
            ctx.output("rows", count);
        }

        /** Runs any other statement; a dry run skips it and reports it, once per distinct statement. */
        private void update(SqlTemplate.Statement statement) throws Exception {
            long[] changed = {0};
            String description = "execute SQL: " + SqlSupport.abbreviate(statement.sql().strip()
                    .replaceAll("\\s+", " "), 200) + (statement.params().isEmpty() ? ""
                    : " (" + statement.params().size() + " parameter" + (statement.params().size() == 1 ? ")"
                    : "s)"));
            // A flow step runs per record: report each distinct statement of a dry run once.
            if (!ctx.isDryRun() || reported.add(statement.sql())) {
                String connection = ctx.isDryRun() ? ctx.config().optionalString("connection").orElse(null) : null;
                ctx.effects().perform(Effect.Kind.SQL, connection, description, () -> changed[0] = write(statement));
            }
            ctx.output("count", 1L);
            ctx.output("data", Map.of());
            ctx.output("rows", changed[0]);
        }

        private long write(SqlTemplate.Statement statement) {
            try {
                StepConnection c = connection();
                try (PreparedStatement ps = c.connection().prepareStatement(statement.sql())) {
                    SqlSupport.bind(ps, statement.params(), c.isPostgres());
                    long n;
                    try (StatementCancel cancel = StatementCancel.register(ctx, ps)) {
                        n = ps.executeLargeUpdate();
                    }
                    c.finish();
                    return Math.max(n, 0);
                } catch (SQLException | RuntimeException e) {
                    c.rollbackAfter(e);
                    throw e;
                }
            } catch (SQLException e) {
                throw SqlSupport.failure(e, statement.sql());
            }
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }

    /** {@code connector_sql}. */
    public static final class Connector extends SqlStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }

        @Override
        public String id() {
            return "connector_sql";
        }
    }

    /** {@code flow_sql}. */
    public static final class Flow extends SqlStep {
        public Flow() {
            super(StepKind.FLOW);
        }

        @Override
        public String id() {
            return "flow_sql";
        }
    }
}

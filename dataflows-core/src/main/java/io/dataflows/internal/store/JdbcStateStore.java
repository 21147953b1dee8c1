package io.dataflows.internal.store;

import io.dataflows.DataflowException;
import io.dataflows.internal.util.Json;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.ScheduleState;
import io.dataflows.spi.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps state in a relational database (H2 or PostgreSQL; other databases with standard SQL may work), so that
 * processes on one or several machines share persisted variables, step state, run history and the run lock.
 *
 * <p><b>Schema.</b> The store creates and migrates its tables ({@code dataflows_*}) itself on first use; the applied
 * versions are recorded in {@code dataflows_schema_version}. Migrations are serialised between connections, threads
 * and processes by a row lock in {@code dataflows_schema_lock}; see {@link SchemaMigrator}. A database whose schema is
 * newer than this library is refused rather than damaged.
 *
 * <p><b>Run lock.</b> One row per dataflow in {@code dataflows_locks}. A run takes the lock by locking that row
 * ({@code SELECT ... FOR UPDATE NOWAIT}) in a transaction held open on a connection of its own until the run ends;
 * another run, in this or another process, finds the row locked and is blocked. When a process dies, the database
 * ends its session and the row lock with it, so a crashed run never holds the lock for ever. (If the connection is
 * lost while the run goes on, the lock is lost with it.)
 *
 * <p><b>Dead runs.</b> Each run records its owner (host, process id, process start) in {@code owner_host},
 * {@code owner_pid} and {@code owner_started}; {@link #abortDeadRuns} reads the runs still {@code processing} (the
 * {@code status} index makes that cheap) with their owners and marks those judged dead as aborted.
 *
 * <p><b>Event queue.</b> {@code dataflows_events} holds the queued events, one row each, with the run that claimed
 * it in {@code claimed_by}. A claim is one transaction: the claimable rows (unclaimed, or claimed by a run whose
 * row in {@code dataflows_runs} is no longer {@code processing}) are selected oldest first and locked with
 * {@code FOR UPDATE SKIP LOCKED}, so that concurrent claimers, in any process, pass over each other's rows instead
 * of waiting for them, and each row is then updated only if its claim is still the one read. Both H2 and
 * PostgreSQL support {@code SKIP LOCKED}. Settling deletes a run's rows or clears their claim.
 *
 * <p><b>Schedules</b> are one row per dataflow in {@code dataflows_schedules}.
 *
 * <p>Every method borrows a connection from the data source and returns it; each write is one statement or one
 * transaction. Thread-safe.
 */
public final class JdbcStateStore implements StateStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcStateStore.class);

    /** SQLState of a unique key violation (H2 and PostgreSQL). */
    private static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL: lock_not_available (NOWAIT). */
    private static final String PG_LOCK_NOT_AVAILABLE = "55P03";
    /** H2: LOCK_TIMEOUT_1 ("Timeout trying to lock table"). */
    private static final int H2_LOCK_TIMEOUT = 50200;

    private final DataSource dataSource;
    private volatile SchemaMigrator.Dialect dialect;

    public JdbcStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Serialises the migrations of all stores of this JVM, so that they do not wait on each other's lock row. */
    private static final Object MIGRATION_LOCK = new Object();

    // ---- schema ------------------------------------------------------------------------------------------------

    /** Creates or migrates the tables once per store; safe to call from several threads and processes. */
    void ensureSchema() {
        if (dialect != null) {
            return;
        }
        synchronized (MIGRATION_LOCK) {
            if (dialect == null) {
                dialect = SchemaMigrator.migrate(dataSource);
            }
        }
    }

    /** The schema version of the database (creating the tables first if needed). */
    public int schemaVersion() {
        ensureSchema();
        try (Connection c = dataSource.getConnection()) {
            return SchemaMigrator.currentVersion(c);
        } catch (SQLException e) {
            throw failure("read the schema version", e);
        }
    }

    // ---- variables and step state --------------------------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> loadVariables(String dataflow) {
        ensureSchema();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT vars_json FROM dataflows_variables WHERE dataflow = ?")) {
            ps.setString(1, dataflow);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Object v = Json.read(rs.getString(1));
                    if (v instanceof Map) {
                        return (Map<String, Object>) v;
                    }
                }
                return new LinkedHashMap<>();
            }
        } catch (SQLException e) {
            throw failure("load the variables of dataflow '" + dataflow + "'", e);
        }
    }

    @Override
    public void saveVariables(String dataflow, Map<String, Object> variables) {
        ensureSchema();
        String json = Json.write(variables);
        try (Connection c = dataSource.getConnection()) {
            upsert(c, "UPDATE dataflows_variables SET vars_json = ?, updated_at = ? WHERE dataflow = ?",
                    "INSERT INTO dataflows_variables (vars_json, updated_at, dataflow) VALUES (?, ?, ?)",
                    json, now(), dataflow);
        } catch (SQLException e) {
            throw failure("save the variables of dataflow '" + dataflow + "'", e);
        }
    }

    @Override
    public Optional<Object> stepState(String dataflow, String step, String key) {
        ensureSchema();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT value_json FROM dataflows_step_state "
                     + "WHERE dataflow = ? AND step = ? AND state_key = ?")) {
            ps.setString(1, dataflow);
            ps.setString(2, step);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String json = rs.getString(1);
                    return json == null ? Optional.empty() : Optional.ofNullable(Json.read(json));
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read the state of step '" + step + "' of dataflow '" + dataflow + "'", e);
        }
    }

    @Override
    public void putStepState(String dataflow, String step, String key, Object value) {
        ensureSchema();
        String json = Json.write(value);
        try (Connection c = dataSource.getConnection()) {
            upsert(c, "UPDATE dataflows_step_state SET value_json = ?, updated_at = ? "
                            + "WHERE dataflow = ? AND step = ? AND state_key = ?",
                    "INSERT INTO dataflows_step_state (value_json, updated_at, dataflow, step, state_key) "
                            + "VALUES (?, ?, ?, ?, ?)",
                    json, now(), dataflow, step, key);
        } catch (SQLException e) {
            throw failure("save the state of step '" + step + "' of dataflow '" + dataflow + "'", e);
        }
    }

    /**
     * Updates the row, or inserts it when there is none; a concurrent insert of the same key makes the insert fail,
     * and then the update is retried. Both statements take the same parameters in the same order.
     */
    private static void upsert(Connection c, String update, String insert, Object... params) throws SQLException {
        c.setAutoCommit(true);
        for (int attempt = 0; ; attempt++) {
            if (execute(c, update, params) > 0) {
                return;
            }
            try {
                execute(c, insert, params);
                return;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private static int execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    // ---- runs --------------------------------------------------------------------------------------------------

    @Override
    public RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner) {
        return startRun(dataflow, dryRun, startedAt, startState, owner, null);
    }

    @Override
    public RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner, String trigger) {
        ensureSchema();
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            // The number is the next free one; two concurrent runs may pick the same, and the unique key makes
            // the second one try the next.
            for (int attempt = 0; ; attempt++) {
                long number;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT COALESCE(MAX(run_number), 0) + 1 FROM dataflows_runs WHERE dataflow = ?")) {
                    ps.setString(1, dataflow);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        number = rs.getLong(1);
                    }
                }
                try {
                    execute(c, "INSERT INTO dataflows_runs (id, dataflow, run_number, dry_run, status, started_at, "
                                    + "start_state, owner_host, owner_pid, owner_started, trigger_type) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            id, dataflow, number, dryRun, "processing", timestamp(startedAt), startState,
                            owner == null ? null : owner.host(), owner == null ? null : owner.pid(),
                            owner == null ? null : timestamp(owner.processStart()), trigger);
                    return new RunRecord(id, dataflow, String.valueOf(number), dryRun, "processing", startedAt,
                            null, startState, null, null, owner, trigger);
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt >= 20) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            // The connection may have broken after the row was committed but before we heard so (a database served
            // by another process that just ended): a caller that tries again would then record the run twice, the
            // first one left 'processing' for ever. Look for the row on a new connection before failing.
            RunRecord landed = findStarted(id);
            if (landed != null) {
                return landed;
            }
            throw failure("record the start of a run of dataflow '" + dataflow + "'", e);
        }
    }

    /** The run {@code id} if its start was recorded, else null (also when that cannot be found out now). */
    private RunRecord findStarted(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(RUN_COLUMNS + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? runRecord(rs) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error) {
        finishRun(run, status, finishedAt, endState, error, null);
    }

    @Override
    public void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error,
            String summary) {
        ensureSchema();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            execute(c, "UPDATE dataflows_runs SET status = ?, finished_at = ?, end_state = ?, error = ?, "
                    + "summary_json = ? WHERE id = ?", status, timestamp(finishedAt), endState, error, summary,
                    run.id());
        } catch (SQLException e) {
            throw failure("record the end of run " + run.name() + " of dataflow '" + run.dataflow() + "'", e);
        }
    }

    @Override
    public List<RunRecord> runs(String dataflow) {
        ensureSchema();
        List<RunRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(RUN_COLUMNS + " WHERE dataflow = ? ORDER BY run_number")) {
            ps.setString(1, dataflow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(runRecord(rs));
                }
            }
        } catch (SQLException e) {
            throw failure("read the runs of dataflow '" + dataflow + "'", e);
        }
        return out;
    }

    /** The columns of a run without its states, read by {@link #run}. */
    private static final String RUN_LISTING = "SELECT id, dataflow, run_number, dry_run, status, started_at, "
            + "finished_at, error, owner_host, owner_pid, owner_started, trigger_type, summary_json";

    /** The query of whole run records, read by {@link #runRecord}. */
    private static final String RUN_COLUMNS = RUN_LISTING + ", start_state, end_state FROM dataflows_runs";

    /** A run from the columns of {@link #RUN_COLUMNS}. */
    private static RunRecord runRecord(ResultSet rs) throws SQLException {
        return run(rs, rs.getString(14), rs.getString(15));
    }

    /** A run from the columns of {@link #RUN_LISTING}, with the states given. */
    private static RunRecord run(ResultSet rs, String startState, String endState) throws SQLException {
        String host = rs.getString(9);
        long pid = rs.getLong(10);
        RunOwner owner = host == null || rs.wasNull() ? null
                : new RunOwner(host, pid, instant(rs.getObject(11, OffsetDateTime.class)));
        return new RunRecord(rs.getString(1), rs.getString(2), String.valueOf(rs.getLong(3)), rs.getBoolean(4),
                rs.getString(5), instant(rs.getObject(6, OffsetDateTime.class)),
                instant(rs.getObject(7, OffsetDateTime.class)), startState, endState, rs.getString(8), owner,
                rs.getString(12), rs.getString(13));
    }

    @Override
    public List<RunRecord> recentRuns(String dataflow, int limit) {
        Limits.check(limit);
        ensureSchema();
        List<RunRecord> out = new ArrayList<>();
        // The states are left out: they are large, and a listing does not show them.
        String sql = RUN_LISTING + " FROM dataflows_runs" + (dataflow == null ? "" : " WHERE dataflow = ?")
                + " ORDER BY started_at DESC, run_number DESC, dataflow LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (dataflow != null) {
                ps.setString(i++, dataflow);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(run(rs, null, null));
                }
            }
        } catch (SQLException e) {
            throw failure("read the latest runs" + (dataflow == null ? "" : " of dataflow '" + dataflow + "'"), e);
        }
        return out;
    }

    @Override
    public List<RunRecord> abortDeadRuns(Predicate<RunRecord> dead, Instant at) {
        ensureSchema();
        List<RunRecord> aborted = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            List<RunRecord> processing = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(RUN_LISTING + " FROM dataflows_runs "
                    + "WHERE status = 'processing'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    processing.add(run(rs, null, null));
                }
            }
            for (RunRecord r : processing) {
                // Only a run still processing: one that ended meanwhile keeps its own end.
                if (dead.test(r) && execute(c, "UPDATE dataflows_runs SET status = 'aborted', finished_at = ?, "
                        + "error = ? WHERE id = ? AND status = 'processing'", timestamp(at),
                        RunRecord.PROCESS_DIED, r.id()) > 0) {
                    aborted.add(r.finished("aborted", at, null, RunRecord.PROCESS_DIED));
                }
            }
        } catch (SQLException e) {
            throw failure("mark the runs of dead processes aborted", e);
        }
        return aborted;
    }

    // ---- event queue -------------------------------------------------------------------------------------------

    @Override
    public long enqueueEvent(String dataflow, String eventName, String dataJson, Instant publishedAt) {
        ensureSchema();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO dataflows_events "
                     + "(dataflow, event_name, data_json, published_at) VALUES (?, ?, ?, ?)", new String[] {"id"})) {
            c.setAutoCommit(true);
            ps.setString(1, dataflow);
            ps.setString(2, eventName);
            ps.setString(3, dataJson);
            ps.setObject(4, timestamp(publishedAt));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the event");
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("queue event '" + eventName + "' for dataflow '" + dataflow + "'", e);
        }
    }

    /** The columns of an event, read by {@link #event}. */
    private static final String EVENT_COLUMNS = "SELECT e.id, e.dataflow, e.event_name, e.data_json, "
            + "e.published_at, e.claimed_by FROM dataflows_events e";

    private static QueuedEvent event(ResultSet rs) throws SQLException {
        return new QueuedEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs.getObject(5, OffsetDateTime.class)), rs.getString(6));
    }

    /**
     * Claims in one transaction: the claimable rows are selected and locked with {@code FOR UPDATE SKIP LOCKED}
     * (rows another claimer holds are passed over, not waited for), then each is updated only if its claim is
     * still the one read, so that a row whose claim changed between the read and the lock is never taken twice.
     */
    @Override
    public List<QueuedEvent> claimEvents(String dataflow, String runId, int limit) {
        Limits.check(limit);
        ensureSchema();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<QueuedEvent> candidates = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(EVENT_COLUMNS + " WHERE e.dataflow = ? AND "
                        + "(e.claimed_by IS NULL OR EXISTS (SELECT 1 FROM dataflows_runs r "
                        + "WHERE r.id = e.claimed_by AND r.status <> 'processing')) "
                        + "ORDER BY e.id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                    ps.setString(1, dataflow);
                    ps.setInt(2, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            candidates.add(event(rs));
                        }
                    }
                }
                List<QueuedEvent> claimed = new ArrayList<>(candidates.size());
                if (!candidates.isEmpty()) {
                    try (PreparedStatement unclaimed = c.prepareStatement("UPDATE dataflows_events SET claimed_by = ? "
                            + "WHERE id = ? AND claimed_by IS NULL");
                         PreparedStatement taken = c.prepareStatement("UPDATE dataflows_events SET claimed_by = ? "
                                 + "WHERE id = ? AND claimed_by = ?")) {
                        for (QueuedEvent e : candidates) {
                            PreparedStatement ps = e.claimedBy() == null ? unclaimed : taken;
                            ps.setString(1, runId);
                            ps.setLong(2, e.id());
                            if (e.claimedBy() != null) {
                                ps.setString(3, e.claimedBy());
                            }
                            if (ps.executeUpdate() == 1) {
                                claimed.add(new QueuedEvent(e.id(), e.dataflow(), e.eventName(), e.dataJson(),
                                        e.publishedAt(), runId));
                            }
                        }
                    }
                }
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("claim the queued events of dataflow '" + dataflow + "'", e);
        }
    }

    @Override
    public List<QueuedEvent> queuedEvents(String dataflow, long afterId, int limit) {
        Limits.check(limit);
        ensureSchema();
        List<QueuedEvent> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(EVENT_COLUMNS
                     + " WHERE e.dataflow = ? AND e.id > ? ORDER BY e.id LIMIT ?")) {
            ps.setString(1, dataflow);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(event(rs));
                }
            }
        } catch (SQLException e) {
            throw failure("read the queued events of dataflow '" + dataflow + "'", e);
        }
        return out;
    }

    @Override
    public int settleEvents(String runId, boolean consumed) {
        ensureSchema();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return execute(c, consumed ? "DELETE FROM dataflows_events WHERE claimed_by = ?"
                    : "UPDATE dataflows_events SET claimed_by = NULL WHERE claimed_by = ?", runId);
        } catch (SQLException e) {
            throw failure((consumed ? "delete" : "release") + " the events claimed by run " + runId, e);
        }
    }

    @Override
    public int clearEvents(String dataflow) {
        ensureSchema();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return execute(c, "DELETE FROM dataflows_events WHERE dataflow = ?", dataflow);
        } catch (SQLException e) {
            throw failure("delete the queued events of dataflow '" + dataflow + "'", e);
        }
    }

    // ---- schedules ---------------------------------------------------------------------------------------------

    @Override
    public Optional<ScheduleState> schedule(String dataflow) {
        ensureSchema();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT last_run_at, next_run_at, retry_number "
                     + "FROM dataflows_schedules WHERE dataflow = ?")) {
            ps.setString(1, dataflow);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ScheduleState(instant(rs.getObject(1, OffsetDateTime.class)),
                        instant(rs.getObject(2, OffsetDateTime.class)), rs.getInt(3)));
            }
        } catch (SQLException e) {
            throw failure("read the schedule of dataflow '" + dataflow + "'", e);
        }
    }

    @Override
    public void saveSchedule(String dataflow, ScheduleState state) {
        Objects.requireNonNull(state, "state");
        ensureSchema();
        try (Connection c = dataSource.getConnection()) {
            upsert(c, "UPDATE dataflows_schedules SET last_run_at = ?, next_run_at = ?, retry_number = ?, "
                            + "updated_at = ? WHERE dataflow = ?",
                    "INSERT INTO dataflows_schedules (last_run_at, next_run_at, retry_number, updated_at, dataflow) "
                            + "VALUES (?, ?, ?, ?, ?)",
                    timestamp(state.lastRunAt()), timestamp(state.nextRunAt()), state.retryNumber(), now(), dataflow);
        } catch (SQLException e) {
            throw failure("save the schedule of dataflow '" + dataflow + "'", e);
        }
    }

    /** One conditional UPDATE: the database lets exactly one of concurrent callers change the row. */
    @Override
    public boolean advanceSchedule(String dataflow, Instant due, ScheduleState next) {
        Objects.requireNonNull(next, "next");
        ensureSchema();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Instant from = due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            return execute(c, "UPDATE dataflows_schedules SET last_run_at = ?, next_run_at = ?, retry_number = ?, "
                            + "updated_at = ? WHERE dataflow = ? AND next_run_at >= ? AND next_run_at < ?",
                    timestamp(next.lastRunAt()), timestamp(next.nextRunAt()), next.retryNumber(), now(), dataflow,
                    timestamp(from), timestamp(from.plusMillis(1))) == 1;
        } catch (SQLException e) {
            throw failure("advance the schedule of dataflow '" + dataflow + "'", e);
        }
    }

    @Override
    public void deleteSchedule(String dataflow) {
        ensureSchema();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            execute(c, "DELETE FROM dataflows_schedules WHERE dataflow = ?", dataflow);
        } catch (SQLException e) {
            throw failure("delete the schedule of dataflow '" + dataflow + "'", e);
        }
    }

    // ---- lock --------------------------------------------------------------------------------------------------

    @Override
    public Optional<Lock> tryLock(String dataflow) {
        ensureSchema();
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            try {
                execute(c, "INSERT INTO dataflows_locks (dataflow, created_at) VALUES (?, ?)", dataflow, now());
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT dataflow FROM dataflows_locks WHERE dataflow = ? FOR UPDATE NOWAIT")) {
                ps.setString(1, dataflow);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("the lock row of dataflow '" + dataflow + "' vanished");
                    }
                }
            } catch (SQLException e) {
                if (isLockNotAvailable(e)) {
                    release(c);
                    return Optional.empty();
                }
                throw e;
            }
            return Optional.of(new RowLock(c, dataflow));
        } catch (SQLException e) {
            if (c != null) {
                release(c);
            }
            throw failure("take the run lock of dataflow '" + dataflow + "'", e);
        }
    }

    private static boolean isLockNotAvailable(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (PG_LOCK_NOT_AVAILABLE.equals(x.getSQLState()) || x.getErrorCode() == H2_LOCK_TIMEOUT) {
                return true;
            }
        }
        return false;
    }

    private static void release(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.debug("Rolling back the lock transaction failed", e);
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("Closing the lock connection failed", e);
        }
    }

    /** A run lock: an open transaction holding the dataflow's lock row. */
    private static final class RowLock implements Lock {
        private final Connection connection;
        private final String dataflow;
        private boolean released;

        RowLock(Connection connection, String dataflow) {
            this.connection = connection;
            this.dataflow = dataflow;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                release(connection);
            }
        }

        @Override
        public String toString() {
            return "RowLock[" + dataflow + (released ? ", released" : "") + "]";
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static OffsetDateTime timestamp(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static DataflowException failure(String what, SQLException e) {
        return new DataflowException("State store: cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "JdbcStateStore[" + (dialect == null ? "not yet connected" : dialect.name().toLowerCase(Locale.ROOT))
                + "]";
    }
}

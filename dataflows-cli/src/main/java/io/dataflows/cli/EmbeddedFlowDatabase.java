package io.dataflows.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The embedded database of the flows' own data, {@code <state-dir>/dataflows-data.mv.db}: what SQL steps use by
 * default when the command has neither {@code --db} nor {@code --data-db}. It is a file of its own, so nothing a flow
 * runs can reach the state database (run history, persisted variables, locks), and flows connect as users without
 * administrator rights, for which H2 refuses everything that reaches outside the database: Java functions
 * ({@code CREATE ALIAS}), files ({@code FILE_READ}, {@code FILE_WRITE}, {@code CSVREAD}, {@code CSVWRITE},
 * {@code RUNSCRIPT}, {@code SCRIPT TO}, {@code BACKUP}), other databases ({@code LINK_SCHEMA}, linked tables),
 * triggers, users and database settings.
 *
 * <p><b>Users.</b> The administrator ({@code sa}, as in the state database) only creates the others, when the file
 * is new or when their set-up has been damaged; no flow statement runs as it.
 * <ul>
 *   <li>{@value #WRITER} owns the schema {@value #SCHEMA}, the connections' current schema: in it flows create,
 *       alter and drop their tables, views, indexes and sequences and read and change their rows. It cannot create
 *       schemas, nor objects in any other schema.</li>
 *   <li>{@value #READER} may only read that schema; dry runs connect as it, so that nothing a dry run executes can
 *       write — H2 treats a read-only connection as a hint only, commits DDL by itself, and runs every statement of
 *       a text with several.</li>
 * </ul>
 * A flow can change its own user's password or drop its own schema (H2 allows owners that); either only makes the
 * next connection fail, after which the administrator restores the set-up, so a flow cannot lock others out.
 *
 * <p>It is opened in H2's mixed mode like the state database ({@code AUTO_SERVER}), so several processes use it at
 * once, and with the same PostgreSQL-compatible settings ({@link Database#H2_OPTIONS}).
 */
final class EmbeddedFlowDatabase {

    /** The database's name in the state directory (its file is {@code dataflows-data.mv.db}). */
    static final String NAME = "dataflows-data";
    /** The schema of the flows' data, owned by {@value #WRITER}. */
    static final String SCHEMA = "flows";
    /** The user of SQL steps. */
    static final String WRITER = "flows";
    /** The user of SQL steps in dry runs: reads {@value #SCHEMA}, nothing else. */
    static final String READER = "flows_reader";

    private static final String ADMIN = "sa";

    /** H2: the database does not exist (opened with {@code IFEXISTS=TRUE}). */
    private static final int DATABASE_NOT_FOUND = 90146;
    /** H2: wrong user name or password. */
    private static final int WRONG_USER_OR_PASSWORD = 28000;
    /** H2: the schema does not exist. */
    private static final int SCHEMA_NOT_FOUND = 90079;

    private EmbeddedFlowDatabase() {}

    /** The database's URL as its administrator opens it (creating the file when there is none). */
    static String adminUrl(Path stateDir) {
        return "jdbc:h2:file:" + stateDir.toAbsolutePath().normalize().resolve(NAME) + Database.H2_OPTIONS
                + ";AUTO_SERVER=TRUE";
    }

    /**
     * The URL flows connect with: the database must exist (a user connecting to a new H2 database would become its
     * administrator), and the current schema is {@value #SCHEMA}.
     */
    static String url(Path stateDir) {
        return adminUrl(stateDir) + ";IFEXISTS=TRUE;SCHEMA=" + SCHEMA;
    }

    /** A connector for the flows' user: {@value #READER} in dry runs, else {@value #WRITER}. */
    static JdbcConnector connector(Path stateDir, boolean dryRun) throws SQLException {
        return new JdbcConnector(url(stateDir), dryRun ? READER : WRITER, "", PasswordMask.of(null));
    }

    /** True when {@code e} (or its cause) says the set-up is missing or damaged, which {@link #setUp} repairs. */
    static boolean needsSetUp(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                int code = ((SQLException) t).getErrorCode();
                if (code == DATABASE_NOT_FOUND || code == WRONG_USER_OR_PASSWORD || code == SCHEMA_NOT_FOUND) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Creates the database, its users and schema, as its administrator, or repairs them; idempotent, and safe
     * when several processes do it at once. Returns the administrator's connection, open, so that the database
     * stays open until the flows' pool has its first connection (the caller closes it).
     */
    static Connection setUp(Path stateDir) throws SQLException {
        JdbcConnector admin = new JdbcConnector(adminUrl(stateDir), ADMIN, "", PasswordMask.of(null));
        List<String> statements = List.of(
                "CREATE USER IF NOT EXISTS " + WRITER + " PASSWORD ''",
                "ALTER USER " + WRITER + " SET PASSWORD ''",
                "CREATE USER IF NOT EXISTS " + READER + " PASSWORD ''",
                "ALTER USER " + READER + " SET PASSWORD ''",
                "CREATE SCHEMA IF NOT EXISTS " + SCHEMA + " AUTHORIZATION " + WRITER,
                "GRANT SELECT ON SCHEMA " + SCHEMA + " TO " + READER,
                // Persistent, like the state database's setting: a flow's committed rows survive kill -9.
                "SET WRITE_DELAY 0");
        Connection c = admin.getConnection();
        try {
            for (int attempt = 1; ; attempt++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements) {
                        s.execute(sql);
                    }
                    return c;
                } catch (SQLException e) {
                    // Another process setting up at the same moment can make H2's DDL collide; the statements are
                    // idempotent, so doing them again finishes the job.
                    if (attempt >= 5) {
                        throw admin.masked(e);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}

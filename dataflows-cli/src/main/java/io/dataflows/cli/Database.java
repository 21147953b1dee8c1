package io.dataflows.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dataflows.StateStores;
import io.dataflows.internal.store.JdbcStateStore;
import io.dataflows.spi.StateStore;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The command's state database: persisted variables, step state, run history and run locks. By default an embedded
 * H2 file database {@code <state-dir>/dataflows.mv.db} in PostgreSQL mode, opened as its administrator in H2's mixed
 * mode so that other {@code dataflows} processes use the same database (and so contend for the same run locks);
 * with {@code --db} any JDBC URL (PostgreSQL for machines that share state), the user and password coming from
 * {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}. Connections are pooled (HikariCP).
 *
 * <p>SQL steps never see the embedded state database: their default connection is a database of its own
 * ({@link FlowDatabase}). Only with {@code --db} and no {@code --data-db} do they share this one, as the same role.
 *
 * <p>The password never appears in what the command prints: the pool gets a {@link JdbcConnector} rather than the
 * URL and password, URLs are shown with their passwords masked, and any message that would contain the password
 * has it replaced by {@code *****}.
 */
final class Database implements AutoCloseable {

    static final String USER_VARIABLE = "DATAFLOWS_DB_USER";
    static final String PASSWORD_VARIABLE = "DATAFLOWS_DB_PASSWORD";

    /**
     * H2 settings that make the embedded default behave like the PostgreSQL flows from tool_dataflows were written
     * for: PostgreSQL syntax, unquoted names in lower case (so records have lower-case column names), NULLs sorted
     * last, and common column names that H2 reserves but PostgreSQL does not ({@code value}, {@code key}, the date
     * fields) usable as names.
     */
    /**
     * Commits reach the database file when they are made, not up to half a second later (H2's default write delay):
     * a process killed with {@code kill -9} right after a commit must not lose the run it recorded, a persisted
     * variable or a reader's counter. The state database sees a handful of commits per run, so this costs nothing
     * measurable.
     */
    static final String DURABLE_COMMITS = ";WRITE_DELAY=0";

    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY,HOUR,MINUTE,SECOND";

    /** The file of the embedded database in the state directory. */
    static final String H2_FILE = "dataflows.mv.db";

    private final HikariDataSource pool;
    private final JdbcConnector connector;
    private final Path lockDirectory;
    private volatile StateStore stateStore;
    private volatile StateStore jdbcStore;

    private Database(HikariDataSource pool, JdbcConnector connector, Path lockDirectory) {
        this.pool = pool;
        this.connector = connector;
        this.lockDirectory = lockDirectory;
    }

    /** The JDBC URL of the embedded database under {@code stateDir}. */
    static String h2Url(Path stateDir) {
        return "jdbc:h2:file:" + stateDir.toAbsolutePath().normalize().resolve("dataflows") + H2_OPTIONS
                + DURABLE_COMMITS + ";AUTO_SERVER=TRUE";
    }

    /**
     * Opens the database: {@code url} when given, else the embedded one under {@code stateDir}.
     *
     * @throws CliSupport.Exit exit 64 when {@code url} is not a JDBC URL of a driver this command has, or the state
     *     directory cannot be created; exit 1 when the database cannot be opened; messages free of the password
     */
    static Database open(Path stateDir, String url, Map<String, String> env) {
        JdbcConnector connector;
        if (url == null) {
            createStateDirectory(stateDir);
            connector = connector("--state-dir", h2Url(stateDir), "sa", "", PasswordMask.of(null));
        } else {
            String user = env.get(USER_VARIABLE);
            String password = env.get(PASSWORD_VARIABLE);
            connector = connector("--db", url, user == null || user.isEmpty() ? null : user,
                    password == null || password.isEmpty() ? null : password, PasswordMask.of(url, password));
        }
        HikariDataSource pool;
        try {
            pool = pool(connector, "dataflows");
        } catch (RuntimeException e) {
            throw new CliSupport.Exit(ExitCodes.ABORTED, openFailure(connector, e) + "; nothing ran.");
        }
        return new Database(pool, connector, url == null ? stateDir : null);
    }

    /**
     * Creates the state directory, or exits 64 with one line saying why it cannot be. A new one is accessible to its
     * owner only (where the file system has POSIX permissions): besides the databases it holds H2's lock files,
     * which name the port and key of the processes' database server, and the embedded databases' administrator has
     * no password, so whoever may read the directory may use the databases.
     */
    static void createStateDirectory(Path stateDir) {
        try {
            if (!Files.isDirectory(stateDir)) {
                Path parent = stateDir.toAbsolutePath().normalize().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    if (stateDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                        Files.createDirectory(stateDir, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------")));
                    } else {
                        Files.createDirectory(stateDir);
                    }
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(stateDir)) {
                        throw e;
                    }
                    // another process created it at the same moment
                }
            }
        } catch (IOException e) {
            throw new CliSupport.Exit(ExitCodes.USAGE, "Invalid value for --state-dir: '" + stateDir
                    + "' (cannot create the directory: " + reason(stateDir, e) + ")");
        }
    }

    private static String reason(Path stateDir, IOException e) {
        // The usual cause: the path or one of its parents is a file.
        for (Path p = stateDir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    return "'" + p + "' exists and is not a directory";
                }
                break;
            }
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied for '" + denied.getFile() + "'";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return (fse.getFile() != null ? "'" + fse.getFile() + "': " : "") + fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * Checks the value of a database option: a JDBC URL for which this command has a driver.
     *
     * @throws CliSupport.Exit exit 64 otherwise, the value shown with its passwords masked
     */
    static void checkUrl(String option, String url) {
        PasswordMask mask = PasswordMask.of(url);
        if (!url.startsWith("jdbc:")) {
            throw new CliSupport.Exit(ExitCodes.USAGE, "Invalid value for " + option + ": '" + mask.mask(url)
                    + "' (expected a JDBC URL such as jdbc:postgresql://host/database)");
        }
        try {
            JdbcConnector.driver(url, mask);
        } catch (SQLException e) {
            throw new CliSupport.Exit(ExitCodes.USAGE, "Invalid value for " + option + ": " + e.getMessage());
        }
    }

    private static JdbcConnector connector(String option, String url, String user, String password,
            PasswordMask mask) {
        if (!"--state-dir".equals(option)) {
            checkUrl(option, url);
        }
        try {
            return new JdbcConnector(url, user, password, mask);
        } catch (SQLException e) {
            throw new CliSupport.Exit(ExitCodes.USAGE, "Invalid value for " + option + ": " + e.getMessage());
        }
    }

    /**
     * A pool of connections from {@code connector}, with one connection opened now.
     *
     * @throws RuntimeException (HikariCP's, the connector's {@link SQLException} as its cause) when the database
     *     cannot be opened
     */
    static HikariDataSource pool(JdbcConnector connector, String name) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(connector); // the pool never sees the URL or the password
        config.setPoolName(name);
        config.setMaximumPoolSize(20); // opened on demand: the lock, the store, and one per SQL step of a stream
        // One connection stays open: with none, HikariCP closes the connection of its start-up check at once, and
        // an embedded H2 database closes with its last connection (compacting its file) only to be opened again by
        // the first statement — twice the start-up cost.
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1); // one attempt: a database that is not there fails the command now
        if (!connector.isSharedEmbedded()) {
            return new HikariDataSource(config);
        }
        // A connection to an embedded database served by another process breaks when that process ends, and H2's
        // own reconnection does not survive the races of a hand-over. So such a pool checks each connection as it
        // lends it, not only after half a second unused: a broken one is replaced through the connector, which
        // retries, instead of failing the statement the caller runs next.
        synchronized (POOL_CREATION) {
            String before = System.getProperty(ALIVE_BYPASS_WINDOW);
            System.setProperty(ALIVE_BYPASS_WINDOW, "0");
            try {
                return new HikariDataSource(config);
            } finally {
                if (before == null) {
                    System.clearProperty(ALIVE_BYPASS_WINDOW);
                } else {
                    System.setProperty(ALIVE_BYPASS_WINDOW, before);
                }
            }
        }
    }

    /** HikariCP's setting (read when a pool is made) of how long after its last use a connection is lent unchecked. */
    private static final String ALIVE_BYPASS_WINDOW = "com.zaxxer.hikari.aliveBypassWindowMs";
    private static final Object POOL_CREATION = new Object();

    /** "Cannot open the database URL: reason", masked, for a failure of the pool or the connector. */
    static String openFailure(JdbcConnector connector, Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "Cannot open the database " + connector.shownUrl() + ": "
                + connector.mask().mask(String.valueOf(cause.getMessage()));
    }

    DataSource dataSource() {
        return pool;
    }

    /**
     * The state store in this database (one per database, created on first use). The embedded one takes each run
     * lock in the state directory too and survives hand-overs between processes ({@link EmbeddedStateStore}).
     */
    StateStore stateStore() {
        StateStore s = stateStore;
        if (s == null) {
            synchronized (this) {
                s = stateStore;
                if (s == null) {
                    StateStore store = StateStores.jdbc(pool);
                    jdbcStore = store;
                    s = lockDirectory == null ? store : new EmbeddedStateStore(store, lockDirectory);
                    stateStore = s;
                }
            }
        }
        return s;
    }

    /**
     * Checks the state tables now (creating or migrating them when needed), so that a run started later does not
     * wait for it. Used while the flow is still being read, on the embedded database only.
     */
    void prepareStateStore() {
        stateStore();
        if (jdbcStore instanceof JdbcStateStore store) {
            store.schemaVersion();
        }
    }

    /** The URL as it may be shown (passwords masked). */
    String url() {
        return connector.shownUrl();
    }

    /** {@code text} with the passwords of this database masked. */
    String mask(String text) {
        return connector.mask().mask(text);
    }

    /**
     * Closes the pool. A process that serves the embedded database to other processes first waits up to
     * {@link #OTHERS_WAIT} for them to leave it, so that none has to take the database over ({@link EmbeddedHost}).
     */
    @Override
    public void close() {
        if (connector.isSharedEmbedded()) {
            EmbeddedHost.awaitOthers(pool, OTHERS_WAIT, connector.shownUrl());
        }
        pool.close();
    }

    /** How long a process serving the embedded database waits at its end for the processes it serves. */
    static final java.time.Duration OTHERS_WAIT = java.time.Duration.ofSeconds(10);

    @Override
    public String toString() {
        return "Database[" + url() + "]";
    }
}

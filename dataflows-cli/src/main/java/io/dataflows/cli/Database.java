package io.dataflows.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The command's database: the state store and the default connection of SQL steps. By default an embedded H2 file
 * database {@code <state-dir>/dataflows.mv.db} in PostgreSQL mode, opened in H2's mixed mode so that a second
 * {@code dataflows} process uses the same database (and so contends for the same run locks); with {@code --db} any
 * JDBC URL (PostgreSQL for machines that share state), the user and password coming from
 * {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}. Connections are pooled (HikariCP).
 *
 * <p>The password never appears in what the command prints: URLs are shown with {@code password=} values
 * masked, and any message that would contain the password has it replaced by {@code *****}.
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
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY,HOUR,MINUTE,SECOND";

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final String MASK = "*****";

    private final HikariDataSource pool;
    private final String shownUrl;
    private final String password;
    private volatile io.dataflows.spi.StateStore stateStore;

    private Database(HikariDataSource pool, String shownUrl, String password) {
        this.pool = pool;
        this.shownUrl = shownUrl;
        this.password = password;
    }

    /** The file of the embedded database in the state directory. */
    static final String H2_FILE = "dataflows.mv.db";

    /** The JDBC URL of the embedded database under {@code stateDir}. */
    static String h2Url(Path stateDir) {
        return "jdbc:h2:file:" + stateDir.toAbsolutePath().normalize().resolve("dataflows") + H2_OPTIONS
                + ";AUTO_SERVER=TRUE";
    }

    /**
     * Opens the database: {@code url} when given, else the embedded one under {@code stateDir}.
     *
     * @throws CliSupport.Exit (exit 1) when it cannot be opened, with a message free of the password
     */
    static Database open(Path stateDir, String url, Map<String, String> env) {
        HikariConfig config = new HikariConfig();
        String password = null;
        if (url == null) {
            try {
                Files.createDirectories(stateDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the state directory " + stateDir, e);
            }
            url = h2Url(stateDir);
            config.setUsername("sa");
            config.setPassword("");
        } else {
            if (!url.startsWith("jdbc:")) {
                throw new CliSupport.Exit(ExitCodes.USAGE, "Invalid value for --db: '" + mask(url, null)
                        + "' (expected a JDBC URL such as jdbc:postgresql://host/database)");
            }
            String user = env.get(USER_VARIABLE);
            password = env.get(PASSWORD_VARIABLE);
            if (user != null && !user.isEmpty()) {
                config.setUsername(user);
            }
            if (password != null && !password.isEmpty()) {
                config.setPassword(password);
            } else {
                password = null;
            }
        }
        config.setJdbcUrl(url);
        config.setPoolName("dataflows");
        config.setMaximumPoolSize(20); // opened on demand: the lock, the store, and one per SQL step of a stream
        // One connection stays open: with none, HikariCP closes the connection of its start-up check at once, and
        // an embedded H2 database closes with its last connection (compacting its file) only to be opened again by
        // the first statement — twice the start-up cost.
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1); // one attempt: a database that is not there fails the command now
        String shown = mask(url, password);
        try {
            return new Database(new HikariDataSource(config), shown, password);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CliSupport.Exit(ExitCodes.ABORTED, "Cannot open the database " + shown + ": "
                    + mask(String.valueOf(cause.getMessage()), password) + "; nothing ran.");
        }
    }

    DataSource dataSource() {
        return pool;
    }

    /** The state store in this database (one per database, created on first use). */
    io.dataflows.spi.StateStore stateStore() {
        io.dataflows.spi.StateStore s = stateStore;
        if (s == null) {
            synchronized (this) {
                s = stateStore;
                if (s == null) {
                    s = io.dataflows.StateStores.jdbc(pool);
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
        io.dataflows.spi.StateStore s = stateStore();
        if (s instanceof io.dataflows.internal.store.JdbcStateStore) {
            ((io.dataflows.internal.store.JdbcStateStore) s).schemaVersion();
        }
    }

    /** The URL as it may be shown (password values masked). */
    String url() {
        return shownUrl;
    }

    /** {@code text} with the password and any {@code password=} value in it masked. */
    String mask(String text) {
        return mask(text, password);
    }

    static String mask(String text, String password) {
        if (text == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1" + MASK);
        if (password != null && !password.isEmpty()) {
            masked = masked.replace(password, MASK);
        }
        return masked;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + shownUrl + "]";
    }
}

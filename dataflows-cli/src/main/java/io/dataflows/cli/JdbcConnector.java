package io.dataflows.cli;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Opens physical connections to one database for a connection pool, which is given this data source instead of
 * the URL and password: the pool never sees either, so nothing it logs (its configuration, at debug level) can show
 * the password. Every failure's message has the password masked, and {@link #toString} shows the masked URL.
 *
 * <p><b>Shared embedded H2 databases.</b> Several processes use one H2 file database through H2's automatic mixed
 * mode: the first process opens the file and serves it, the others connect to that server. Opening races when
 * three or more processes start at once: while the first is still opening, each of the others takes its turn at
 * writing H2's lock file, and one that reads the lock file during another's turn finds no server address in it and
 * fails with "Database may be already in use". The same happens, briefly, when the serving process ends and another
 * takes over. Such failures are transient, so opening an embedded database in mixed mode is retried with growing,
 * randomised pauses for up to {@value #RETRY_SECONDS} seconds.
 *
 * <p>Each such turn also costs seconds: H2 waits until the lock file is two seconds old before it writes its own
 * claim into it, and again after. So processes take turns at opening such a database ({@link OpeningTurn}), and
 * before an attempt this connector reads the lock file itself: while the file is there without the server's address
 * (the first process is still opening the database), it waits for the address to appear — then H2 connects to the
 * server at once — rather than start a turn that would only fail and disturb the first process. A lock file that
 * stays without an address for a while is left to H2 to judge (the process that wrote it may have died).
 */
final class JdbcConnector extends FixedUserDataSource {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(JdbcConnector.class);

    /** How long opening a shared embedded database keeps retrying transient failures. */
    static final int RETRY_SECONDS = 30;

    /** How long a lock file without a server address is waited for before H2 is left to judge it. */
    static final int UNSERVED_LOCK_MILLIS = 5000;

    /** H2: "Database may be already in use" (another process holds the lock file and its server is not known). */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    /**
     * H2: "Error opening database", among others for the turns at the lock file: "Lock file recently modified",
     * "Another process was faster", "Concurrent update".
     */
    private static final int H2_ERROR_OPENING_DATABASE = 8000;
    /** H2: "Connection is broken" (the serving process ended while this one connected to it). */
    private static final int H2_CONNECTION_BROKEN = 90067;

    private final String url;
    private final String user;
    private final String password;
    private final PasswordMask mask;
    private final Driver driver;
    private final boolean sharedEmbedded;
    /** H2's lock file of a shared embedded database given by an absolute file path; else null. */
    private final java.nio.file.Path lockFile;
    /** The turns at opening a shared embedded database given by an absolute file path; else null. */
    private final OpeningTurn turn;
    private volatile int loginTimeout;

    /**
     * @throws SQLException when no JDBC driver accepts {@code url} (its message shows the URL masked)
     */
    JdbcConnector(String url, String user, String password, PasswordMask mask) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.mask = mask;
        this.driver = driver(url, mask);
        this.sharedEmbedded = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:")
                && !url.startsWith("jdbc:h2:ssl:") && url.toUpperCase(Locale.ROOT).contains(";AUTO_SERVER=TRUE");
        String file = sharedEmbedded && url.startsWith("jdbc:h2:file:/")
                ? url.substring("jdbc:h2:file:".length(), url.indexOf(';')) : null;
        this.lockFile = file == null ? null : java.nio.file.Path.of(file + ".lock.db");
        this.turn = file == null ? null : new OpeningTurn(java.nio.file.Path.of(file));
    }

    /** The driver for {@code url}. */
    static Driver driver(String url, PasswordMask mask) throws SQLException {
        if (url.startsWith("jdbc:h2:")) {
            // Not through DriverManager, which first loads every driver on the class path: PostgreSQL's sets up
            // java.util.logging as it loads, which cost every command that opens the embedded database ~25 ms.
            return new org.h2.Driver();
        }
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new SQLException("no JDBC driver for " + mask.mask(url) + " (this command has drivers for "
                    + "jdbc:postgresql: and jdbc:h2:)", e.getSQLState(), e.getErrorCode());
        }
    }

    /** True for an embedded H2 database in mixed mode, which other processes may be serving. */
    boolean isSharedEmbedded() {
        return sharedEmbedded;
    }

    /** The URL with its passwords masked. */
    String shownUrl() {
        return mask.mask(url);
    }

    PasswordMask mask() {
        return mask;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RETRY_SECONDS);
        long pauseMillis = 20;
        for (int attempt = 1; ; attempt++) {
            try {
                if (turn == null) {
                    return connect();
                }
                return turn.take(deadline, () -> {
                    awaitServerAddress(deadline);
                    return connect();
                });
            } catch (SQLException e) {
                if (!sharedEmbedded || !isTransient(e) || System.nanoTime() + pauseMillis * 1_000_000L > deadline) {
                    throw masked(e);
                }
                log.debug("Opening {} failed (attempt {}), retrying: {}", shownUrl(), attempt,
                        mask.mask(e.getMessage()));
            }
            try {
                // Randomised, so that processes that collided do not collide again.
                Thread.sleep(ThreadLocalRandom.current().nextLong(pauseMillis / 2, pauseMillis * 3 / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while opening " + shownUrl());
            }
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
    }

    /**
     * Returns when H2's lock file is absent (no process has the database open: this one may open it), names the
     * server (H2 connects to it), has had no address for {@value #UNSERVED_LOCK_MILLIS} ms (left to H2), or at the
     * deadline.
     */
    private void awaitServerAddress(long deadline) throws SQLException {
        while (System.nanoTime() < deadline) {
            long modified;
            Properties lock = new Properties();
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(lockFile)) {
                modified = java.nio.file.Files.getLastModifiedTime(lockFile).toMillis();
                lock.load(in);
            } catch (java.nio.file.NoSuchFileException e) {
                return;
            } catch (java.io.IOException | IllegalArgumentException e) {
                return; // being written, or unreadable: H2 decides
            }
            if (lock.getProperty("server") != null
                    || System.currentTimeMillis() - modified > UNSERVED_LOCK_MILLIS) {
                return;
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(10, 30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while opening " + shownUrl());
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new SQLException("no JDBC driver accepts " + shownUrl());
        }
        return c;
    }

    /** True for a failure to open a shared embedded database that another attempt may not meet. */
    static boolean isTransient(SQLException e) {
        int code = e.getErrorCode();
        if (code == H2_ERROR_OPENING_DATABASE) {
            // Only the lock file's hand-over; other errors opening the database (a damaged file) stay errors.
            String message = String.valueOf(e.getMessage());
            return message.contains("Lock file") || message.contains("Another process was faster")
                    || message.contains("Concurrent update");
        }
        return code == H2_DATABASE_ALREADY_OPEN || code == H2_CONNECTION_BROKEN;
    }

    /** {@code e} with the password masked in its message; the original (unmasked) is not kept as the cause. */
    SQLException masked(SQLException e) {
        SQLException m = new SQLException(mask.mask(String.valueOf(e.getMessage())), e.getSQLState(),
                e.getErrorCode());
        m.setStackTrace(e.getStackTrace());
        return m;
    }

    /**
     * Kept for the pool, which sets it from its connection timeout and waits that long for connections being
     * opened when it shuts down; drivers take their own timeouts from the URL.
     */
    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public String toString() {
        return "JdbcConnector[" + shownUrl() + (user == null ? "" : ", user " + user) + "]";
    }
}

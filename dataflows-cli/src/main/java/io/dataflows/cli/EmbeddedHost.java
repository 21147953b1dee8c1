package io.dataflows.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a process that serves an embedded H2 database to other processes (H2's mixed mode: the first process
 * to open the file serves it). When such a process closes the database, every other process's connections break,
 * and one of them has to open the file and serve it in turn: H2's hand-over, which takes seconds and, when several
 * processes attempt it at once, can keep failing for longer still. So before closing, a serving process waits a
 * while for the processes it serves to close their connections, as short-lived commands started together do within
 * a second or two. A process served for longer than that (a long run, a server) takes the database over as before.
 */
final class EmbeddedHost {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedHost.class);

    /**
     * This session's server (null for a session of the process that has the file open), and how many sessions
     * other processes have through the server. Needs a user who sees every session (the administrator).
     */
    private static final String SESSIONS = "SELECT (SELECT SERVER FROM INFORMATION_SCHEMA.SESSIONS"
            + " WHERE SESSION_ID = SESSION_ID()), (SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
            + " WHERE SERVER IS NOT NULL)";

    private static final long POLL_MILLIS = 50;

    private EmbeddedHost() {}

    /**
     * When this process serves the database of {@code pool} (connected as its administrator) to others, waits until
     * they have no connections left, or for {@code max}. Returns at once otherwise, and on any failure: the wait only
     * spares the others a hand-over, so it never delays or fails the close for reasons of its own.
     */
    static void awaitOthers(DataSource pool, Duration max, String shownUrl) {
        long deadline = System.nanoTime() + max.toNanos();
        boolean logged = false;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            while (true) {
                long others;
                try (ResultSet rs = s.executeQuery(SESSIONS)) {
                    if (!rs.next() || rs.getString(1) != null) {
                        return; // another process serves this one
                    }
                    others = rs.getLong(2);
                }
                if (others == 0 || System.nanoTime() >= deadline) {
                    if (others > 0) {
                        log.debug("{} other sessions still use {}; closing it, and one of them takes it over",
                                others, shownUrl);
                    }
                    return;
                }
                if (!logged) {
                    log.debug("Waiting up to {} s for {} sessions of other processes to leave {}", max.toSeconds(),
                            others, shownUrl);
                    logged = true;
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not tell whether other processes use {}: {}", shownUrl, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

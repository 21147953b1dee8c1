package io.dataflows.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns at opening one embedded H2 database in mixed mode: one process, and in it one thread, at a time. H2's own
 * hand-over of the database file between processes is a protocol of writing its lock file and waiting two seconds
 * for the file to settle; when several processes start that protocol at once they disturb each other's turns, fail
 * with "Lock file recently modified" or "Another process was faster", and retry into each other again. Five
 * commands started together on a new state directory took tens of seconds that way. Taking turns first, the first
 * process opens the file and starts its server, and each of the others then finds the server's address in the lock
 * file and connects to it at once.
 *
 * <p>A turn is an operating-system lock on {@code <database>.opening} beside the database file, held only while a
 * connection is opened, plus a lock per file within this process (Java's file locks belong to the whole process).
 * When the turn cannot be had (a file system without locks, a directory that cannot be written, or a holder that
 * keeps it until the deadline) the connection is opened without it, and H2's protocol decides as it did before.
 */
final class OpeningTurn {

    /** One lock per turn file, for the threads of this process. */
    private static final ConcurrentHashMap<Path, ReentrantLock> THREADS = new ConcurrentHashMap<>();

    private final Path file;

    /** The turns at the database whose files start with {@code databasePath} (as in its JDBC URL). */
    OpeningTurn(Path databasePath) {
        this.file = Path.of(databasePath + ".opening").toAbsolutePath().normalize();
    }

    /** The file locked during a turn. */
    Path file() {
        return file;
    }

    /** What is done during a turn. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code action} during a turn, waiting for the turn until {@code deadlineNanos} (of
     * {@link System#nanoTime}); after that, or when the turn cannot be had at all, runs it without a turn.
     *
     * @throws SQLException the action's, or when interrupted while waiting
     */
    <T> T take(long deadlineNanos, Action<T> action) throws SQLException {
        ReentrantLock threads = THREADS.computeIfAbsent(file, f -> new ReentrantLock());
        boolean inTurn;
        try {
            inTurn = threads.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting to open " + file);
        }
        if (!inTurn) {
            return action.run();
        }
        FileChannel channel = open();
        try {
            FileLock lock = channel == null ? null : lock(channel, deadlineNanos);
            try {
                return action.run();
            } finally {
                if (lock != null) {
                    release(lock);
                }
            }
        } finally {
            close(channel);
            threads.unlock();
        }
    }

    private FileChannel open() {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The process's lock on the turn file, or null when it cannot be had by the deadline. */
    private FileLock lock(FileChannel channel, long deadlineNanos) throws SQLException {
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (IOException | OverlappingFileLockException e) {
                return null;
            }
            if (System.nanoTime() >= deadlineNanos) {
                return null;
            }
            try {
                // Randomised, so that the waiting processes do not poll in step.
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting to open " + file);
            }
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the lock is gone with the channel either way
            }
        }
    }
}

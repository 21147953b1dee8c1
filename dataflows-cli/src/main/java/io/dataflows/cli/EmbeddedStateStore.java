package io.dataflows.cli;

import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.ScheduleState;
import io.dataflows.spi.StateStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The state store in the embedded database of a state directory, as several processes share it through H2's mixed
 * mode: the database lives in the process that opened it first, and when that process ends, H2 closes the database
 * and the sessions other processes have in it; one of them opens it again and serves it from then on. This store
 * survives such a hand-over.
 *
 * <p><b>Run locks</b> are also operating-system file locks in the state directory. A run lock in the database (a
 * locked row) lives in the serving process and ends with it: a run still going on elsewhere would silently lose its
 * lock, and a third process could start the same dataflow. A file lock belongs to the process that took it and ends
 * only with that process (or when the run releases it), whichever process serves the database. The database lock is
 * still taken after the file lock.
 *
 * <p>All dataflows share one lock file, {@value #FILE}; each dataflow locks one byte of it at an offset derived from
 * a SHA-256 hash of its name (two names colliding in 62 bits would only make them exclude each other). Within this
 * JVM the file is opened once and its locks are tracked, because Java's file locks are per process: a second lock
 * of a held range fails rather than waiting, and closing any channel of the file would release every lock of this
 * process on it.
 *
 * <p><b>Every other operation</b> is retried, with growing pauses for up to {@value JdbcConnector#RETRY_SECONDS}
 * seconds, when it failed because its connection broke in a hand-over or the database was being opened by another
 * process at that moment: the next attempt gets a connection to whichever process serves the database then. The
 * operations are reads, upserts or updates by key, so doing one again is harmless; the only exception, recording
 * the start of a run, could record it twice if the connection broke exactly after its commit. Queueing and claiming
 * events are not retried: doing them twice would queue an event twice, or consume events nobody read.
 */
final class EmbeddedStateStore implements StateStore {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EmbeddedStateStore.class);

    /** The lock file in the state directory. */
    static final String FILE = "dataflows.runlocks";

    /** The open lock files of this JVM and the offsets locked in each. */
    private static final Map<Path, SharedFile> FILES = new HashMap<>();

    private final StateStore store;
    private final Path file;

    EmbeddedStateStore(StateStore store, Path stateDir) {
        this.store = store;
        this.file = stateDir.toAbsolutePath().normalize().resolve(FILE);
    }

    @Override
    public Optional<Lock> tryLock(String dataflow) {
        long offset = offset(dataflow);
        FileLock fileLock = lockFile(offset);
        if (fileLock == null) {
            return Optional.empty();
        }
        Optional<Lock> lock;
        try {
            lock = retrying(() -> store.tryLock(dataflow));
        } catch (RuntimeException | Error e) {
            unlockFile(offset, fileLock);
            throw e;
        }
        if (lock.isEmpty()) {
            unlockFile(offset, fileLock);
            return lock;
        }
        Lock databaseLock = lock.get();
        return Optional.of(new Lock() {
            private boolean released;

            @Override
            public synchronized void close() {
                if (!released) {
                    released = true;
                    try {
                        databaseLock.close();
                    } finally {
                        unlockFile(offset, fileLock);
                    }
                }
            }

            @Override
            public String toString() {
                return "StateDirectoryLock[" + dataflow + (released ? ", released" : "") + "]";
            }
        });
    }

    /** The file lock of {@code offset}, or null when another run (of this process or another) holds it. */
    private FileLock lockFile(long offset) {
        synchronized (FILES) {
            SharedFile shared = FILES.get(file);
            if (shared == null) {
                try {
                    shared = new SharedFile(FileChannel.open(file, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE));
                } catch (IOException e) {
                    throw new io.dataflows.DataflowException("Cannot open the run lock file " + file + ": "
                            + e.getMessage(), e);
                }
                FILES.put(file, shared);
            }
            if (shared.locked.contains(offset)) {
                return null;
            }
            FileLock lock;
            try {
                lock = shared.channel.tryLock(offset, 1, false);
            } catch (OverlappingFileLockException e) {
                lock = null; // cannot happen with the offsets tracked, but means the same
            } catch (IOException e) {
                closeIfUnused(shared);
                throw new io.dataflows.DataflowException("Cannot lock the run lock file " + file + ": "
                        + e.getMessage(), e);
            }
            if (lock == null) {
                closeIfUnused(shared);
                return null;
            }
            shared.locked.add(offset);
            return lock;
        }
    }

    private void unlockFile(long offset, FileLock lock) {
        synchronized (FILES) {
            SharedFile shared = FILES.get(file);
            try {
                lock.release();
            } catch (IOException e) {
                // the lock ends with the channel or the process at the latest
            }
            if (shared != null) {
                shared.locked.remove(offset);
                closeIfUnused(shared);
            }
        }
    }

    /** Closes the file when this process holds no lock in it (closing it earlier would release them). */
    private void closeIfUnused(SharedFile shared) {
        if (shared.locked.isEmpty()) {
            FILES.remove(file);
            try {
                shared.channel.close();
            } catch (IOException e) {
                // nothing locked, nothing lost
            }
        }
    }

    /** The byte of the lock file that stands for {@code dataflow}. */
    static long offset(String dataflow) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(dataflow.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (hash[i] & 0xff);
            }
            return v & 0x3FFF_FFFF_FFFF_FFFFL;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@code operation}, done again while it fails because of a hand-over of the database; see the class doc. */
    private static <T> T retrying(Supplier<T> operation) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JdbcConnector.RETRY_SECONDS);
        long pauseMillis = 20;
        while (true) {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                if (!isHandOver(e) || System.nanoTime() + pauseMillis * 1_000_000L > deadline) {
                    throw e;
                }
                log.debug("State store operation failed during a hand-over of the database, retrying: {}",
                        e.getMessage());
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(pauseMillis / 2, pauseMillis * 3 / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.dataflows.DataflowException("Interrupted while waiting for the state database", e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
    }

    /** True when a cause of {@code e} is a connection that broke or a database being opened by another process. */
    static boolean isHandOver(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true; // the pool could not get a connection in time (the database was being taken over)
            }
            if (t instanceof SQLException sql) {
                for (SQLException x = sql; x != null; x = x.getNextException()) {
                    if (JdbcConnector.isTransient(x) || x.getErrorCode() == H2_DATABASE_IS_CLOSED
                            || x.getErrorCode() == H2_DATABASE_CALLED_AT_SHUTDOWN
                            || (x.getSQLState() != null && x.getSQLState().startsWith("08"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** H2: "Database is already closed". */
    private static final int H2_DATABASE_IS_CLOSED = 90098;
    /** H2: "Database called at VM shutdown". */
    private static final int H2_DATABASE_CALLED_AT_SHUTDOWN = 90121;

    /** An open lock file and the offsets this process has locked in it. */
    private static final class SharedFile {
        final FileChannel channel;
        final Set<Long> locked = new HashSet<>();

        SharedFile(FileChannel channel) {
            this.channel = channel;
        }
    }

    // ---- everything else is the database's ---------------------------------------------------------------------

    @Override
    public Map<String, Object> loadVariables(String dataflow) {
        return retrying(() -> store.loadVariables(dataflow));
    }

    @Override
    public void saveVariables(String dataflow, Map<String, Object> variables) {
        retrying(() -> {
            store.saveVariables(dataflow, variables);
            return null;
        });
    }

    @Override
    public Optional<Object> stepState(String dataflow, String step, String key) {
        return retrying(() -> store.stepState(dataflow, step, key));
    }

    @Override
    public void putStepState(String dataflow, String step, String key, Object value) {
        retrying(() -> {
            store.putStepState(dataflow, step, key, value);
            return null;
        });
    }

    @Override
    public RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState) {
        return retrying(() -> store.startRun(dataflow, dryRun, startedAt, startState));
    }

    @Override
    public RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner) {
        return retrying(() -> store.startRun(dataflow, dryRun, startedAt, startState, owner));
    }

    @Override
    public RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner, String trigger) {
        return retrying(() -> store.startRun(dataflow, dryRun, startedAt, startState, owner, trigger));
    }

    @Override
    public List<RunRecord> recentRuns(String dataflow, int limit) {
        return retrying(() -> store.recentRuns(dataflow, limit));
    }

    /** Not retried: an attempt whose reply was lost may have queued the event, and another would queue it twice. */
    @Override
    public long enqueueEvent(String dataflow, String eventName, String dataJson, Instant publishedAt) {
        return store.enqueueEvent(dataflow, eventName, dataJson, publishedAt);
    }

    /**
     * Not retried: an attempt whose reply was lost may have claimed events, which another attempt would not return;
     * the run would then consume events it never read. A failed claim fails the run, which releases its events.
     */
    @Override
    public List<QueuedEvent> claimEvents(String dataflow, String runId, int limit) {
        return store.claimEvents(dataflow, runId, limit);
    }

    @Override
    public List<QueuedEvent> queuedEvents(String dataflow, int limit) {
        return retrying(() -> store.queuedEvents(dataflow, limit));
    }

    @Override
    public List<QueuedEvent> queuedEvents(String dataflow, long afterId, int limit) {
        return retrying(() -> store.queuedEvents(dataflow, afterId, limit));
    }

    @Override
    public int settleEvents(String runId, boolean consumed) {
        return retrying(() -> store.settleEvents(runId, consumed));
    }

    @Override
    public int clearEvents(String dataflow) {
        return retrying(() -> store.clearEvents(dataflow));
    }

    @Override
    public Optional<ScheduleState> schedule(String dataflow) {
        return retrying(() -> store.schedule(dataflow));
    }

    /**
     * Not retried: an attempt whose reply was lost may have taken the firing, and another would then find the
     * schedule moved on and skip a firing that nobody runs.
     */
    @Override
    public boolean advanceSchedule(String dataflow, Instant due, ScheduleState next) {
        return store.advanceSchedule(dataflow, due, next);
    }

    @Override
    public void saveSchedule(String dataflow, ScheduleState state) {
        retrying(() -> {
            store.saveSchedule(dataflow, state);
            return null;
        });
    }

    @Override
    public void deleteSchedule(String dataflow) {
        retrying(() -> {
            store.deleteSchedule(dataflow);
            return null;
        });
    }

    @Override
    public List<RunRecord> abortDeadRuns(Predicate<RunRecord> dead, Instant at) {
        return retrying(() -> store.abortDeadRuns(dead, at));
    }

    @Override
    public void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error) {
        retrying(() -> {
            store.finishRun(run, status, finishedAt, endState, error);
            return null;
        });
    }

    @Override
    public void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error,
            String summary) {
        retrying(() -> {
            store.finishRun(run, status, finishedAt, endState, error, summary);
            return null;
        });
    }

    @Override
    public List<RunRecord> runs(String dataflow) {
        return retrying(() -> store.runs(dataflow));
    }

    @Override
    public String toString() {
        return "EmbeddedStateStore[" + store + ", " + file + "]";
    }
}

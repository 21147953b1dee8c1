package io.dataflows.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The command's state database, opened on a thread of its own while the main thread parses the command line and reads and
 * validates the flow. Opening the embedded H2 database takes a few hundred milliseconds in a fresh JVM (H2 starts
 * its engine and reads its schema), as long as everything before the run together; on two cores both happen at once.
 *
 * <p>Only a database that is already there (or {@code --db}) is opened early, so an invalid flow still creates no
 * state directory; a database opened for a command that then does not run (invalid flow, usage error) is closed
 * unused, and a failure to open it is reported only by a command that needs it.
 */
final class DatabaseOpening {

    private final Path stateDir;
    private final String url;
    private final FutureTask<Database> task;

    private DatabaseOpening(Path stateDir, String url, Map<String, String> env) {
        this.stateDir = stateDir;
        this.url = url;
        this.task = new FutureTask<>(() -> {
            Database database = Database.open(stateDir, url, env);
            if (url == null) {
                try {
                    database.prepareStateStore();
                } catch (RuntimeException e) {
                    // the run reports it when it uses the store
                }
            }
            return database;
        });
        Thread t = new Thread(task, "dataflows-open-database");
        t.setDaemon(true);
        t.start();
        // HikariCP names its first connection with a random UUID, and seeding the JDK's SecureRandom takes some
        // 25 ms in a fresh JVM: done here, while the database thread starts up, it is not on that thread's path,
        // which is the critical path of a run.
        UUID.randomUUID();
    }

    /** Starts opening the database of {@code stateDir} or {@code url} when it is worth it; otherwise null. */
    static DatabaseOpening startIfPresent(Path stateDir, String url, Map<String, String> env) {
        if (url == null && !Files.isRegularFile(stateDir.resolve(Database.H2_FILE))) {
            return null;
        }
        org.slf4j.LoggerFactory.getILoggerFactory(); // initialised here, not by two threads at once
        return new DatabaseOpening(stateDir, url, env);
    }

    /**
     * Before picocli parses a {@code run} command line: finds {@code --state-dir}, {@code --db}, {@code --quiet} and
     * {@code --verbose} the way picocli will, configures logging, and starts opening the database. The run command
     * {@link #claim claims} it only when its parsed options name the same database, so a misread costs nothing but
     * the early start.
     */
    static DatabaseOpening preStart(String[] args, Map<String, String> env) {
        if (args.length < 2 || !args[0].equals("run")) {
            return null;
        }
        String stateDir = RunCommand.DEFAULT_STATE_DIR;
        String url = null;
        boolean quiet = false;
        boolean verbose = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) {
                return null;
            }
            if (a.equals("--quiet")) {
                quiet = true;
            } else if (a.equals("--verbose")) {
                verbose = true;
            } else if (a.equals("--state-dir") && i + 1 < args.length) {
                stateDir = args[++i];
            } else if (a.startsWith("--state-dir=")) {
                stateDir = a.substring("--state-dir=".length());
            } else if (a.equals("--db") && i + 1 < args.length) {
                url = args[++i];
            } else if (a.startsWith("--db=")) {
                url = a.substring("--db=".length());
            } else if ((a.equals("--var") || a.equals("--global") || a.equals("--allow") || a.equals("--state-out")
                    || a.equals("--secret") || a.equals("--table-prefix") || a.equals("--data-db")
                    || a.equals("--cfg") || a.equals("--data-root") || a.equals("--gnupg-home"))
                    && i + 1 < args.length) {
                i++; // an option's value is never an option of its own
            }
        }
        if (quiet && verbose) {
            return null;
        }
        try {
            Logging.configure(quiet, verbose);
            return startIfPresent(Path.of(stateDir), url, env);
        } catch (RuntimeException e) {
            return null; // an invalid path: picocli reports it
        }
    }

    /** This opening when it is for {@code stateDir} / {@code url}; otherwise it is discarded and null returned. */
    DatabaseOpening claim(Path stateDir, String url) {
        if (Objects.equals(url, this.url)
                && (url != null || stateDir.toAbsolutePath().normalize().equals(
                        this.stateDir.toAbsolutePath().normalize()))) {
            return this;
        }
        discard();
        return null;
    }

    /** The database, or the failure of opening it, as {@link Database#open} would have thrown it. */
    Database get() {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliSupport.Exit(ExitCodes.ABORTED, "Interrupted while opening the database; nothing ran.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Closes the database when it opened; a failure to open does not matter any more. */
    void discard() {
        try {
            get().close();
        } catch (RuntimeException e) {
            // not needed after all
        }
    }
}

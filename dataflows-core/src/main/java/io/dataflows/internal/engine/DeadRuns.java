package io.dataflows.internal.engine;

import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends, in the run history, the runs whose process died without ending them ({@code kill -9}, a crash, a power cut):
 * before a run starts, every run still {@code processing} that can be known dead is marked {@code aborted} with the
 * error {@value RunRecord#PROCESS_DIED}, its end time being when that was noticed.
 *
 * <p>A run is known dead when
 * <ul>
 *   <li>its owner ran on this host (same host name) and no process with its id and start instant is alive — the
 *       start instant tells a reused process id from the owner; or
 *   <li>its owner is not a process of this host (another machine sharing the database, or a run recorded before
 *       owners were), the run starting now holds the run lock of the same dataflow, and so no other run of it can
 *       be going on: a non-concurrent dataflow's runs all take that lock.
 * </ul>
 * Runs of concurrent dataflows on other machines are never judged. A live run judged dead by mistake (its database
 * connection, and with it the lock, was lost) gets its real end when it ends: finishing a run always wins.
 *
 * <p>Processes on one host are told apart by process id, so processes that share a state database from separate
 * process namespaces (containers) must have distinct host names, as containers have by default.
 */
final class DeadRuns {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    /** Clocks drift: start instants closer than this are the same process start. */
    private static final Duration SAME_START = Duration.ofSeconds(5);

    private DeadRuns() {}

    /** The process executing this code. */
    static RunOwner currentOwner() {
        return Current.OWNER;
    }

    /** Marks the runs known dead as aborted (see the class comment); a failure is logged, never thrown. */
    static void sweep(StateStore store, String dataflow, boolean lockHeld, Instant now) {
        try {
            List<RunRecord> aborted = store.abortDeadRuns(r -> isDead(r, dataflow, lockHeld), now);
            for (RunRecord r : aborted) {
                log.warn("Run {} of dataflow '{}' was still processing, but its process{} is gone: marked aborted "
                        + "({})", r.name(), r.dataflow(), r.owner() == null ? "" : " " + r.owner(),
                        RunRecord.PROCESS_DIED);
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for runs of dead processes: {}", e.getMessage());
        }
    }

    static boolean isDead(RunRecord run, String dataflow, boolean lockHeld) {
        RunOwner owner = run.owner();
        if (owner != null && owner.host().equals(Current.OWNER.host())) {
            return !isAlive(owner);
        }
        return lockHeld && run.dataflow().equals(dataflow);
    }

    /** Whether the process {@code owner} (of this host) is still running. */
    static boolean isAlive(RunOwner owner) {
        Optional<ProcessHandle> process = ProcessHandle.of(owner.pid());
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return owner.processStart() == null || started.isEmpty()
                || Duration.between(owner.processStart(), started.get()).abs().compareTo(SAME_START) < 0;
    }

    /** This process, computed once. */
    private static final class Current {
        static final RunOwner OWNER = new RunOwner(hostName(), ProcessHandle.current().pid(),
                ProcessHandle.current().info().startInstant().orElse(null));

        /** The kernel's host name where it can be read without a network lookup, else the JDK's. */
        private static String hostName() {
            try {
                Path kernel = Path.of("/proc/sys/kernel/hostname");
                if (Files.isReadable(kernel)) {
                    String name = Files.readString(kernel, StandardCharsets.UTF_8).trim();
                    if (!name.isEmpty()) {
                        return name;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall back below
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                return "localhost";
            }
        }
    }
}

package io.dataflows.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The process that executes a run, as recorded with the run: enough to tell later, on the same host, whether that
 * process is still alive — the process id alone is not, because ids are reused; together with the instant the
 * process started it names one process.
 *
 * @param host the host name of the machine the process runs on
 * @param pid the operating system's process id
 * @param processStart when the process started, or null when the platform does not tell
 */
public record RunOwner(String host, long pid, @Nullable Instant processStart) {

    public RunOwner {
        Objects.requireNonNull(host, "host");
    }

    @Override
    public String toString() {
        return pid + "@" + host + (processStart == null ? "" : " (started " + processStart + ")");
    }
}

package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link Error} of the Java runtime during a run is not a step failure: the command says so in one line on
 * standard error, without a stack trace, and exits 1; the run is recorded as aborted and its lock is released.
 */
class CliFatalErrorTest {

    @TempDir
    Path dir;

    @Test
    void anOutOfMemoryErrorIsOneLineAndExitOne() throws IOException {
        Path flow = dir.resolve("oom.yml");
        Files.writeString(flow, String.join("\n", "name: oom", "steps:", "  a:", "    type: test_fatal",
                "    config: {error: out_of_memory}", ""));
        String stateDir = dir.resolve("state").toString();

        CliResult r = CliResult.run("run", flow.toString(), "--state-dir", stateDir);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith("dataflows: ")))
                .containsExactly("dataflows: fatal error: java.lang.OutOfMemoryError: Requested array size exceeds"
                        + " VM limit");
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Run aborted");
        // the lock was released and the run recorded: the next run starts (and fails the same way)
        assertThat(CliResult.run("run", flow.toString(), "--state-dir", stateDir).exit()).isEqualTo(1);
    }

    @Test
    void aStackOverflowErrorIsOneLineAndExitOne() throws IOException {
        Path flow = dir.resolve("deep.yml");
        Files.writeString(flow, String.join("\n", "name: deep", "steps:", "  a:", "    type: test_fatal",
                "    config: {error: stack_overflow}", ""));

        CliResult r = CliResult.run("run", flow.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith("dataflows: ")))
                .containsExactly("dataflows: fatal error: java.lang.StackOverflowError");
        assertThat(r.err()).doesNotContain("\tat ");
    }
}

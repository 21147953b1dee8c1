package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two `dataflows run` processes sharing a state directory: one runs, the other exits 75. */
class CrossProcessLockTest {

    @Test
    void aSecondProcessIsBlockedWhileTheFirstHoldsTheLock(@TempDir Path dir) throws Exception {
        Path flow = dir.resolve("slow.yml");
        Files.writeString(flow, String.join("\n",
                "name: slow",
                "steps:",
                "  wait:",
                "    type: connector_wait",
                "    config: {timesec: 3}",
                ""));
        Path state = dir.resolve("state");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process first = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.dataflows.cli.Main", "run", flow.toString(), "--state-dir", state.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        try {
            // The run record is written once the first process holds the lock.
            Path started = state.resolve("slow").resolve("runs").resolve("1.json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(Files.exists(started) && Files.size(started) > 0) && System.nanoTime() < deadline) {
                assertThat(first.isAlive()).as("first process: " + Files.readString(dir.resolve("first.log")))
                        .isTrue();
                Thread.sleep(50);
            }
            assertThat(started).exists();

            CliResult second = CliResult.run("run", flow.toString(), "--state-dir", state.toString());

            assertThat(second.exit()).isEqualTo(75);
            assertThat(second.err()).contains("Dataflow 'slow' is locked by another run; nothing ran.");
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as(Files.readString(dir.resolve("first.log"))).isEqualTo(0);
        } finally {
            first.destroyForcibly();
        }
        CliResult third = CliResult.run("run", flow.toString(), "--state-dir", state.toString(), "--var", "x=1");
        assertThat(third.exit()).isEqualTo(0);
        assertThat(List.of(new File(state.resolve("slow/runs").toString()).list())).contains("1.json", "2.json");
    }
}

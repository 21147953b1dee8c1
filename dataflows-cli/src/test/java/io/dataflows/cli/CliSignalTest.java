package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (and SIGINT, Ctrl-C) stop a run cleanly: the run ends {@code cancelled} in the history and in
 * {@code --state-out}, and the process exits with 128 + the signal's number.
 */
class CliSignalTest {

    @TempDir
    Path dir;

    @Test
    void sigtermCancelsTheRunRecordsItAndExits143() throws Exception {
        Path flow = dir.resolve("slow.yml");
        Files.writeString(flow, """
                name: slow
                steps:
                  wait:
                    type: test_slow
                    config: {millis: 600000, started: '%s'}
                  after:
                    type: test_connector
                    depends_on: wait
                """.formatted(dir.resolve("started")));
        Process process = CliProcess.start(CliProcess.command(List.of("run", flow.toString(), "--state-dir",
                dir.resolve("state").toString(), "--state-out", dir.resolve("state.json").toString())), Map.of(),
                dir.resolve("process.out"), dir.resolve("process.err"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a hang guard, not a timing
            while (!Files.exists(dir.resolve("started"))) {
                assertThat(process.isAlive() && System.nanoTime() < deadline)
                        .as("the run started").isTrue();
                Thread.sleep(20);
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(Files.readString(dir.resolve("process.err")))
                .contains("Run cancelled: cancelled by a signal (SIGINT or SIGTERM)");
        String state = Files.readString(dir.resolve("state.json"));
        assertThat(state).contains("\"status\": \"cancelled\"")
                .contains("\"error\": \"cancelled by a signal (SIGINT or SIGTERM)\"");
        try (Database db = Database.open(dir.resolve("state"), null, Map.of())) {
            RunRecord run = StateStores.jdbc(db.dataSource()).runs("slow").get(0);
            assertThat(run.status()).isEqualTo("cancelled");
            assertThat(run.error()).isEqualTo("cancelled by a signal (SIGINT or SIGTERM)");
            assertThat(run.finishedAt()).isNotNull();
        }
    }
}

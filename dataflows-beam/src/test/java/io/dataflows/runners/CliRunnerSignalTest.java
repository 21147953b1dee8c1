package io.dataflows.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dataflows.cli.CliProcess;
import io.dataflows.cli.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (and SIGINT, Ctrl-C) stop a run of {@code --runner beam} (and {@code flink}, tagged {@code flink}) as they
 * stop a local run: the pipeline is
 * cancelled, the run ends {@code cancelled} in the history and in {@code --state-out}, and the process exits with
 * 128 + the signal's number.
 */
class CliRunnerSignalTest {

    @TempDir
    Path dir;

    @Test
    void sigtermCancelsThePipelineRecordsTheRunCancelledAndExits143() throws Exception {
        assertSignalCancels("beam", null, 143);
    }

    /** On Flink, whose runner cannot cancel its attached job, the wait for it stops and the mini cluster with it. */
    @Test
    @Tag("flink")
    void sigtermCancelsAFlinkRunRecordsItCancelledAndExits143() throws Exception {
        assertSignalCancels("flink", null, 143);
    }

    @Test
    void sigintCancelsThePipelineRecordsTheRunCancelledAndExits130() throws Exception {
        assertSignalCancels("beam", "-INT", 130);
    }

    /**
     * Runs a flow with {@code runner} whose pipeline holds its record for ten minutes, sends the signal ({@code kill} with
     * {@code killOption}, or SIGTERM when null) once the pipeline's step has started, and checks the outcome.
     */
    @SuppressWarnings("unchecked")
    private void assertSignalCancels(String runner, String killOption, int exitCode) throws Exception {
        Path flow = dir.resolve("pausing.yml");
        Files.writeString(flow, """
                name: pausing
                steps:
                  read:
                    type: reader_array
                    config: {source: [{n: 1}]}
                  pause:
                    type: test_pause_each
                    depends_on: read
                    config: {millis: 600000, started: '%s'}
                """.formatted(dir.resolve("started")));
        String state = dir.resolve("state").toString();
        Process process = CliProcess.start(CliProcess.command(List.of("run", flow.toString(), "--runner", runner,
                "--state-dir", state, "--state-out", dir.resolve("state.json").toString(), "--quiet")), Map.of(),
                dir.resolve("process.out"), dir.resolve("process.err"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a hang guard, not a timing
            while (!Files.exists(dir.resolve("started"))) {
                assertThat(process.isAlive() && System.nanoTime() < deadline)
                        .as("the pipeline started: %s", Files.exists(dir.resolve("process.err"))
                                ? Files.readString(dir.resolve("process.err")) : "")
                        .isTrue();
                Thread.sleep(20);
            }
            if (killOption == null) {
                process.destroy(); // SIGTERM
            } else {
                assertThat(new ProcessBuilder("kill", killOption, Long.toString(process.pid())).start().waitFor())
                        .isZero();
            }
            // the bound of a clean stop: without the cancel, the step would hold the record for ten minutes
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended within a minute").isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).as(Files.readString(dir.resolve("process.err"))).isEqualTo(exitCode);
        assertThat(Files.readString(dir.resolve("process.err")))
                .isEqualTo("Run cancelled: cancelled by a signal (SIGINT or SIGTERM)\n");
        String stateOut = Files.readString(dir.resolve("state.json"));
        assertThat(stateOut).contains("\"status\": \"cancelled\"")
                .contains("\"error\": \"cancelled by a signal (SIGINT or SIGTERM)\"");
        CliResult runs = CliResult.run("runs", "--json", "--state-dir", state);
        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(runs.out().lines()).hasSize(1);
        Map<String, Object> run = JsonMapper.builder().build().readValue(runs.out().strip(), Map.class);
        assertThat(run).containsEntry("flow", "pausing").containsEntry("status", "cancelled")
                .containsEntry("error", "cancelled by a signal (SIGINT or SIGTERM)");
        assertThat(run.get("endedat")).isNotNull();
    }
}

package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with {@code kill -9} leaves the temporary file of the atomic write it was making and its scratch
 * directory; a later run removes both — the scratch directory when it starts, the temporary file when it writes into
 * the same directory — and leaves those of a process that is still running alone.
 */
class KilledRunLeftoversTest {

    @TempDir
    Path dir;

    private Process start(Path scratchRoot, Path base, Path started) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), KillableRun.class.getName(),
                scratchRoot.toString(), base.toString(), started.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(started.getFileName() + ".log").toFile()).start();
    }

    private void awaitFile(Path file, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(file)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the run did not get to block: "
                        + Files.readString(dir.resolve(file.getFileName() + ".log")));
            }
            Thread.sleep(20);
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static String tag(Process p) {
        long start = p.info().startInstant().orElseThrow().toEpochMilli();
        return p.pid() + "-" + Long.toString(start, 36);
    }

    @Test
    @Timeout(180)
    void theLeftoversOfAKilledRunAreRemovedByTheNextRunAndThoseOfARunningOneAreKept() throws Exception {
        Path scratchRoot = Files.createDirectories(dir.resolve("scratch"));
        Path killedBase = Files.createDirectories(dir.resolve("killed"));
        Path runningBase = Files.createDirectories(dir.resolve("running"));
        Process killed = start(scratchRoot, killedBase, dir.resolve("killed.started"));
        Process running = start(scratchRoot, runningBase, dir.resolve("running.started"));
        try {
            awaitFile(dir.resolve("killed.started"), killed);
            awaitFile(dir.resolve("running.started"), running);
            String killedTemp = ".out.jsonl.dataflows-" + tag(killed) + "-";
            String runningTemp = ".out.jsonl.dataflows-" + tag(running) + "-";
            assertThat(names(killedBase)).singleElement().asString().startsWith(killedTemp).endsWith(".tmp");
            assertThat(names(scratchRoot)).anySatisfy(n -> assertThat(n).startsWith("dataflows-run-" + tag(killed)))
                    .anySatisfy(n -> assertThat(n).startsWith("dataflows-run-" + tag(running)));

            killed.destroyForcibly(); // SIGKILL: the process cannot clean up
            assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(names(killedBase)).as("left behind by the killed run").hasSize(1);

            DataflowEngine engine = TestEngines.builder().scratchRoot(scratchRoot).build();
            for (Path base : List.of(killedBase, runningBase)) {
                assertThat(engine.run(Dataflow.builder("later").step("put", StepSpec.of(
                        "connector_file_put_content").with("path", "later.txt").with("content", "later")).build(),
                        RunOptions.builder().baseDir(base).build()).status()).isEqualTo(RunStatus.FINALISED);
            }

            assertThat(names(killedBase)).containsExactly("later.txt");
            assertThat(names(runningBase)).as("the running process's temporary file is kept").hasSize(2)
                    .anySatisfy(n -> assertThat(n).startsWith(runningTemp)).contains("later.txt");
            assertThat(names(scratchRoot)).as("only the running process's scratch directory is left")
                    .singleElement().asString().startsWith("dataflows-run-" + tag(running) + "-");
        } finally {
            killed.destroyForcibly();
            running.destroyForcibly();
            running.waitFor(60, TimeUnit.SECONDS);
        }
    }
}

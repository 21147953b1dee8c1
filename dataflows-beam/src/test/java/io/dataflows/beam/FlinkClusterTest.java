package io.dataflows.beam;

import static io.dataflows.beam.RunnerFlows.counts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.runners.PauseEachStep;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestKit;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataflows submitted to a real standalone Flink 1.19 cluster — a JobManager and a TaskManager, each a JVM process
 * of its own on loopback, started from Flink's jars on this test's class path without Beam's or dataflows' — give
 * the multiset of records and the per-step counts of a local run, and a cancelled run cancels its job there. Beam's
 * Flink runner stages the launching JVM's class path with the job, and the task manager loads Beam, the runner and
 * the step types from it. The task manager runs on this machine, so the files the job writes under the run's base
 * directory are read here.
 */
@Tag("flink")
class FlinkClusterTest {

    @TempDir
    static Path clusterDir;

    private static StandaloneFlinkCluster cluster;

    /** On a failure, the cluster's logs show why: a task that failed there, or a process that did not start. */
    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cluster != null) {
                System.err.println(cluster.logs());
            }
        }
    };

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws IOException, InterruptedException {
        cluster = StandaloneFlinkCluster.start(clusterDir, flinkOnly(testClassPath()), 2);
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The class path of this test (Surefire passes it in a property when it starts the test JVM from a manifest
     * jar): Flink's runtime and the libraries it uses, Beam, its Flink runner, and dataflows' classes and step types.
     */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * {@code classPath} without Beam's jars and dataflows' classes and jars: the cluster has only what a Flink
     * distribution has (and more libraries, none of them needed), so a job that runs on it got Beam, the runner's
     * DoFns and the step types from the jars the Flink runner staged with the job.
     */
    static String flinkOnly(String classPath) {
        List<String> kept = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            boolean beam = name.startsWith("beam-");
            boolean dataflows = name.startsWith("dataflows-") || path.getParent() != null
                    && path.getParent().getFileName().toString().equals("target")
                    && (name.equals("classes") || name.equals("test-classes"));
            if (!beam && !dataflows) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    @Test
    void theClusterHasNeitherBeamNorDataflowsOnItsClassPath() {
        String classPath = flinkOnly(testClassPath());

        assertThat(classPath).contains("flink-runtime-1.19.").doesNotContain("beam-sdks-java-core")
                .doesNotContain("beam-runners-flink").doesNotContain("dataflows-core")
                .doesNotContain("target" + File.separator + "classes");
    }

    private BeamRunner onCluster(DataflowEngine engine, int shards) {
        return BeamRunner.builder(engine).flink(cluster.master(), 2).shards(shards).build();
    }

    @Test
    void thePeopleFlowGivesTheRecordsAndCountsOfALocalRun() throws IOException {
        Path local = Files.createDirectories(dir.resolve("local"));
        Path remote = Files.createDirectories(dir.resolve("cluster"));
        RunnerFlows.writeInput(local);
        RunnerFlows.writeInput(remote);
        DataflowEngine engine = kit.builder().baseDirectory(dir).build();
        Dataflow flow = RunnerFlows.flow("people", "people.jsonl", "jsonl");
        RunResult expected = engine.run(flow, RunOptions.builder().baseDir(local).build()).orThrow();

        RunResult result = onCluster(engine, 1).run(flow, RunOptions.builder().baseDir(remote).build());

        assertThat(result.status()).as(result.failure().map(Throwable::getMessage).orElse(""))
                .isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllLines(remote.resolve("people.jsonl")))
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(local.resolve("people.jsonl")));
        assertThat(counts(result)).isEqualTo(counts(expected)).containsExactly(
                Map.entry("read", List.of(0L, 7L)), Map.entry("older", List.of(7L, 5L)),
                Map.entry("greet", List.of(5L, 5L)), Map.entry("write", List.of(5L, 5L)));
    }

    @Test
    void aBranchingFlowInTwoShardsGivesEachWriterTheRecordsAndCountsOfALocalRun() throws IOException {
        Path local = Files.createDirectories(dir.resolve("local"));
        Path remote = Files.createDirectories(dir.resolve("cluster"));
        RunnerFlows.writeInput(local);
        RunnerFlows.writeInput(remote);
        DataflowEngine engine = kit.builder().baseDirectory(dir).build();
        Dataflow flow = RunnerFlows.branches();
        RunResult expected = engine.run(flow, RunOptions.builder().baseDir(local).build()).orThrow();

        RunResult result = onCluster(engine, 2).run(flow, RunOptions.builder().baseDir(remote).build()).orThrow();

        for (String out : List.of("nz", "all")) {
            assertThat(RunnerFlows.shardLines(remote, out, 2)).as(out)
                    .containsExactlyInAnyOrderElementsOf(Files.readAllLines(local.resolve(out + ".jsonl")));
        }
        assertThat(Files.readAllLines(local.resolve("all.jsonl"))).hasSize(9);
        assertThat(Files.readAllLines(local.resolve("nz.jsonl"))).hasSize(3);
        assertThat(counts(result)).isEqualTo(counts(expected));
    }

    @Test
    void aCancelledRunCancelsItsJobOnTheCluster() throws Exception {
        Path started = dir.resolve("started");
        Dataflow flow = Dataflow.builder("pausing")
                .start("read", Steps.arrayReader(List.of(Map.of("n", 1))))
                .then("pause", StepSpec.of(PauseEachStep.ID, Map.of("millis", 600_000, "started", started.toString())))
                .build();
        RunHandle handle = onCluster(kit.builder().baseDirectory(dir).build(), 1).start(flow, RunOptions.defaults());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a hang guard, not a timing
        while (!Files.exists(started)) {
            assertThat(System.nanoTime()).as("the job's step started").isLessThan(deadline);
            Thread.sleep(20);
        }

        assertThat(handle.cancel("enough")).isTrue();
        RunResult result = handle.result().get(60, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        String jobName = "dataflows pausing run " + result.runId();
        String state = jobState(jobName);
        while (!state.equals("CANCELED") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = jobState(jobName);
        }
        assertThat(state).as("the state of job '%s' on the cluster", jobName).isEqualTo("CANCELED");
    }

    /** The state of the job named {@code name} on the cluster, as its REST API gives it. */
    private static String jobState(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + cluster.master() + "/jobs/overview")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode job : new ObjectMapper().readTree(response.body()).path("jobs")) {
            if (job.path("name").asText().equals(name)) {
                return job.path("state").asText();
            }
        }
        return "(no such job)";
    }

    @Test
    void aStepFailingOnTheClusterAbortsTheRunNamingTheStep() throws IOException {
        Path remote = Files.createDirectories(dir.resolve("cluster"));
        RunnerFlows.writeInput(remote);
        Dataflow flow = RunnerFlows.failingAges();

        RunResult result = onCluster(kit.builder().baseDirectory(dir).build(), 1)
                .run(flow, RunOptions.builder().baseDir(remote).build());

        RunnerFlows.assertAgesFailed(result, remote);
    }
}

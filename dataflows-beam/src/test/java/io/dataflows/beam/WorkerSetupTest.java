package io.dataflows.beam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.EngineSetup;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.steps.Steps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engines the workers build get what {@link BeamRunner.Builder#workerSetup} configures: global variables and
 * settings, secrets, the data root and the clock, as the application configured its own engine.
 */
class WorkerSetupTest {

    @TempDir
    Path dir;

    /** The settings an application gives its engine, and, through the setup, every worker's. */
    private EngineSetup setup() {
        String dataRoot = dir.resolve("data").toString(); // a Path is not serializable
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        return builder -> builder
                .globalVar("site", "Example")
                .globalCfg("wwwroot", "https://example.test")
                .secretProvider(SecretProvider.of(Map.of("token", "s3cret")))
                .dataRoot(Path.of(dataRoot))
                .clock(clock);
    }

    private static Dataflow flow(String out) {
        return Dataflow.builder("context")
                .start("numbers", Steps.arrayReader(List.of(Map.of("n", 1), Map.of("n", 2))))
                .then("tag", Steps.alter()
                        .set("site", "${{ global.vars.site }}")
                        .set("root", "${{ global.cfg.wwwroot }}")
                        .set("token", "${{ secrets.token }}")
                        .set("at", "${{ time() }}"))
                .then("write", Steps.streamWriter("[dataroot]/" + out, "jsonl"))
                .build();
    }

    private static final List<String> EXPECTED = List.of(
            "{\"n\":1,\"site\":\"Example\",\"root\":\"https://example.test\",\"token\":\"s3cret\",\"at\":1700000000}",
            "{\"n\":2,\"site\":\"Example\",\"root\":\"https://example.test\",\"token\":\"s3cret\",\"at\":1700000000}");

    /** Counts the worker engines it configured and those it released. */
    private record Counting(String name) implements EngineSetup {
        static final Map<String, AtomicInteger> CONFIGURED = new ConcurrentHashMap<>();
        static final Map<String, AtomicInteger> RELEASED = new ConcurrentHashMap<>();

        @Override
        public void configure(DataflowEngine.Builder builder) {
            CONFIGURED.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void release(DataflowEngine engine) {
            RELEASED.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Test
    void everyWorkerEngineTheSetupConfiguredIsReleasedWhenThePipelineHasEnded() {
        String name = "run-" + System.nanoTime();
        DataflowEngine engine = DataflowEngine.builder().baseDirectory(dir).build();

        RunResult beam = BeamRunner.builder(engine).shards(2).workerSetup(new Counting(name)).build()
                .run(Dataflow.builder("released")
                        .start("numbers", Steps.arrayReader(List.of(Map.of("n", 1), Map.of("n", 2))))
                        .then("big", Steps.filter("record.n > 1"))
                        .then("write", Steps.streamWriter("released.jsonl", "jsonl"))
                        .build(), RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Counting.CONFIGURED.get(name).get()).as("worker engines").isGreaterThanOrEqualTo(3);
        assertThat(Counting.RELEASED.get(name)).as("released").hasValue(Counting.CONFIGURED.get(name).get());
    }

    @Test
    void workersGetTheSettingsOfTheSetup() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        DataflowEngine.Builder launcher = DataflowEngine.builder().baseDirectory(dir).permittedDirectory(dir);
        setup().configure(launcher);
        DataflowEngine engine = launcher.build();
        RunResult local = engine.run(flow("local.jsonl"), RunOptions.defaults());
        assertThat(local.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllLines(dir.resolve("data/local.jsonl"))).containsExactlyElementsOf(EXPECTED);

        RunResult beam = BeamRunner.builder(engine).permittedDirectory(dir).workerSetup(setup()).build()
                .run(flow("beam.jsonl"), RunOptions.defaults());

        assertThat(beam.failure()).isEmpty();
        assertThat(beam.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllLines(dir.resolve("data/beam.jsonl"))).containsExactlyInAnyOrderElementsOf(EXPECTED);
    }

    @Test
    void withoutTheSetupTheWorkersLackTheSettings() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        DataflowEngine.Builder launcher = DataflowEngine.builder().baseDirectory(dir).permittedDirectory(dir);
        setup().configure(launcher);

        RunResult beam = BeamRunner.builder(launcher.build()).permittedDirectory(dir).build()
                .run(flow("beam.jsonl"), RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(beam.failure().orElseThrow().stepAlias()).contains("tag");
        assertThat(dir.resolve("data/beam.jsonl")).doesNotExist();
    }

    @Test
    void aSetupThatCannotBeSerializedIsRefusedWhenGiven() {
        Path dataRoot = dir.resolve("data");
        BeamRunner.Builder runner = BeamRunner.builder(DataflowEngine.builder().build());

        assertThatThrownBy(() -> runner.workerSetup(builder -> builder.dataRoot(dataRoot)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The worker setup cannot be serialized, so it cannot be sent to the workers: "
                        + "java.io.NotSerializableException: sun.nio.fs.UnixPath. Capture only serializable values "
                        + "(a String rather than a Path) and build the rest in the setup.");
    }

    @Test
    void stepDurationsAreSummedOverTheWorkers() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        DataflowEngine.Builder launcher = DataflowEngine.builder().baseDirectory(dir).permittedDirectory(dir);
        setup().configure(launcher);

        RunResult beam = BeamRunner.builder(launcher.build()).permittedDirectory(dir).workerSetup(setup()).build()
                .run(flow("beam.jsonl"), RunOptions.defaults());

        assertThat(beam.steps().get("tag").duration()).isPositive();
        assertThat(beam.steps().get("write").duration()).isPositive();
    }
}

package io.dataflows.beam;

import static io.dataflows.beam.RunnerFlows.counts;
import static io.dataflows.beam.RunnerFlows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowValidationException;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataflows run on Beam's direct runner give the records a local run gives, fail naming the failing step, and are
 * refused before anything runs when a step cannot be distributed.
 */
class BeamRunnerTest {


    /** What the flow of {@link RunnerFlows#flow} writes, one JSON object per line, in the order of a local run. */
    private static final List<String> EXPECTED = List.of(
            "{\"name\":\"Ana\",\"age\":\"34\",\"country\":\"NZ\",\"greeting\":\"Hello Ana\"}",
            "{\"name\":\"Carla, Jr.\",\"age\":\"41\",\"country\":\"NZ\",\"greeting\":\"Hello Carla, Jr.\"}",
            "{\"name\":\"Dev\",\"age\":\"58\",\"country\":\"New\\nZealand\",\"greeting\":\"Hello Dev\"}",
            "{\"name\":\"Fay\",\"age\":\"72\",\"country\":\"UK\",\"greeting\":\"Hello Fay\"}",
            "{\"name\":\"Gus\",\"age\":\"45\",\"country\":\"NZ\",\"greeting\":\"Hello Gus\"}");

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private DataflowEngine engine() throws IOException {
        return RunnerFlows.engineWithInput(kit, dir);
    }


    @Test
    void oneShardWritesTheFileOfALocalRun() throws IOException {
        DataflowEngine engine = engine();
        RunResult local = engine.run(flow("hello", "local.jsonl", "jsonl"), RunOptions.defaults());
        assertThat(local.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllLines(dir.resolve("local.jsonl"))).containsExactlyElementsOf(EXPECTED);

        RunResult beam = BeamRunner.builder(engine).build()
                .run(flow("hello", "beam.jsonl", "jsonl"), RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(beam.failure()).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("beam.jsonl"))).containsExactlyInAnyOrderElementsOf(EXPECTED);
        assertThat(counts(beam)).isEqualTo(counts(local));
        assertThat(counts(beam)).containsExactly(
                Map.entry("read", List.of(0L, 7L)), Map.entry("older", List.of(7L, 5L)),
                Map.entry("greet", List.of(5L, 5L)), Map.entry("write", List.of(5L, 5L)));
    }

    @Test
    void shardsSplitTheRecordsOfALocalRunAmongNumberedFiles() throws IOException {
        RunResult beam = BeamRunner.builder(engine()).shards(4).build()
                .run(flow("hello", "out/people.jsonl", "jsonl"), RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.FINALISED);
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(
                    "people-00000-of-00004.jsonl", "people-00001-of-00004.jsonl", "people-00002-of-00004.jsonl",
                    "people-00003-of-00004.jsonl");
        }
        assertThat(RunnerFlows.shardLines(dir, "out/people", 4)).containsExactlyInAnyOrderElementsOf(EXPECTED);
        assertThat(beam.step("write").recordsIn()).isEqualTo(5);
    }

    @Test
    void everyCsvShardHasTheHeaderLine() throws IOException {
        DataflowEngine engine = engine();
        engine.run(flow("hello", "local.csv", "csv"), RunOptions.defaults()).orThrow();
        List<String> local = Files.readAllLines(dir.resolve("local.csv"));
        assertThat(local).hasSize(7).startsWith("name,age,country,greeting");

        BeamRunner.builder(engine).shards(2).build().run(flow("hello", "beam.csv", "csv"), RunOptions.defaults())
                .orThrow();

        List<String> rows = new ArrayList<>();
        for (String shard : List.of("beam-00000-of-00002.csv", "beam-00001-of-00002.csv")) {
            List<String> lines = Files.readAllLines(dir.resolve(shard));
            assertThat(lines.get(0)).isEqualTo("name,age,country,greeting");
            rows.addAll(lines.subList(1, lines.size()));
        }
        assertThat(rows).hasSize(6).containsExactlyInAnyOrderElementsOf(local.subList(1, local.size()));
    }

    @Test
    void arrayReaderInADryRunWritesNothing() throws IOException {
        Dataflow flow = Dataflow.builder("numbers")
                .start("numbers", Steps.arrayReader(List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3))))
                .then("write", Steps.streamWriter("numbers.jsonl", "jsonl"))
                .build();
        BeamRunner runner = BeamRunner.builder(engine()).build();

        RunResult dry = runner.run(flow, RunOptions.builder().dryRun(true).build());
        assertThat(dry.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(dry.isDryRun()).isTrue();
        assertThat(dir.resolve("numbers.jsonl")).doesNotExist();
        assertThat(dry.step("write").recordsIn()).isEqualTo(3);

        assertThat(runner.run(flow, RunOptions.defaults()).orThrow().isDryRun()).isFalse();
        assertThat(Files.readAllLines(dir.resolve("numbers.jsonl")))
                .containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    /**
     * Runs {@code flow} locally and on Beam with {@code shards}, each in its own directory, and checks that each
     * writer's files hold the records of the local run's file and that the counts are the local run's.
     */
    private RunResult runLikeLocal(Dataflow flow, int shards, String... outputs) throws IOException {
        DataflowEngine engine = engine();
        for (String run : List.of("local", "beam")) {
            Files.createDirectories(dir.resolve(run));
            Files.copy(dir.resolve("people.csv"), dir.resolve(run + "/people.csv"));
        }
        RunResult local = engine.run(flow, RunOptions.builder().baseDir(dir.resolve("local")).build()).orThrow();

        RunResult beam = BeamRunner.builder(engine).shards(shards).build()
                .run(flow, RunOptions.builder().baseDir(dir.resolve("beam")).build()).orThrow();

        for (String out : outputs) {
            List<String> expected = Files.readAllLines(dir.resolve("local/" + out + ".jsonl"));
            List<String> actual = shards == 1 ? Files.readAllLines(dir.resolve("beam/" + out + ".jsonl"))
                    : RunnerFlows.shardLines(dir.resolve("beam"), out, shards);
            assertThat(actual).as(out).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(counts(beam)).isEqualTo(counts(local));
        return beam;
    }

    @Test
    void aTeeASwitchAndAJoinGiveEachWriterTheRecordsOfALocalRun() throws IOException {
        RunResult beam = runLikeLocal(RunnerFlows.branches(), 2, "nz", "all");

        assertThat(RunnerFlows.shardLines(dir.resolve("beam"), "nz", 2)).hasSize(3);
        assertThat(RunnerFlows.shardLines(dir.resolve("beam"), "all", 2)).hasSize(9).contains(
                "{\"name\":\"Ana\",\"age\":\"34\",\"country\":\"NZ\",\"greeting\":\"Hello Ana\"}",
                "{\"name\":\"Bo\",\"age\":\"19\",\"country\":\"AU\",\"abroad\":\"yes\"}");
        assertThat(counts(beam)).containsExactly(
                Map.entry("read", List.of(0L, 7L)), Map.entry("copy", List.of(7L, 14L)),
                Map.entry("older", List.of(7L, 5L)), Map.entry("greet", List.of(5L, 5L)),
                Map.entry("route", List.of(7L, 7L)), Map.entry("nz", List.of(3L, 3L)),
                Map.entry("mark", List.of(4L, 4L)), Map.entry("all", List.of(9L, 9L)),
                Map.entry("write", List.of(9L, 9L)));
    }

    @Test
    void aCaseSendsEachRecordToTheWriterOfALocalRun() throws IOException {
        RunResult beam = runLikeLocal(RunnerFlows.cases(), 1, "case-nz", "case-au");

        assertThat(Files.readAllLines(dir.resolve("beam/case-au.jsonl"))).containsExactlyInAnyOrder(
                "{\"name\":\"Bo\",\"age\":\"19\",\"country\":\"AU\",\"label\":\"au-Bo\"}",
                "{\"name\":\"Eve\",\"age\":\"30\",\"country\":\"AU\",\"label\":\"au-Eve\"}");
        assertThat(counts(beam)).containsExactly(
                Map.entry("read", List.of(0L, 7L)), Map.entry("named", List.of(7L, 7L)),
                Map.entry("country", List.of(7L, 5L)),
                Map.entry("nz", List.of(3L, 3L)), Map.entry("label", List.of(2L, 2L)),
                Map.entry("au", List.of(2L, 2L)));
    }

    @Test
    void twoReadersJoinedGiveTheRecordsOfALocalRun() throws IOException {
        RunResult beam = runLikeLocal(RunnerFlows.twoReaders(), 1, "readers");

        assertThat(Files.readAllLines(dir.resolve("beam/readers.jsonl"))).hasSize(6)
                .contains("{\"age\":50,\"name\":\"Zed\"}");
        assertThat(counts(beam)).containsExactly(
                Map.entry("people", List.of(0L, 7L)), Map.entry("more", List.of(0L, 2L)),
                Map.entry("both", List.of(9L, 9L)), Map.entry("older", List.of(9L, 6L)),
                Map.entry("write", List.of(6L, 6L)));
    }

    @Test
    void aFailingExpressionAbortsTheRunNamingTheStep() throws IOException {
        Dataflow flow = RunnerFlows.failingAges();
        DataflowEngine engine = engine();

        RunResult result = BeamRunner.builder(engine).build().run(flow, RunOptions.defaults());

        RunnerFlows.assertAgesFailed(result, dir);
    }

    @Test
    void aFailingStepInABranchAbortsTheRunNamingIt() throws IOException {
        Dataflow flow = Dataflow.builder("branch failure")
                .start("read", Steps.csvReader("people.csv"))
                .then("route", Steps.switchOn().when("young", "record.age < 40").when("old", "true"))
                .from("route", "young").then("young", Steps.streamWriter("young.jsonl", "jsonl"))
                .from("route", "old").then("ratio", Steps.alter().set("ratio", "${{ 100 / (record.age - 58) }}"))
                .then("old", Steps.streamWriter("old.jsonl", "jsonl"))
                .build();

        RunResult result = BeamRunner.builder(engine()).build().run(flow, RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'ratio' (flow_transformer_alter)"
                + " failed: Division by zero in expression '100 / (record.age - 58)' (config.expressions.ratio)");
        assertThat(result.step("ratio").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("route").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(dir.resolve("old.jsonl")).doesNotExist();
    }

    @Test
    void aStepThatCannotRunDistributedIsRefusedBeforeAnythingRuns() throws IOException {
        Dataflow flow = Dataflow.builder("counting")
                .start("read", Steps.csvReader("people.csv"))
                .then("count", Steps.flowSetVariable("dataflow.vars.last", "${{ record.name }}"))
                .then("show", Steps.debugWriter())
                .build();

        assertThatThrownBy(() -> BeamRunner.builder(engine()).build().run(flow, RunOptions.defaults()))
                .isInstanceOfSatisfying(DataflowValidationException.class, e -> assertThat(e.report().problems())
                        .containsExactly(
                                new Problem("count", null, "Cannot run distributed: it sets a run-wide variable,"
                                        + " which workers running apart cannot share."),
                                new Problem("show", null, "Cannot run distributed: it prints to the run's output,"
                                        + " which workers running apart do not have.")));
    }

    @Test
    void thousandsOfRecordsGiveTheRecordsOfALocalRun() throws IOException {
        Dataflow flow = RunnerFlows.squares("many", 2500, "many.jsonl");
        DataflowEngine engine = engine();
        RunResult local = engine.run(flow, RunOptions.builder().baseDir(dir.resolve("local")).build()).orThrow();
        List<String> expected = Files.readAllLines(dir.resolve("local/many.jsonl"));
        assertThat(expected).hasSize(1250).startsWith("{\"n\":1,\"square\":1}", "{\"n\":3,\"square\":9}");

        RunResult beam = BeamRunner.builder(engine).shards(2).build()
                .run(flow, RunOptions.builder().baseDir(dir.resolve("beam")).build()).orThrow();

        assertThat(RunnerFlows.shardLines(dir.resolve("beam"), "many", 2))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(counts(beam)).isEqualTo(counts(local));
    }

    @Test
    void aJsonReaderGivesTheRecordsOfALocalRun() throws IOException {
        RunResult result = BeamRunner.builder(engine()).shards(3).build().run(RunnerFlows.items(),
                RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(RunnerFlows.shardLines(dir, "items", 3))
                .containsExactlyInAnyOrder("{\"id\":1,\"price\":2.5}", "{\"id\":2,\"price\":10}");
        assertThat(counts(result)).containsExactly(Map.entry("read", List.of(0L, 3L)),
                Map.entry("priced", List.of(3L, 2L)), Map.entry("write", List.of(2L, 2L)));
    }

    @Test
    void aMissingFileAbortsTheRunNamingTheReader() throws IOException {
        DataflowEngine engine = engine();
        Dataflow flow = Dataflow.builder("missing")
                .start("read", Steps.csvReader("nobody.csv"))
                .then("write", Steps.streamWriter("nobody.jsonl", "jsonl"))
                .build();
        RunResult local = engine.run(flow, RunOptions.defaults());

        RunResult result = BeamRunner.builder(engine).build().run(flow, RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().stepAlias()).contains("read");
        assertThat(result.error()).isEqualTo(local.error());
        assertThat(result.step("read").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("write").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(dir.resolve("nobody.jsonl")).doesNotExist();
    }

}

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
import io.dataflows.StateStores;
import io.dataflows.StepExecutionException;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataflows run on Apache Flink in local mode (Flink's mini cluster in this JVM, two parallel workers) give the
 * multiset of records and the per-step counts of a local run, fail naming the failing step, and are refused before
 * Flink starts when a step cannot be distributed.
 */
@Tag("flink")
class FlinkRunnerTest {


    private final TestKit kit = new TestKit();
    private final StateStore store = StateStores.inMemory();

    @TempDir
    Path dir;

    private DataflowEngine engine() throws IOException {
        RunnerFlows.writeInput(dir);
        return kit.builder().baseDirectory(dir).stateStore(store).build();
    }

    private static BeamRunner flink(DataflowEngine engine, int shards) {
        return BeamRunner.builder(engine).flink(BeamRunner.LOCAL_FLINK, 2).shards(shards).build();
    }


    @Test
    void csvToJsonLinesInOneFileGivesTheRecordsAndCountsOfALocalRun() throws IOException {
        DataflowEngine engine = engine();
        RunResult local = engine.run(flow("people", "local.jsonl", "jsonl"), RunOptions.defaults()).orThrow();

        RunResult result = flink(engine, 1).run(flow("people", "flink.jsonl", "jsonl"), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllLines(dir.resolve("flink.jsonl")))
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(dir.resolve("local.jsonl")));
        assertThat(counts(result)).isEqualTo(counts(local)).containsExactly(
                Map.entry("read", List.of(0L, 7L)), Map.entry("older", List.of(7L, 5L)),
                Map.entry("greet", List.of(5L, 5L)), Map.entry("write", List.of(5L, 5L)));
        RunRecord record = store.runs("people").get(1);
        assertThat(record.id()).isEqualTo(result.runId());
        assertThat(record.status()).isEqualTo("finalised");
        assertThat(record.summary()).contains("\"write\":{\"status\":\"finalised\",\"recordsin\":5,\"recordsout\":5");
    }

    @Test
    void anIncrementalSqlReadGetsItsCounterBackFromTheWorkersThroughFlinksMetrics() throws Exception {
        String url = "jdbc:h2:mem:flink_incremental;DB_CLOSE_DELAY=-1" + TestDatabase.H2_OPTIONS;
        try (Connection c = BeamSqlReaderTest.h2(url).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (name VARCHAR(20), age INT)");
            s.execute("INSERT INTO people VALUES ('Ann', 34), ('Bob', 61), ('Eve', 45)");
        }
        store.putStepState("incremental", "people", "countervalue", 40L);
        DataflowEngine engine = kit.builder().baseDirectory(dir).stateStore(store).build();

        RunResult result = BeamRunner.builder(engine).flink(BeamRunner.LOCAL_FLINK, 2).shards(1)
                .workerSetup(new BeamSqlReaderTest.H2Source(url)).build()
                .run(BeamSqlReaderTest.incremental("flink.jsonl", "${{ 1 }}"), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllLines(dir.resolve("flink.jsonl"))).containsExactlyInAnyOrder(
                "{\"name\":\"Eve\",\"age\":45,\"ratio\":1}", "{\"name\":\"Bob\",\"age\":61,\"ratio\":1}");
        assertThat(store.stepState("incremental", "people", "countervalue")).contains(61L);
    }

    @Test
    void csvInTwoShardsEachWithTheHeaderLine() throws IOException {
        DataflowEngine engine = engine();
        RunResult local = engine.run(flow("people", "local.csv", "csv"), RunOptions.defaults()).orThrow();
        List<String> expected = Files.readAllLines(dir.resolve("local.csv"));

        RunResult result = flink(engine, 2).run(flow("people", "flink.csv", "csv"), RunOptions.defaults()).orThrow();

        List<String> rows = new ArrayList<>();
        for (String shard : List.of("flink-00000-of-00002.csv", "flink-00001-of-00002.csv")) {
            List<String> lines = Files.readAllLines(dir.resolve(shard));
            assertThat(lines.get(0)).isEqualTo("name,age,country,greeting");
            rows.addAll(lines.subList(1, lines.size()));
        }
        assertThat(rows).hasSize(6).containsExactlyInAnyOrderElementsOf(expected.subList(1, expected.size()));
        assertThat(counts(result)).isEqualTo(counts(local));
    }

    @Test
    void jsonAndArrayReadersInTwoShards() throws IOException {
        DataflowEngine engine = engine();
        Dataflow items = RunnerFlows.items();
        Dataflow squares = RunnerFlows.squares("squares", 40, "squares.jsonl");
        for (String run : List.of("local", "flink")) {
            Files.createDirectories(dir.resolve(run));
            Files.copy(dir.resolve("items.json"), dir.resolve(run + "/items.json"));
        }
        for (Dataflow flow : List.of(items, squares)) {
            String out = flow.name() + ".jsonl";
            RunResult local = engine.run(flow, RunOptions.builder().baseDir(dir.resolve("local")).build())
                    .orThrow();

            RunResult result = flink(engine, 2).run(flow, RunOptions.builder().baseDir(dir.resolve("flink")).build())
                    .orThrow();

            assertThat(RunnerFlows.shardLines(dir.resolve("flink"), flow.name(), 2)).as(flow.name())
                    .containsExactlyInAnyOrderElementsOf(Files.readAllLines(dir.resolve("local/" + out)));
            assertThat(counts(result)).as(flow.name()).isEqualTo(counts(local));
        }
        assertThat(Files.readAllLines(dir.resolve("local/items.jsonl")))
                .containsExactly("{\"id\":1,\"price\":2.5}", "{\"id\":2,\"price\":10}");
        assertThat(Files.readAllLines(dir.resolve("local/squares.jsonl"))).hasSize(20)
                .startsWith("{\"n\":1,\"square\":1}", "{\"n\":3,\"square\":9}");
    }

    @Test
    void branchingFlowsGiveEachWriterTheRecordsAndCountsOfALocalRun() throws IOException {
        DataflowEngine engine = engine();
        for (String run : List.of("local", "flink")) {
            Files.createDirectories(dir.resolve(run));
            Files.copy(dir.resolve("people.csv"), dir.resolve(run + "/people.csv"));
        }
        Map<Dataflow, List<String>> flows = Map.of(RunnerFlows.branches(), List.of("nz", "all"),
                RunnerFlows.cases(), List.of("case-nz", "case-au"), RunnerFlows.twoReaders(), List.of("readers"));
        for (Map.Entry<Dataflow, List<String>> e : flows.entrySet()) {
            Dataflow flow = e.getKey();
            RunResult local = engine.run(flow, RunOptions.builder().baseDir(dir.resolve("local")).build())
                    .orThrow();

            RunResult result = flink(engine, 2).run(flow, RunOptions.builder().baseDir(dir.resolve("flink")).build())
                    .orThrow();

            for (String out : e.getValue()) {
                List<String> expected = Files.readAllLines(dir.resolve("local/" + out + ".jsonl"));
                assertThat(RunnerFlows.shardLines(dir.resolve("flink"), out, 2)).as(out)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(counts(result)).as(flow.name()).isEqualTo(counts(local));
        }
        assertThat(Files.readAllLines(dir.resolve("local/all.jsonl"))).hasSize(9);
        assertThat(Files.readAllLines(dir.resolve("local/case-au.jsonl"))).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("local/readers.jsonl"))).hasSize(6);
    }

    @Test
    void aCsvFileReadInPartsGivesTheRecordsAndCountsOfALocalRun() throws IOException {
        DataflowEngine engine = engine();
        Files.writeString(dir.resolve("large.csv"), RunnerFlows.largeCsv(2000));
        Dataflow flow = RunnerFlows.large("large", "large.csv", "large.jsonl");
        RunResult local = engine.run(flow, RunOptions.defaults()).orThrow();
        Path out = Files.createDirectories(dir.resolve("flink"));
        Files.copy(dir.resolve("large.csv"), out.resolve("large.csv"));

        RunResult result = BeamRunner.builder(engine).flink(BeamRunner.LOCAL_FLINK, 2).shards(2).splitBytes(8 * 1024)
                .build().run(flow, RunOptions.builder().baseDir(out).build()).orThrow();

        assertThat(RunnerFlows.shardLines(out, "large", 2))
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(dir.resolve("large.jsonl")));
        assertThat(counts(result)).isEqualTo(counts(local));
        assertThat(counts(local).get("read")).containsExactly(0L, 2000L);
    }

    @Test
    void aFailingExpressionAbortsTheRunNamingTheStep() throws IOException {
        Dataflow flow = RunnerFlows.failingAges();

        RunResult result = flink(engine(), 1).run(flow, RunOptions.defaults());

        StepExecutionException failure = RunnerFlows.assertAgesFailed(result, dir);
        RunRecord record = store.runs("ages").get(0);
        assertThat(record.status()).isEqualTo("aborted");
        assertThat(record.error()).isEqualTo(failure.getMessage());
    }

    @Test
    void aRefusedFlowIsRefusedBeforeFlinkStarts() throws IOException {
        Dataflow flow = Dataflow.builder("counting")
                .start("read", Steps.csvReader("people.csv"))
                .then("count", Steps.flowSetVariable("dataflow.vars.last", "${{ record.name }}"))
                .then("show", Steps.debugWriter())
                .build();
        // a master nobody listens on: reaching Flink at all would fail differently
        BeamRunner runner = BeamRunner.builder(engine()).flink("127.0.0.1:1", 2).build();

        assertThatThrownBy(() -> runner.run(flow, RunOptions.defaults()))
                .isInstanceOfSatisfying(DataflowValidationException.class, e -> assertThat(e.report().problems())
                        .containsExactly(
                                new Problem("count", null, "Cannot run distributed: it sets a run-wide variable,"
                                        + " which workers running apart cannot share."),
                                new Problem("show", null, "Cannot run distributed: it prints to the run's output,"
                                        + " which workers running apart do not have.")));
        assertThat(store.runs("counting")).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("people.csv",
                    "items.json");
        }
    }

    @Test
    void theFlinkOptionsAreChecked() {
        BeamRunner.Builder builder = BeamRunner.builder(kit.builder().build());
        assertThatThrownBy(() -> builder.flink(" ", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the Flink master must not be blank");
        assertThatThrownBy(() -> builder.flink(BeamRunner.LOCAL_FLINK, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be at least 1: 0");
    }

}

package io.dataflows.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.dot.DotExporter;
import io.dataflows.dot.ImageFormat;
import io.dataflows.steps.Steps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example: each YAML flow with its exact output, and the Java embedding example. */
class ExamplesTest {

    static final Path FLOWS = Path.of("flows");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private DataflowEngine engine;

    @BeforeEach
    void copyFlows() throws IOException {
        try (Stream<Path> files = Files.walk(FLOWS)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(FLOWS.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.toString().contains("/out/")) {
                    Files.copy(f, target);
                }
            }
        }
        engine = DataflowEngine.builder().output(new PrintStream(stdout, true, StandardCharsets.UTF_8)).build();
    }

    private RunResult run(String flow) {
        Dataflow dataflow = Definitions.read(dir.resolve(flow));
        return engine.run(dataflow, RunOptions.builder().baseDir(dir).build()).orThrow();
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String file(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    static List<Path> yamlFlows() throws IOException {
        try (Stream<Path> files = Files.list(FLOWS)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test
    void everyExampleFlowIsValid() throws IOException {
        assertThat(yamlFlows()).hasSizeGreaterThanOrEqualTo(5);
        for (Path f : yamlFlows()) {
            assertThat(engine.validate(Definitions.read(f), RunOptions.builder().baseDir(FLOWS).build()).problems())
                    .as(f.toString()).isEmpty();
        }
    }

    @Test
    void helloPrintsTheGreetedAdults() {
        RunResult r = run("hello.yml");

        assertThat(out()).isEqualTo(String.join("\n",
                "{\"name\":\"Aroha\",\"age\":\"34\",\"country\":\"NZ\",\"greeting\":\"Kia ora, Aroha!\"}",
                "{\"name\":\"Chloé\",\"age\":\"52\",\"country\":\"NZ\",\"greeting\":\"Kia ora, Chloé!\"}",
                "{\"name\":\"Dmitri\",\"age\":\"29\",\"country\":\"UA\",\"greeting\":\"Kia ora, Dmitri!\"}", ""));
        assertThat(r.step("read").recordsOut()).isEqualTo(5);
    }

    @Test
    void scoresByGradeWritesTheReferenceWorkload() throws IOException {
        RunResult r = run("scores-by-grade.yml");

        assertThat(file("out/grade-a.json")).isEqualTo(String.join("\n",
                "[",
                "    {",
                "        \"id\": \"1\",",
                "        \"name\": \"Aroha\",",
                "        \"email\": \"aroha@example.org\",",
                "        \"score\": \"91\",",
                "        \"country\": \"nz\",",
                "        \"grade\": \"A\",",
                "        \"label\": \"Aroha@NZ\"",
                "    },",
                "    {",
                "        \"id\": \"5\",",
                "        \"name\": \"Eru\",",
                "        \"email\": \"eru@example.org\",",
                "        \"score\": \"99\",",
                "        \"country\": \"nz\",",
                "        \"grade\": \"A\",",
                "        \"label\": \"Eru@NZ\"",
                "    }",
                "]", ""));
        assertThat(file("out/grade-b.csv")).isEqualTo(String.join("\n",
                "id,name,email,score,country,grade,label",
                "3,Chloé,chloe@example.org,78,nz,B,Chloé@NZ",
                "4,Dmitri,dmitri@example.org,50,ua,B,Dmitri@UA", ""));
        assertThat(r.step("passed").recordsOut()).isEqualTo(4);
        assertThat(r.variable("steps.grade_a.iterations")).contains(2L);
    }

    @Test
    void usersByRegionRoutesSortedUsersByCountry() throws IOException {
        run("users-by-region.yml");

        assertThat(file("out/users-nz.jsonl")).isEqualTo(
                "{\"id\":2,\"name\":\"Grace\",\"country\":\"NZ\",\"roles\":[\"editor\",\"admin\"]}\n"
                        + "{\"id\":3,\"name\":\"Hana\",\"country\":\"NZ\",\"roles\":[\"admin\"]}\n");
        assertThat(file("out/users-au.jsonl")).isEqualTo(
                "{\"id\":1,\"name\":\"aaron\",\"country\":\"AU\",\"roles\":[]}\n");
        assertThat(file("out/users-ua.jsonl")).isEqualTo(
                "{\"id\":4,\"name\":\"Ivan\",\"country\":\"UA\",\"roles\":[\"viewer\"]}\n");
    }

    @Test
    void usersByRegionDryRunWritesNothing() {
        Dataflow dataflow = Definitions.read(dir.resolve("users-by-region.yml"));
        RunResult r = engine.run(dataflow, RunOptions.builder().baseDir(dir).dryRun(true).build());

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.effects()).extracting(Object::toString).containsExactly(
                "write_nz: would write " + dir.resolve("out/users-nz.jsonl"),
                "write_au: would write " + dir.resolve("out/users-au.jsonl"),
                "write_ua: would write " + dir.resolve("out/users-ua.jsonl"));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void dryRunExampleRunsAFlowThatOnlyWritesUnderItsOutputDirectory() throws IOException {
        Dataflow flow = Definitions.read(dir.resolve("users-by-region.yml"));
        RunOptions options = RunOptions.builder().baseDir(dir).build();

        assertThat(DryRunExample.objections(engine, flow, options, dir.resolve("out"))).isEmpty();
        assertThat(DryRunExample.runIfOnlyWritingUnder(engine, flow, options, dir.resolve("out")).status())
                .isEqualTo(RunStatus.FINALISED);
        assertThat(file("out/users-au.jsonl")).startsWith("{\"id\":1,");
    }

    @Test
    void dryRunExampleRefusesAFlowThatWritesElsewhereOrDeletes() {
        Dataflow flow = Definitions.read(dir.resolve("users-by-region.yml"));
        RunOptions options = RunOptions.builder().baseDir(dir).build();

        assertThatThrownBy(() -> DryRunExample.runIfOnlyWritingUnder(engine, flow, options, dir.resolve("in")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Not running 'users-by-region': write_nz: would write " + dir.resolve("out/users-nz.jsonl")
                        + "; write_au: would write " + dir.resolve("out/users-au.jsonl") + "; write_ua: would write "
                        + dir.resolve("out/users-ua.jsonl"));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void lambdaStepsExampleKeepsTheAdults() {
        List<DataRecord> adults = LambdaStepsExample.adults(engine, List.of(
                DataRecord.of("name", "Aroha", "age", 34).asMap(), DataRecord.of("name", "Ben", "age", 17).asMap(),
                DataRecord.of("name", "Chloé", "age", 71).asMap()));

        assertThat(adults).extracting(DataRecord::toJson).containsExactly(
                "{\"name\":\"AROHA\",\"age\":34,\"group\":\"adult\"}",
                "{\"name\":\"CHLOÉ\",\"age\":71,\"group\":\"senior\"}");
    }

    @Test
    void aFlowOfLambdaStepsIsDrawnThoughItCannotBeExported() {
        Dataflow flow = Dataflow.builder("drawn")
                .start("people", Steps.source(List.of(Map.of("age", 1))))
                .then("adults", Steps.filter(r -> r.getLong("age") >= 18))
                .then("keep", Steps.collector())
                .build();

        String dot = DotExporter.builder().engine(engine).build().toDot(flow);

        assertThat(dot).contains("\"people\" [", "\"adults\" [", "\"keep\" [", "\"people\" -> \"adults\"",
                "\"adults\" -> \"keep\"");
        assertThatThrownBy(() -> Definitions.toYaml(flow, engine.registry()))
                .hasMessageContaining("steps 'people' (java_source), 'adults' (java_filter), 'keep' (java_sink) are "
                        + "given in code");
    }

    @Test
    void counterCountsItsRunsAcrossRuns() {
        assertThat(run("counter.yml").variable("dataflow.vars.runs")).contains(1L);
        assertThat(run("counter.yml").variable("dataflow.vars.runs")).contains(2L);
        Dataflow dataflow = Definitions.read(dir.resolve("counter.yml"));
        RunResult dry = engine.run(dataflow, RunOptions.builder().baseDir(dir).dryRun(true).build());
        assertThat(dry.variable("dataflow.vars.runs")).contains(3L);
        assertThat(run("counter.yml").variable("dataflow.vars.runs")).contains(3L);
    }

    @Test
    void joinAndTeeSendsEveryRecordOfBothReadersToBothBranches() throws IOException {
        RunResult r = run("join-and-tee.yml");

        List<String> printed = out().lines().toList();
        assertThat(printed).hasSize(7).startsWith("{\"name\":\"Rewi\",\"team\":\"ops\"}",
                "{\"name\":\"Sina\",\"team\":\"dev\"}", "{\"name\":\"Aroha\",\"age\":\"34\",\"country\":\"nz\"}");
        assertThat(file("out/everyone.jsonl").lines().toList()).isEqualTo(printed);
        assertThat(r.step("everyone").recordsIn()).isEqualTo(7);
    }

    @Test
    void embeddingExampleRunsWithTheCustomStep() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RunResult r = EmbeddingExample.run(dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(file("out/nz.json")).isEqualTo(
                "[\n{\"name\":\"AROHA\",\"age\":34,\"country\":\"NZ\",\"region\":\"nz\"}\n]\n");
        assertThat(file("out/other.jsonl")).isEqualTo(
                "{\"name\":\"CHLOÉ\",\"age\":52,\"country\":\"FR\",\"region\":\"other\"}\n");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Dataflow 'users-by-region' is valid")
                .contains("dry run: finalised, skipped: [write_nz: would write " + dir.resolve("out/nz.json"))
                .contains("2 adult(s)");
    }

    @Test
    void hostFunctionsExampleLooksUpInTheDryRunAndUpdatesInTheRealRun() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        HostFunctionsExample app = new HostFunctionsExample();

        RunResult r = app.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(app.users()).isEqualTo(Map.of(
                1L, Map.of("id", 1L, "email", "aroha@example.org", "city", "Wellington"),
                2L, Map.of("id", 2L, "email", "ben@example.org", "city", "Melbourne")));
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("Dataflow 'moves' is valid\n"
                + "dry run: finalised, 2 user(s) found, skipped: [update: would call host function update_user], "
                + "users: {1={id=1, email=aroha@example.org, city=Auckland}, "
                + "2={id=2, email=ben@example.org, city=Sydney}}\n"
                + "run: finalised, 2 user(s) updated, last changed: [city], "
                + "users: {1={id=1, email=aroha@example.org, city=Wellington}, "
                + "2={id=2, email=ben@example.org, city=Melbourne}}\n");
    }

    @Test
    void cancelExampleStopsBothRunsWithoutWriting() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<RunResult> results = CancelExample.run(dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(results).extracting(RunResult::status).containsExactly(RunStatus.CANCELLED, RunStatus.CANCELLED);
        assertThat(results.get(0).cancelReason()).contains("timeout after PT0.5S");
        assertThat(results.get(1).cancelReason()).contains("cancelled by caller");
        assertThat(dir.resolve("export.json")).doesNotExist();
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(
                "with a timeout: cancelled (timeout after PT0.5S)\n"
                + "cancelled: cancelled (cancelled by caller), step 'write': not_run, export.json written: false\n");
    }

    @Test
    void listenerExamplePrintsEveryStepAndTheRun() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RunResult result = ListenerExample.run(dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(
                "read (reader_array): finished, 0 in, 3 out\n"
                + "large (flow_transformer_filter): finished, 3 in, 2 out\n"
                + "write (writer_stream): finished, 2 in, 2 out\n"
                + "run 1 of large-orders: finalised\n"
                + "runs that did not finalise: 0\n");
        assertThat(file("large.jsonl")).isEqualTo("{\"id\":1,\"total\":250}\n{\"id\":3,\"total\":990}\n");
    }

    @Test
    void everyExampleRendersWithGraphviz() throws IOException {
        DotExporter dot = DotExporter.builder().engine(engine).build();
        for (Path f : yamlFlows()) {
            String svg = new String(dot.render(Definitions.read(f), ImageFormat.SVG), StandardCharsets.UTF_8);
            assertThat(svg).as(f.toString()).contains("<svg").contains("</svg>");
        }
        assertThat(new String(dot.render(EmbeddingExample.usersByRegion(), ImageFormat.SVG),
                StandardCharsets.UTF_8)).contains("<svg");
    }
}

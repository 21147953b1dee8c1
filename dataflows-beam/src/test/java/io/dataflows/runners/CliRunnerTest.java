package io.dataflows.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.dataflows.cli.CliProcess;
import io.dataflows.cli.CliResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataflows run --runner beam|flink}: the run of a Beam pipeline gives the local run's records, is recorded in
 * the state database like a local run, a flow that cannot run distributed is refused with its problems, and without
 * dataflows-beam on the class path the command says how to get it. The rules of the runner options, which need no
 * runner, are tested in dataflows-cli (CliRunnerOptionsTest). An incremental {@code reader_sql} keeps one counter
 * across local and distributed runs. The run on Flink is tagged {@code flink}: the Maven profile {@code flink} runs
 * it (docs/beam.md).
 */
class CliRunnerTest {

    /** The command's exit code when a usage error. */
    private static final int EXIT_USAGE = 64;

    /** The command's exit code when the run aborted. */
    private static final int EXIT_ABORTED = 1;

    /** The command's exit code when the definition is invalid, or refused by the runner. */
    private static final int EXIT_INVALID = 2;

    private static final String FLOW = """
            name: greetings
            vars:
              out: local.jsonl
            steps:
              read: {type: reader_csv, config: {path: people.csv}}
              older: {type: flow_transformer_filter, depends_on: read, config: {filter: 'record.age > 30'}}
              greet:
                type: flow_transformer_alter
                depends_on: older
                config: {expressions: {greeting: 'Hello ${{ record.name }}'}}
              write:
                type: writer_stream
                depends_on: greet
                config: {streamname: '${{ dataflow.vars.out }}', format: jsonl}
            """;

    @TempDir
    Path dir;

    private Path flow(String name, String text) throws IOException {
        Files.writeString(dir.resolve("people.csv"), """
                name,age
                Ana,34
                Bo,19
                "Carla, Jr.",41
                Dev,58
                Eve,30
                """);
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String state() {
        return dir.resolve("state").toString();
    }

    @Test
    void beamGivesTheRecordsOfALocalRunAndIsRecordedWithItsSummary() throws Exception {
        assertRunsAsLocally(List.of("--runner", "beam"));
    }

    @Test
    @Tag("flink")
    void flinkGivesTheRecordsOfALocalRunAndIsRecordedWithItsSummary() throws Exception {
        assertRunsAsLocally(List.of("--runner", "flink", "--parallelism", "2"));
    }

    /**
     * Runs the flow locally, then with {@code runner}'s options: the same lines in any order, both runs finalised in
     * the history with the same per-step counts, and the second run's state file naming the second run.
     */
    @SuppressWarnings("unchecked")
    private void assertRunsAsLocally(List<String> runner) throws Exception {
        Path flow = flow("greetings.yml", FLOW);
        CliResult local = CliResult.run("run", flow.toString(), "--state-dir", state(), "--quiet");
        assertThat(local.exit()).as(local.err()).isZero();
        List<String> expected = Files.readAllLines(dir.resolve("local.jsonl"));
        assertThat(expected).containsExactly(
                "{\"name\":\"Ana\",\"age\":\"34\",\"greeting\":\"Hello Ana\"}",
                "{\"name\":\"Carla, Jr.\",\"age\":\"41\",\"greeting\":\"Hello Carla, Jr.\"}",
                "{\"name\":\"Dev\",\"age\":\"58\",\"greeting\":\"Hello Dev\"}");
        List<String> args = new ArrayList<>(List.of("run", flow.toString(), "--var", "out=distributed.jsonl",
                "--state-dir", state(), "--quiet", "--state-out", dir.resolve("state.json").toString()));
        args.addAll(runner);

        CliResult r = CliResult.run(args.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("distributed.jsonl"))).containsExactlyInAnyOrderElementsOf(expected);
        Map<String, Object> runState = json(Files.readString(dir.resolve("state.json")));
        assertThat(runState).containsEntry("status", "finalised").containsEntry("error", null);

        CliResult runs = CliResult.run("runs", "--json", "--state-dir", state());
        assertThat(runs.exit()).as(runs.err()).isZero();
        List<String> lines = runs.out().lines().toList();
        assertThat(lines).hasSize(2);
        Map<String, Object> expectedSteps = Map.of(
                "read", Map.of("status", "finalised", "recordsin", 0, "recordsout", 5),
                "older", Map.of("status", "finalised", "recordsin", 5, "recordsout", 3),
                "greet", Map.of("status", "finalised", "recordsin", 3, "recordsout", 3),
                "write", Map.of("status", "finalised", "recordsin", 3, "recordsout", 3));
        for (String line : lines) {
            Map<String, Object> run = json(line);
            assertThat(run).containsEntry("flow", "greetings").containsEntry("status", "finalised")
                    .containsEntry("trigger", "manual").containsEntry("error", null)
                    .containsEntry("failedstep", null);
            Map<String, Map<String, Object>> steps = (Map<String, Map<String, Object>>) run.get("steps");
            assertThat(steps).containsOnlyKeys("read", "older", "greet", "write");
            steps.forEach((alias, step) -> assertThat(step).as(alias)
                    .containsAllEntriesOf((Map<String, Object>) expectedSteps.get(alias)));
        }
        assertThat(json(lines.get(0)).get("id")).isEqualTo(((Map<String, Object>) runState.get("run")).get("id"));
    }

    @Test
    void aFailingStepAbortsTheRunWithOneLineAndTheHistoryNamesIt() throws Exception {
        Path flow = flow("ratios.yml", """
                name: ratios
                steps:
                  read: {type: reader_csv, config: {path: people.csv}}
                  ratio:
                    type: flow_transformer_alter
                    depends_on: read
                    config: {expressions: {r: '${{ 100 / (record.age - 34) }}'}}
                  write: {type: writer_stream, depends_on: ratio, config: {streamname: ratios.jsonl, format: jsonl}}
                """);
        String error = "Step 'ratio' (flow_transformer_alter) failed: Division by zero in expression"
                + " '100 / (record.age - 34)' (config.expressions.r)";

        CliResult r = CliResult.run("run", flow.toString(), "--runner", "beam", "--state-dir", state());

        assertThat(r.exit()).isEqualTo(EXIT_ABORTED);
        assertThat(r.err()).isEqualTo("Run aborted: " + error + "\n");
        assertThat(dir.resolve("ratios.jsonl")).doesNotExist();
        Map<String, Object> run = json(CliResult.run("runs", "--json", "--state-dir", state()).out().strip());
        assertThat(run).containsEntry("flow", "ratios").containsEntry("status", "aborted")
                .containsEntry("error", error).containsEntry("failedstep", "ratio")
                .containsEntry("failedrecord", null);
    }

    @Test
    void aConnectorBeforeTheBlockFillsATableThatReaderSqlReadsOnTheWorkers() throws Exception {
        Path flow = flow("scores.yml", """
                name: scores
                vars: {out: local.jsonl}
                steps:
                  fill:
                    type: connector_sql
                    config:
                      sql: |
                        DROP TABLE IF EXISTS scores;
                        CREATE TABLE scores (name VARCHAR(20), score INT);
                        INSERT INTO scores VALUES ('Ana', 73), ('Bo', 41), ('Carla', 88), ('Dev', 55)
                  read:
                    type: reader_sql
                    depends_on: fill
                    config: {sql: 'SELECT name, score FROM scores ORDER BY name'}
                  passed: {type: flow_transformer_filter, depends_on: read, config: {filter: 'record.score >= 50'}}
                  write:
                    type: writer_stream
                    depends_on: passed
                    config: {streamname: '${{ dataflow.vars.out }}', format: jsonl}
                  done:
                    type: connector_file_put_content
                    depends_on: write
                    config: {path: '${{ dataflow.vars.out }}.count', content: '${{ steps.write.iterations }}'}
                """);
        CliResult local = CliResult.run("run", flow.toString(), "--state-dir", state());
        assertThat(local.exit()).as(local.err()).isZero();

        CliResult beam = CliResult.run("run", flow.toString(), "--runner", "beam", "--var", "out=beam.jsonl",
                "--state-dir", state());

        assertThat(beam.exit()).as(beam.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("local.jsonl"))).containsExactly(
                "{\"name\":\"Ana\",\"score\":73}", "{\"name\":\"Carla\",\"score\":88}",
                "{\"name\":\"Dev\",\"score\":55}");
        assertThat(Files.readAllLines(dir.resolve("beam.jsonl")))
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(dir.resolve("local.jsonl")));
        assertThat(dir.resolve("local.jsonl.count")).hasContent("3");
        assertThat(dir.resolve("beam.jsonl.count")).hasContent("3");
    }

    @Test
    void anIncrementalReaderSqlOnBeamStoresItsCounterWhereTheNextRunLocalOrOnBeamStartsFromIt() throws Exception {
        Path incremental = flow("new-scores.yml", """
                name: new-scores
                steps:
                  read:
                    type: reader_sql
                    config:
                      sql: 'SELECT id, name FROM scores [[ WHERE id > ${{ config.countervalue }} ]] ORDER BY id'
                      counterfield: id
                  write: {type: writer_stream, depends_on: read, config: {streamname: '${{ dataflow.vars.out }}', \
                format: jsonl}}
                """);
        fillScores("CREATE TABLE scores (id INT, name VARCHAR(20)); INSERT INTO scores VALUES (1, 'Ana'), (2, 'Bo')");

        CliResult first = CliResult.run("run", incremental.toString(), "--runner", "beam", "--var",
                "out=first.jsonl", "--state-dir", state());
        fillScores("INSERT INTO scores VALUES (3, 'Carla')");
        CliResult second = CliResult.run("run", incremental.toString(), "--var", "out=second.jsonl",
                "--state-dir", state());
        fillScores("INSERT INTO scores VALUES (4, 'Dev'), (5, 'Eli')");
        CliResult third = CliResult.run("run", incremental.toString(), "--runner", "beam", "--var",
                "out=third.jsonl", "--state-dir", state());

        assertThat(List.of(first, second, third)).allSatisfy(r -> assertThat(r.exit()).as(r.err()).isZero());
        assertThat(Files.readAllLines(dir.resolve("first.jsonl"))).containsExactlyInAnyOrder(
                "{\"id\":1,\"name\":\"Ana\"}", "{\"id\":2,\"name\":\"Bo\"}");
        assertThat(Files.readAllLines(dir.resolve("second.jsonl"))).containsExactly("{\"id\":3,\"name\":\"Carla\"}");
        assertThat(Files.readAllLines(dir.resolve("third.jsonl"))).containsExactlyInAnyOrder(
                "{\"id\":4,\"name\":\"Dev\"}", "{\"id\":5,\"name\":\"Eli\"}");
    }

    /** Runs {@code sql} in the embedded flows database of the state directory, with a local run of a connector. */
    private void fillScores(String sql) throws IOException {
        Path fill = flow("fill.yml", "name: fill\nsteps:\n  fill: {type: connector_sql, config: {sql: \"" + sql
                + "\"}}\n");
        CliResult r = CliResult.run("run", fill.toString(), "--state-dir", state(), "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void aDryRunOnBeamWritesNothing() throws Exception {
        Path flow = flow("greetings.yml", FLOW);

        CliResult r = CliResult.run("run", flow.toString(), "--runner", "beam", "--dry-run", "--state-dir", state(),
                "--quiet");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(dir.resolve("local.jsonl")).doesNotExist();
    }

    @Test
    void aFlowThatCannotRunDistributedIsRefusedWithItsProblems() throws Exception {
        Path flow = flow("show.yml", """
                name: show
                steps:
                  read: {type: reader_csv, config: {path: people.csv}}
                  print: {type: writer_debugging, depends_on: read}
                """);

        for (String runner : List.of("beam", "flink")) {
            CliResult r = CliResult.run("run", flow.toString(), "--runner", runner, "--state-dir", state());

            assertThat(r.exit()).as(runner).isEqualTo(EXIT_INVALID);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).as(runner).isEqualTo("print: Cannot run distributed: it prints to the run's output,"
                    + " which workers running apart do not have.\n");
        }
        assertThat(CliResult.run("runs", "--json", "--state-dir", state()).out()).isEmpty();
    }

    @Test
    void withoutTheBeamModuleADistributedRunSaysHowToGetIt() throws Exception {
        Path flow = flow("greetings.yml", FLOW);
        String withoutBeam = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("dataflows-beam") && !entry.contains("org/apache/beam")
                        && !entry.contains("org/apache/flink"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(CliProcess.command(List.of("run", flow.toString(), "--runner",
                "flink", "--state-dir", state())));
        command.set(command.indexOf("-cp") + 1, withoutBeam);

        CliResult r = CliProcess.await(CliProcess.start(command, Map.of(), dir.resolve("process.out"),
                dir.resolve("process.err")), dir);

        assertThat(r.exit()).isEqualTo(EXIT_USAGE);
        assertThat(r.err()).isEqualTo("dataflows: --runner flink needs the dataflows-beam module; run it with"
                + " ./dataflows, which adds it\n");
        assertThat(dir.resolve("local.jsonl")).doesNotExist();
    }

    @Test
    void globalsSettingsTheDataRootAndEnvironmentSecretsReachTheWorkers() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path flow = flow("context.yml", """
                name: context
                steps:
                  read: {type: reader_csv, config: {path: people.csv}}
                  tag:
                    type: flow_transformer_alter
                    depends_on: read
                    config:
                      expressions:
                        site: '${{ global.vars.site }}'
                        root: '${{ global.cfg.wwwroot }}'
                        token: '${{ secrets.token }}'
                  write:
                    type: writer_stream
                    depends_on: tag
                    config: {streamname: '[dataroot]/out.jsonl', format: jsonl}
                """);

        CliResult r = CliProcess.run(dir, Map.of("DATAFLOWS_SECRET_token", "s3cret"), "run", flow.toString(),
                "--runner", "beam", "--state-dir", state(), "--quiet", "--global", "site=Example",
                "--cfg", "wwwroot=https://example.test", "--data-root", data.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(data.resolve("out.jsonl"))).hasSize(5)
                .contains("{\"name\":\"Ana\",\"age\":\"34\",\"site\":\"Example\",\"root\":"
                        + "\"https://example.test\",\"token\":\"s3cret\"}");
    }

    @Test
    void aLocalRunLoadsNoClassOfBeamOrFlink() throws Exception {
        Path flow = flow("greetings.yml", FLOW);
        Path classes = dir.resolve("classes.log");
        List<String> command = new ArrayList<>(CliProcess.command(List.of("run", flow.toString(), "--state-dir",
                state())));
        command.add(1, "-Xlog:class+load=info:file=" + classes);

        CliResult r = CliProcess.await(CliProcess.start(command, Map.of(), dir.resolve("process.out"),
                dir.resolve("process.err")), dir);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("local.jsonl"))).hasSize(3);
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).anyMatch(line -> line.contains("io.dataflows.cli.RunCommand "));
        assertThat(loaded).noneMatch(line -> line.contains("org.apache.beam") || line.contains("org.apache.flink")
                || line.contains("io.dataflows.beam"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws IOException {
        return JsonMapper.builder().build().readValue(text, Map.class);
    }
}

package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of {@code dataflows run --runner}, checked before any runner is looked for, and the one line a
 * distributed run gives without {@code dataflows-beam}, which this module's class path does not have (the runs
 * themselves are tested in dataflows-beam: CliRunnerTest, CliRunnerExamplesTest, CliRunnerSignalTest).
 */
class CliRunnerOptionsTest {

    private static final String FLOW = """
            name: greetings
            steps:
              read: {type: reader_csv, config: {path: people.csv}}
              write: {type: writer_stream, depends_on: read, config: {streamname: local.jsonl, format: jsonl}}
            """;

    @TempDir
    Path dir;

    private Path flow(String name, String text) throws IOException {
        Files.writeString(dir.resolve("people.csv"), "name,age\nAna,34\n");
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String state() {
        return dir.resolve("state").toString();
    }

    @Test
    void theRunnerOptionsAreChecked() throws Exception {
        String flow = flow("greetings.yml", FLOW).toString();
        Map<List<String>, String> usage = Map.of(
                List.of("--flink-master", "localhost:8081"), "--flink-master needs --runner flink",
                List.of("--runner", "beam", "--parallelism", "2"), "--parallelism needs --runner flink",
                List.of("--runner", "spark"), "Invalid value for --runner: 'spark' (local, beam or flink)",
                List.of("--runner", "flink", "--parallelism", "0"), "Invalid value for --parallelism: '0' (at least 1)",
                List.of("--runner", "beam", "--secret", "token=@token.txt"),
                "--secret does not reach the workers of --runner beam; they read secrets from their own environment "
                        + "(DATAFLOWS_SECRET_<NAME>)",
                List.of("--runner", "flink", "--progress"),
                "--progress does not reach the workers of --runner flink; it works with --runner local only",
                List.of("--runner", "beam", "--read-ahead"),
                "--read-ahead does not reach the workers of --runner beam; it works with --runner local only",
                List.of("--runner", "flink", "--write-behind"),
                "--write-behind does not reach the workers of --runner flink; it works with --runner local only",
                List.of("--runner", "beam", "--data-db", "jdbc:postgresql://db/flows?user=etl&password=hunter2"),
                "The URL of --data-db has a password in it, which is not sent to the workers of --runner beam; give it"
                        + " in DATAFLOWS_DATA_DB_PASSWORD instead, which the workers read from their own environment",
                List.of("--runner", "flink", "--db", "jdbc:h2:mem:x;PASSWORD=hunter2"),
                "The URL of --db has a password in it, which is not sent to the workers of --runner flink; give it"
                        + " in DATAFLOWS_DB_PASSWORD instead, which the workers read from their own environment");
        usage.forEach((options, message) -> {
            List<String> args = new ArrayList<>(List.of("run", flow, "--state-dir", state()));
            args.addAll(options);

            CliResult r = CliResult.run(args.toArray(String[]::new));

            assertThat(r.exit()).as(options.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(options.toString()).isEqualTo(message + "\nTry 'dataflows run --help'.\n");
        });
        assertThat(dir.resolve("local.jsonl")).doesNotExist();
    }

    @Test
    void withoutTheBeamModuleADistributedRunSaysHowToGetIt() throws Exception {
        String flow = flow("greetings.yml", FLOW).toString();
        for (String runner : List.of("beam", "flink")) {
            CliResult r = CliResult.run("run", flow, "--runner", runner, "--state-dir", state());

            assertThat(r.exit()).as(runner).isEqualTo(ExitCodes.USAGE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("dataflows: --runner " + runner + " needs the dataflows-beam module; run it"
                    + " with ./dataflows, which adds it\n");
        }
        assertThat(dir.resolve("local.jsonl")).doesNotExist();
    }
}

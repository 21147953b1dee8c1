package io.dataflows.runners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import io.dataflows.cli.CliResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example flows on Beam and Flink: those that can run distributed give the files of a local run (the same
 * multiset of lines in each), the others are refused with the problems of docs/beam.md, before anything runs. The
 * runs on Flink are tagged {@code flink}: the Maven profile {@code flink} runs them (docs/beam.md).
 */
class CliRunnerExamplesTest {

    /** The command's exit code when the definition is invalid, or refused by the runner. */
    private static final int EXIT_INVALID = 2;

    private static final Path EXAMPLES = Path.of("../dataflows-examples/flows");

    /** Why each example that cannot run distributed is refused, as run prints it. */
    private static final Map<String, String> REFUSED = Map.of(
            "counter.yml", """
                    dataflow: A dataflow translated to Beam needs a reader; it has none.
                    """,
            "hello.yml", """
                    print: Cannot run distributed: it prints to the run's output, which workers running apart do not have.
                    """,
            "join-and-tee.yml", """
                    print: Cannot run distributed: it prints to the run's output, which workers running apart do not have.
                    """,
            "post-people.yml", """
                    post: Cannot run distributed: step type 'flow_curl' does not declare that it can run distributed.
                    """);

    /**
     * The example whose connectors fetch from an SFTP server and upload to S3, with passwords as secrets: it runs
     * neither locally nor distributed without them (PartnerToS3ExampleTest in dataflows-aws runs it with both).
     */
    private static final String NEEDS_SERVERS = "partner-to-s3.yml";

    @TempDir
    Path dir;

    @Test
    void everyExampleRunsDistributedAsLocallyOrIsRefusedWithItsProblems() throws Exception {
        List<String> refused = new ArrayList<>();
        for (String example : examples()) {
            Path copy = copyOfExamples("beam");
            CliResult beam = CliResult.run("run", copy.resolve(example).toString(), "--runner", "beam",
                    "--state-dir", dir.resolve("state").toString(), "--quiet");
            if (beam.exit() == EXIT_INVALID) {
                refused.add(example);
                assertThat(beam.err()).as(example).isEqualTo(REFUSED.get(example));
                assertThat(copy.resolve("out")).as(example + ": nothing ran").doesNotExist();
            } else {
                assertRunsAsLocally(example, Files.readString(EXAMPLES.resolve(example)), BEAM);
            }
        }
        assertThat(refused).containsExactlyInAnyOrderElementsOf(REFUSED.keySet());
    }

    @Test
    void helloWritingAFileInsteadOfPrintingRunsOnBeamAsLocally() throws Exception {
        Map<String, List<String>> local = assertRunsAsLocally("hello-to-file.yml", helloToFile(), BEAM);

        assertThat(local).containsOnlyKeys("hello.jsonl");
        assertThat(local.get("hello.jsonl")).isNotEmpty()
                .allMatch(line -> line.contains("\"greeting\":\"Kia ora, "));
    }

    @Test
    @Tag("flink")
    void everyExampleThatCanRunDistributedRunsOnFlinkAsLocally() throws Exception {
        for (String example : examples()) {
            if (!REFUSED.containsKey(example)) {
                assertRunsAsLocally(example, Files.readString(EXAMPLES.resolve(example)), FLINK);
            }
        }
        assertThat(assertRunsAsLocally("hello-to-file.yml", helloToFile(), FLINK)).containsOnlyKeys("hello.jsonl");
    }

    /** hello.yml with its last step writing JSON lines to a file instead of printing them. */
    private static String helloToFile() throws IOException {
        String hello = Files.readString(EXAMPLES.resolve("hello.yml"));
        String toFile = hello.replace("""
                  print:
                    type: writer_debugging
                    depends_on: greet
                """, """
                  print:
                    type: writer_stream
                    depends_on: greet
                    config: {streamname: out/hello.jsonl, format: jsonl}
                """);
        assertThat(toFile).isNotEqualTo(hello);
        return toFile;
    }

    private static final List<String> BEAM = List.of("--runner", "beam");
    private static final List<String> FLINK = List.of("--runner", "flink", "--parallelism", "2");

    /**
     * Runs {@code text} as {@code name} in a copy of the examples locally and with {@code runner}'s options, and
     * checks that each file the local run writes under {@code out/} has the same lines there, in any order.
     *
     * @return the local run's files under {@code out/}, each as its sorted lines
     */
    private Map<String, List<String>> assertRunsAsLocally(String name, String text, List<String> distributed)
            throws Exception {
        Map<String, Map<String, List<String>>> outputs = new TreeMap<>();
        for (List<String> runner : List.of(List.of("--runner", "local"), distributed)) {
            Path copy = copyOfExamples(runner.get(1));
            Files.writeString(copy.resolve(name), text);
            List<String> args = new ArrayList<>(List.of("run", copy.resolve(name).toString(), "--state-dir",
                    dir.resolve("state").toString(), "--quiet"));
            args.addAll(runner);

            CliResult r = CliResult.run(args.toArray(String[]::new));

            assertThat(r.exit()).as(name + " " + runner + ": " + r.err()).isZero();
            outputs.put(runner.get(1), files(copy.resolve("out")));
        }
        assertThat(outputs.get(distributed.get(1))).as(name + " " + distributed).isEqualTo(outputs.get("local"));
        return outputs.get("local");
    }

    /** The files under {@code out}, by relative name, each as its lines sorted. */
    private static Map<String, List<String>> files(Path out) throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(out.relativize(f).toString(), Files.readAllLines(f).stream().sorted().toList());
            }
        }
        return files;
    }

    private static List<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yml"))
                    .filter(f -> !f.equals(NEEDS_SERVERS)).sorted().toList();
        }
    }

    /** A copy of the examples and their data in a directory of its own, where their runs write. */
    private Path copyOfExamples(String name) throws IOException {
        Path copy = Files.createTempDirectory(dir, name);
        Files.createDirectories(copy.resolve("data"));
        for (String example : examples()) {
            Files.copy(EXAMPLES.resolve(example), copy.resolve(example));
        }
        try (Stream<Path> data = Files.list(EXAMPLES.resolve("data"))) {
            for (Path f : (Iterable<Path>) data::iterator) {
                Files.copy(f, copy.resolve("data").resolve(f.getFileName()));
            }
        }
        return copy;
    }
}

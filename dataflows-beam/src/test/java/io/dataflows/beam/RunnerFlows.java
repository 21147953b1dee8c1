package io.dataflows.beam;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.beam.internal.ShardNames;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flows the runner tests compare with a local run: people from a CSV file (a quoted field with a comma, one over
 * two lines), those over 30 kept and greeted; priced items from a JSON file; the squares of odd numbers from an array.
 * Each is written by {@code writer_stream}.
 */
final class RunnerFlows {

    static final String PEOPLE = """
            name,age,country
            Ana,34,NZ
            Bo,19,AU
            "Carla, Jr.",41,NZ
            Dev,58,"New
            Zealand"
            Eve,30,AU
            Fay,72,UK
            Gus,45,NZ
            """;

    /** Three items, one without a price. */
    static final String ITEMS = "[{\"id\": 1, \"price\": 2.5}, {\"id\": 2, \"price\": 10},"
            + " {\"id\": 3, \"price\": null}]";

    private RunnerFlows() {}

    /** An engine of {@code kit} whose base directory is {@code dir}, with the inputs written there. */
    static DataflowEngine engineWithInput(TestKit kit, Path dir) throws IOException {
        writeInput(dir);
        return kit.builder().baseDirectory(dir).build();
    }

    /** Writes {@code people.csv} and {@code items.json} into {@code dir}. */
    static void writeInput(Path dir) throws IOException {
        Files.writeString(dir.resolve("people.csv"), PEOPLE);
        Files.writeString(dir.resolve("items.json"), ITEMS);
    }

    /**
     * A CSV text of {@code rows} rows after its header {@code id,name,note,n}, with quoted fields that hold commas,
     * quotes and line breaks, CRLF line ends, blank lines and non-ASCII text; without a final line end.
     */
    static String largeCsv(int rows) {
        StringBuilder csv = new StringBuilder("id,name,note,n\n");
        for (int i = 1; i <= rows; i++) {
            String line = switch (i % 5) {
                case 0 -> i + ",\"Smith, Jo\",plain," + i % 7 + "\n";
                case 1 -> i + ",\"two\nlines, \"\"quoted\"\"\",x," + i % 7 + "\r\n";
                case 2 -> i + ",caf\u00e9,\"crlf\r\ninside\"," + i % 7 + "\n\n";
                case 3 -> i + ",mid\"quote,\"\"," + i % 7 + "\r\n";
                default -> i + ",\u00fcber,\"\n\n\"," + i % 7 + "\n";
            };
            csv.append(i == rows ? line.stripTrailing() : line);
        }
        return csv.toString();
    }

    /** The dataflow {@code name}: read {@code in}, keep n above 2, add a label, write {@code out} as JSON lines. */
    static Dataflow large(String name, String in, String out) {
        return Dataflow.builder(name)
                .start("read", Steps.csvReader(in))
                .then("some", Steps.filter("record.n > 2"))
                .then("label", Steps.alter().set("label", "${{ record.id }}-${{ record.name }}"))
                .then("write", Steps.streamWriter(out, "jsonl"))
                .build();
    }

    /** The dataflow {@code items}: read {@code items.json}, keep the priced ones, write {@code items.jsonl}. */
    static Dataflow items() {
        return Dataflow.builder("items")
                .start("read", Steps.jsonReader("items.json"))
                .then("priced", Steps.filter("record.price != null"))
                .then("write", Steps.streamWriter("items.jsonl", "jsonl"))
                .build();
    }

    /** The dataflow {@code name}: numbers 1 to {@code count}, the odd ones with their square, written to {@code out}.
     */
    static Dataflow squares(String name, int count, String out) {
        List<Map<String, Object>> numbers = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            numbers.add(Map.of("n", n));
        }
        return Dataflow.builder(name)
                .start("numbers", Steps.arrayReader(numbers))
                .then("odd", Steps.filter("record.n % 2 == 1"))
                .then("square", Steps.alter().set("square", "${{ record.n * record.n }}"))
                .then("write", Steps.streamWriter(out, "jsonl"))
                .build();
    }

    /**
     * The dataflow {@code branches} on the people: a tee sends every person both to {@code older} and to a switch;
     * the switch sends those from NZ to {@code nz.jsonl} and marks the others; a join merges the greeted older
     * people and the marked others into {@code all.jsonl}.
     */
    static Dataflow branches() {
        return Dataflow.builder("branches")
                .start("read", Steps.csvReader("people.csv"))
                .then("copy", Steps.tee())
                .then("older", Steps.filter("record.age > 30"))
                .then("greet", Steps.alter().set("greeting", "Hello ${{ record.name }}"))
                .from("copy").then("route", Steps.switchOn().when("nz", "record.country == 'NZ'")
                        .when("other", "true"))
                .from("route", "nz").then("nz", Steps.streamWriter("nz.jsonl", "jsonl"))
                .from("route", "other").then("mark", Steps.alter().set("abroad", "yes"))
                .step("all", Steps.join()).dependsOn("greet", "mark")
                .then("write", Steps.streamWriter("all.jsonl", "jsonl"))
                .build();
    }

    /**
     * The dataflow {@code cases} on the people: after a filter that keeps them all, a case sends those from NZ to {@code case-nz.jsonl} and, by its
     * second output, those from AU, labelled, to {@code case-au.jsonl}; the others match no case and are dropped.
     */
    static Dataflow cases() {
        return Dataflow.builder("cases")
                .start("read", Steps.csvReader("people.csv"))
                .then("named", Steps.filter("record.name != ''"))
                .then("country", Steps.caseOf("record.country").when("nz", "NZ").when("au", "AU"))
                .from("country", "nz").then("nz", Steps.streamWriter("case-nz.jsonl", "jsonl"))
                .from("country", "2").then("label", Steps.alter().set("label", "au-${{ record.name }}"))
                .then("au", Steps.streamWriter("case-au.jsonl", "jsonl"))
                .build();
    }

    /** The dataflow {@code readers}: the people and two more from an array, joined, those over 30 written. */
    static Dataflow twoReaders() {
        return Dataflow.builder("readers")
                .start("people", Steps.csvReader("people.csv"))
                .start("more", Steps.arrayReader(List.of(new TreeMap<>(Map.of("name", "Zed", "age", 50)),
                        new TreeMap<>(Map.of("name", "Yan", "age", 20)))))
                .step("both", Steps.join()).dependsOn("people", "more")
                .then("older", Steps.filter("record.age > 30"))
                .then("write", Steps.streamWriter("readers.jsonl", "jsonl"))
                .build();
    }

    /** The lines of the {@code shards} files a sharded {@code base.jsonl} was written to, in shard order. */
    static List<String> shardLines(Path dir, String base, int shards) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            lines.addAll(Files.readAllLines(dir.resolve(ShardNames.of(base + ".jsonl", i, shards))));
        }
        return lines;
    }

    /** The dataflow {@code name}: read, older, greet, write to {@code out} in {@code format}. */
    static Dataflow flow(String name, String out, String format) {
        return Dataflow.builder(name)
                .start("read", Steps.csvReader("people.csv"))
                .then("older", Steps.filter("record.age > 30"))
                .then("greet", Steps.alter().set("greeting", "Hello ${{ record.name }}"))
                .then("write", Steps.streamWriter(out, format))
                .build();
    }

    /**
     * The dataflow {@code ages}: read {@code people.csv}, compute {@code 100 / (age - 30)}, which fails on the person
     * aged 30, write {@code ratios.jsonl}.
     */
    static Dataflow failingAges() {
        return Dataflow.builder("ages")
                .start("read", Steps.csvReader("people.csv"))
                .then("ratio", Steps.alter().set("ratio", "${{ 100 / (record.age - 30) }}"))
                .then("write", Steps.streamWriter("ratios.jsonl", "jsonl"))
                .build();
    }

    /**
     * Checks that {@code result}, a run of {@link #failingAges} on a runner, aborted naming the step {@code ratio},
     * its type and the engine's message without a record number, and that nothing was written into {@code dir}.
     */
    static StepExecutionException assertAgesFailed(RunResult result, Path dir) {
        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException failure = result.failure().orElseThrow();
        assertThat(failure.stepAlias()).contains("ratio");
        assertThat(failure.stepType()).isEqualTo("flow_transformer_alter");
        assertThat(failure.getMessage()).isEqualTo("Step 'ratio' (flow_transformer_alter) failed: Division by zero in"
                + " expression '100 / (record.age - 30)' (config.expressions.ratio)");
        assertThat(failure.recordNumber()).isEmpty();
        assertThat(result.step("ratio").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("write").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(dir.resolve("ratios.jsonl")).doesNotExist();
        return failure;
    }

    /** Per step, in definition order: records in and records out. */
    static Map<String, List<Long>> counts(RunResult result) {
        Map<String, List<Long>> counts = new LinkedHashMap<>();
        result.steps().forEach((alias, step) -> counts.put(alias, List.of(step.recordsIn(), step.recordsOut())));
        return counts;
    }
}

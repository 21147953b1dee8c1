package io.dataflows.steps;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReaderStepTest {

    private static final Map<String, Object> U1 = user("1", "Bob", "Smith", "Name1");
    private static final Map<String, Object> U2 = user("2", "John", "Doe", "Name2");
    private static final Map<String, Object> U3 = user("3", "Foo", "Bar", "Name3");

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().permittedDirectory(Path.of("/tmp")).build();

    private static Map<String, Object> user(String id, String first, String last, String name) {
        return map("id", id, "userdetails", map("firstname", first, "lastname", last, "name", name));
    }

    private Path usersFile() {
        return JsonText.write(dir.resolve("users.json"), "{\"data\":{\"list\":{\"users\":["
                + "{\"id\":\"2\",\"userdetails\":{\"firstname\":\"John\",\"lastname\":\"Doe\",\"name\":\"Name2\"}},"
                + "{\"id\":\"1\",\"userdetails\":{\"firstname\":\"Bob\",\"lastname\":\"Smith\",\"name\":\"Name1\"}},"
                + "{\"id\":\"3\",\"userdetails\":{\"firstname\":\"Foo\",\"lastname\":\"Bar\",\"name\":\"Name3\"}}"
                + "]}},\"modified\":[1654058940],\"errors\":[]}");
    }

    private RunResult run(StepSpec reader) {
        Dataflow flow = Dataflow.builder("json-reader")
                .step("reader", reader)
                .step("writer", Steps.streamWriter(dir.resolve("output.json").toString(), "json"))
                .dependsOn("reader")
                .build();
        return engine.run(flow, RunOptions.defaults());
    }

    private Object output() {
        return JsonText.parseFile(dir.resolve("output.json"));
    }

    @Test
    void readsTheNestedArrayInDocumentOrder() {
        Path file = usersFile();

        RunResult result = run(StepSpec.of("reader_json").with("pathtojson", file.toString())
                .with("arrayexpression", "data.list.users").with("arraysortexpression", ""));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(output()).isEqualTo(List.of(U2, U1, U3));
    }

    @Test
    void sortsByANestedKeyInNaturalOrder() {
        Path file = usersFile();

        run(StepSpec.of("reader_json").with("pathtojson", file.toString()).with("arrayexpression", "data.list.users")
                .with("arraysortexpression", "userdetails.firstname")).orThrow();

        assertThat(output()).isEqualTo(List.of(U1, U3, U2));
    }

    @Test
    void sortsInDescendingOrder() {
        Path file = usersFile();

        run(Steps.jsonReader(file.toString()).array("data.list.users").sortBy("userdetails.firstname").descending()
                .toStepSpec()).orThrow();

        assertThat(output()).isEqualTo(List.of(U2, U3, U1));
    }

    /** tool_dataflows' test: the property values of an object are the records; PHP wrote ["Bob","Smith","Name"]. */
    @Test
    void anObjectYieldsItsPropertyValuesEachAsTheRecordItselfAsPhp() {
        Path file = JsonText.write(dir.resolve("person.json"),
                "{\"firstname\": \"Bob\", \"lastname\": \"Smith\", \"name\": \"Name\"}");

        RunResult result = run(StepSpec.of("reader_json").with("pathtojson", file.toString())
                .with("arrayexpression", "").with("arraysortexpression", "").with("sortorder", ""));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(JsonText.read(dir.resolve("output.json"))).isEqualTo("[\n\"Bob\",\n\"Smith\",\n\"Name\"\n]\n");
    }

    /** In PHP the record is the value: ${{ record }} is the text, and json_encode writes it as it is. */
    @Test
    void aValueRecordIsTheValueInExpressionsAndInPrettyJson() {
        Path file = JsonText.write(dir.resolve("names.json"), "{\"a\": \"Bob\", \"b\": \"Smith\", \"c\": 7}");
        Dataflow flow = Dataflow.builder("values")
                .step("reader", Steps.jsonReader(file.toString()).toStepSpec())
                .step("keep", StepSpec.of("flow_transformer_filter").with("filter", "record != 'Smith'"))
                .dependsOn("reader")
                .step("writer", Steps.streamWriter(dir.resolve("output.json").toString(), "json").prettyPrint(true))
                .dependsOn("keep")
                .build();

        engine.run(flow, RunOptions.defaults()).orThrow();

        // json_encode(["Bob", 7], JSON_PRETTY_PRINT) plus a newline
        assertThat(JsonText.read(dir.resolve("output.json"))).isEqualTo("[\n    \"Bob\",\n    7\n]\n");
    }

    /**
     * PHP's CSV writer writes (array) $record: a text as one column named 0, a list's items as columns 0, 1, ...,
     * null as an empty line (output of tool_dataflows' encoder run on PHP 8.2).
     */
    @Test
    void valueRecordsAreWrittenToCsvAsPhpCastsThemToArrays() {
        Path texts = JsonText.write(dir.resolve("texts.json"), "{\"a\":\"Bob\",\"b\":\"Smith Jr\"}");
        Path lists = JsonText.write(dir.resolve("lists.json"), "[[1,\"a b\"],[2,\"c\",true]]");
        Path nulls = JsonText.write(dir.resolve("nulls.json"), "[null, 5]");

        assertThat(csv(texts)).isEqualTo("0\nBob\n\"Smith Jr\"\n");
        assertThat(csv(lists)).isEqualTo("0,1\n1,\"a b\"\n2,c,1\n");
        assertThat(csv(nulls)).isEqualTo("\n\n5\n");
    }

    private String csv(Path input) {
        Path out = dir.resolve(input.getFileName() + ".csv");
        engine.run(Dataflow.builder("csv")
                .step("reader", Steps.jsonReader(input.toString()).toStepSpec())
                .step("writer", Steps.streamWriter(out.toString(), "csv")).dependsOn("reader")
                .build(), RunOptions.defaults()).orThrow();
        return JsonText.read(out);
    }

    private static final String BIG = "[{\"id\":18446744073709551616,\"neg\":-123456789012345678901234567890,"
            + "\"max\":9223372036854775807,\"exact\":0.1000000000000000055511151231257827021181583404541015625,"
            + "\"small\":0.1,\"whole\":2.0,\"zero\":-0.0,\"e\":1.5e300,"
            + "\"list\":[1e-400,340282366920938463463374607431768211456]}]";

    /**
     * PHP's json_decode reads a number of any size (as a float beyond 64 bits); here a whole number beyond 64 bits
     * and a decimal a double cannot hold exactly are kept exactly, and written back as they were read.
     */
    @Test
    void numbersBeyond64BitsOrADoublesPrecisionAreReadAndWrittenBackExactly() {
        Path file = JsonText.write(dir.resolve("big.json"), BIG);

        RunResult result = run(Steps.jsonReader(file.toString()).toStepSpec());

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(JsonText.read(dir.resolve("output.json"))).isEqualTo("[\n{\"id\":18446744073709551616,"
                + "\"neg\":-123456789012345678901234567890,\"max\":9223372036854775807,"
                + "\"exact\":0.1000000000000000055511151231257827021181583404541015625,\"small\":0.1,\"whole\":2.0,"
                + "\"zero\":-0.0,\"e\":1.5e+300,\"list\":[" + "0." + "0".repeat(399) + "1,"
                + "340282366920938463463374607431768211456]}\n]\n");
    }

    /** Expressions compute with and compare such numbers exactly (PHP, reading them as floats, could not). */
    @Test
    void expressionsCompareNumbersBeyond64Bits() {
        Path file = JsonText.write(dir.resolve("big.json"), BIG);
        Dataflow flow = Dataflow.builder("big")
                .step("reader", Steps.jsonReader(file.toString()).toStepSpec())
                .step("keep", StepSpec.of("flow_transformer_filter")
                        .with("filter", "record.id > record.max and record.neg < -record.max"
                                + " and record.id - record.max - record.max == 2 and record.id != record.id + 1"))
                .dependsOn("reader")
                .step("writer", Steps.streamWriter(dir.resolve("output.json").toString(), "jsonl")).dependsOn("keep")
                .build();

        engine.run(flow, RunOptions.defaults()).orThrow();

        assertThat(JsonText.read(dir.resolve("output.json"))).startsWith("{\"id\":18446744073709551616,");
    }

    /** A number whose exponent is beyond 1,000 would be a thousand digits long: refused with a clear message. */
    @Test
    void aNumberWithAnEnormousExponentFailsTheStepClearly() {
        Path file = JsonText.write(dir.resolve("exp.json"), "[{\"n\":1e999999999}]");

        RunResult result = run(Steps.jsonReader(file.toString()).toStepSpec());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Invalid JSON, failed to decode JSON file \"" + file + "\" at line 1, column")
                .contains("the number 1e999999999 is out of range"));
    }

    @Test
    void malformedJsonFailsNamingTheFileAndPosition() {
        Path file = JsonText.write(dir.resolve("broken.json"), "{\"data\": [1, 2,,]}");

        RunResult result = run(Steps.jsonReader(file.toString()).array("data").toStepSpec());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Invalid JSON, failed to decode JSON file \"" + file + "\"")
                .contains("line 1, column"));
    }

    @Test
    void aMissingArrayFailsNamingTheExpression() {
        Path file = usersFile();

        RunResult result = run(Steps.jsonReader(file.toString()).array("data.list.nobody").toStepSpec());

        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Failed to extract nested JSON array \"data.list.nobody\"."));
    }

    @Test
    void aMissingFileFailsNamingIt() {
        Path missing = dir.resolve("missing.json");

        RunResult result = run(Steps.jsonReader(missing.toString()).toStepSpec());

        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Failed to open JSON file \"" + missing + "\"."));
    }

    @Test
    void validationReportsAMissingPath() {
        Dataflow flow = Dataflow.builder("no-path")
                .step("reader", StepSpec.of("reader_json").with("other", "x"))
                .step("writer", Steps.debugWriter()).dependsOn("reader")
                .build();

        assertThat(engine.validate(flow).messages()).contains("Config 'pathtojson' is missing.");
    }
}

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

    @Test
    void anObjectYieldsItsPropertyValuesEachAsAValueRecord() {
        Path file = JsonText.write(dir.resolve("person.json"),
                "{\"firstname\": \"Bob\", \"lastname\": \"Smith\", \"name\": \"Name\"}");

        RunResult result = run(StepSpec.of("reader_json").with("pathtojson", file.toString())
                .with("arrayexpression", "").with("arraysortexpression", "").with("sortorder", ""));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        // tool_dataflows wrote ["Bob","Smith","Name"]; records are maps, so a scalar element becomes {"value": ...}.
        assertThat(output()).isEqualTo(List.of(map("value", "Bob"), map("value", "Smith"), map("value", "Name")));
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

package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.Maps;
import io.dataflows.testkit.TestKit;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlterStepTest {

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    @Test
    void valuesAreComputedFromTheInputRecordAndKeepTheirTypes() {
        TransformerFixture fixture = new TransformerFixture(dir);
        String data = "[{\"a\":\"1\",\"b\":\"1\"},{\"a\":\"5\",\"b\":\"9\"},{\"a\":\"8\",\"b\":\"3\"},"
                + "{\"a\":\"0\",\"b\":\"2\"},{\"a\":\"0\",\"b\":\"1\"},{\"a\":\"0\",\"b\":\"6\"}]";
        Map<String, Object> expressions = Maps.map("a", "o", "c", "${{record.a}} ${{record.b}}",
                "d", "${{record.a + record.b}}");

        fixture.run(data, "alter", StepSpec.of("flow_transformer_alter").with("expressions", expressions)).orThrow();

        assertThat(fixture.output()).isEqualTo(JsonText.parse("["
                + "{\"a\":\"o\",\"b\":\"1\",\"c\":\"1 1\",\"d\":2},"
                + "{\"a\":\"o\",\"b\":\"9\",\"c\":\"5 9\",\"d\":14},"
                + "{\"a\":\"o\",\"b\":\"3\",\"c\":\"8 3\",\"d\":11},"
                + "{\"a\":\"o\",\"b\":\"2\",\"c\":\"0 2\",\"d\":2},"
                + "{\"a\":\"o\",\"b\":\"1\",\"c\":\"0 1\",\"d\":1},"
                + "{\"a\":\"o\",\"b\":\"6\",\"c\":\"0 6\",\"d\":6}]"));
        assertThat(JsonText.read(dir.resolve("output.json")))
                .startsWith("[\n{\"a\":\"o\",\"b\":\"1\",\"c\":\"1 1\",\"d\":2},\n");
    }

    @Test
    void plainValuesAndTypedListsAreSetAsGiven() {
        kit.sink().reset();
        Dataflow flow = Dataflow.builder("alter")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", Maps.list(Maps.map("n", 2))))
                .step("alter", Steps.alter().set("flag", true).set("count", 3)
                        .set("twice", "${{ [record.n, record.n * 2] }}"))
                .dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("alter")
                .build();

        kit.builder().build().run(flow).orThrow();

        assertThat(kit.sink().records("sink")).containsExactly(
                DataRecord.of("n", 2, "flag", true, "count", 3, "twice", java.util.List.of(2L, 4L)));
    }

    @Test
    void csvRecordsTakeNumbersAndBooleans() throws Exception {
        // CSV rows are records over a String[]: typed values must still be settable (was an ArrayStoreException).
        java.nio.file.Files.writeString(dir.resolve("in.csv"), "a,b\n1,2\n");
        kit.sink().reset();
        Dataflow flow = Dataflow.builder("alter-csv")
                .step("read", Steps.csvReader(dir.resolve("in.csv").toString()))
                .step("alter", Steps.alter().set("n", "${{ record.a + record.b }}").set("a", "${{ true }}"))
                .dependsOn("read")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("alter")
                .build();

        kit.builder().permittedDirectory(dir).build().run(flow).orThrow();

        assertThat(kit.sink().records("sink")).containsExactly(DataRecord.of("a", true, "b", "2", "n", 3));
    }
}

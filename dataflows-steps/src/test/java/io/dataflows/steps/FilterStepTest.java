package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterStepTest {

    private static final String DATA = "[{\"a\":\"1\",\"b\":\"a_1_b\"},{\"a\":\"5\",\"b\":\"a_9_b\"},"
            + "{\"a\":\"x\",\"b\":\"a_3_b\"},{\"a\":\"0\",\"b\":\"a_2_b\"},{\"a\":\"0\",\"b\":\"a_1_b\"},"
            + "{\"a\":\"0\",\"b\":\"a_6_b\"}]";

    @TempDir
    Path dir;

    @Test
    void aNumericStringEqualsTheNumber() {
        TransformerFixture fixture = new TransformerFixture(dir);

        fixture.run(DATA, "filter", Steps.filter("record.a == 1")).orThrow();

        assertThat(fixture.output()).isEqualTo(JsonText.parse("[{\"a\":\"1\",\"b\":\"a_1_b\"}]"));
    }

    @Test
    void stringEqualityKeepsEveryMatchInOrder() {
        TransformerFixture fixture = new TransformerFixture(dir);

        fixture.run(DATA, "filter", Steps.filter("record.a == '0'")).orThrow();

        assertThat(fixture.output()).isEqualTo(JsonText.parse(
                "[{\"a\":\"0\",\"b\":\"a_2_b\"},{\"a\":\"0\",\"b\":\"a_1_b\"},{\"a\":\"0\",\"b\":\"a_6_b\"}]"));
    }

    @Test
    void stringsCompareLexicographically() {
        TransformerFixture fixture = new TransformerFixture(dir);

        fixture.run(DATA, "filter", Steps.filter("record.b >= 'a_3_b'")).orThrow();

        assertThat(fixture.output()).isEqualTo(JsonText.parse(
                "[{\"a\":\"5\",\"b\":\"a_9_b\"},{\"a\":\"x\",\"b\":\"a_3_b\"},{\"a\":\"0\",\"b\":\"a_6_b\"}]"));
    }

    @Test
    void aWrappedExpressionMeansTheSameAsABareOne() {
        TransformerFixture fixture = new TransformerFixture(dir);

        fixture.run(DATA, "filter", Steps.filter("${{ record.a == 1 }}")).orThrow();

        assertThat(fixture.output()).isEqualTo(JsonText.parse("[{\"a\":\"1\",\"b\":\"a_1_b\"}]"));
    }

    @Test
    void anUnknownFieldFailsTheRunNamingTheExpressionAndStep() {
        TransformerFixture fixture = new TransformerFixture(dir);

        RunResult result = fixture.run(DATA, "filter", Steps.filter("record.missing == 1"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure()).get().satisfies(f -> {
            assertThat(f.stepAlias()).contains("filter");
            assertThat(f.recordNumber()).hasValue(1);
        });
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Step 'filter' (flow_transformer_filter)")
                .contains("record.missing == 1"));
        assertThat(dir.resolve("output.json")).doesNotExist();
    }

    @Test
    void isSetGuardsAnAbsentField() {
        TransformerFixture fixture = new TransformerFixture(dir);

        fixture.run(DATA, "filter", Steps.filter("isset(record.missing) or record.a == 'x'")).orThrow();

        assertThat(fixture.output()).isEqualTo(JsonText.parse("[{\"a\":\"x\",\"b\":\"a_3_b\"}]"));
    }
}

package io.dataflows.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.RecordLayout;
import io.dataflows.StepSpec;
import io.dataflows.ValidationReport;
import io.dataflows.graph.DataflowGraph;
import io.dataflows.spi.StepType;
import io.dataflows.testkit.TestEngines;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/** The shape of the public surface: what callers can build, change and rely on about null. */
class PublicSurfaceTest {

    private final DataflowEngine engine = TestEngines.builder().build();

    @Test
    void aRecordOfTextOwnsItsValues() {
        RecordLayout layout = RecordLayout.of(List.of("a", "b"));
        String[] row = {"1", "2"};

        DataRecord record = layout.recordOfText(row);
        row[0] = "changed";

        assertThat(record.toJson()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThatThrownBy(() -> layout.recordOfText("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 2 values for fields [a, b] but got 1");
    }

    @Test
    void theRecordConstructorThatSharesItsArrayIsNotPublic() {
        assertThat(Arrays.stream(RecordLayout.class.getMethods()).map(Method::getName))
                .contains("recordOfText", "record").doesNotContain("recordOfStrings");
    }

    @Test
    void validationReportsComeFromTheEngineOrAreValid() {
        assertThat(ValidationReport.class.getConstructors()).isEmpty();
        ValidationReport valid = ValidationReport.valid("flow");

        assertThat(valid.isValid()).isTrue();
        assertThat(valid.dataflowName()).isEqualTo("flow");
    }

    @Test
    void theListsOfAReportAndOfAGraphCannotBeChanged() {
        Dataflow flow = Dataflow.builder("bad").start("a", StepSpec.of("test_connector"))
                .then("b", StepSpec.of("no_such_type")).build();
        ValidationReport report = engine.validate(flow);
        DataflowGraph graph = DataflowGraph.of(flow, engine.registry());
        Problem any = report.problems().get(0);

        assertThatThrownBy(() -> report.problems().add(any)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> report.problemsOf("b").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> graph.problems().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> graph.nodes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> graph.links().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> flow.step("b").orElseThrow().dependsOn().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void thePublicPackagesAreNullMarked() {
        for (Class<?> c : List.of(Dataflow.class, StepType.class, DataflowGraph.class)) {
            assertThat(c.getPackage().isAnnotationPresent(NullMarked.class)).as(c.getPackageName()).isTrue();
        }
    }

    @Test
    void nullableIsMarkedWhereNullIsAllowed() throws Exception {
        Method get = DataRecord.class.getMethod("get", String.class);

        assertThat(get.getAnnotatedReturnType().isAnnotationPresent(org.jspecify.annotations.Nullable.class))
                .isTrue();
        assertThat(Modifier.isPublic(get.getModifiers())).isTrue();
    }
}

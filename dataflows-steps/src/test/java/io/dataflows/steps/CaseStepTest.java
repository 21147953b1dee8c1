package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import org.junit.jupiter.api.Test;

class CaseStepTest {

    private final TestKit kit = new TestKit();

    private final DataflowEngine engine = kit.builder().build();

    @Test
    void eachRecordGoesToTheFirstCaseWhoseValueEqualsTheExpression() {
        Dataflow flow = Dataflow.builder("case")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(
                        map("id", 1, "country", "NZ"), map("id", 2, "country", "AU"), map("id", 3, "country", "US"),
                        map("id", 4, "country", "1"), map("id", 5, "country", "NZ"))))
                .step("route", Steps.caseOf("record.country").when("nz", "NZ").when("au", "AU").when("one", 1)
                        .when("again", "NZ"))
                .dependsOn("reader")
                .step("nz", StepSpec.of(CollectingSink.ID)).dependsOn("route:nz")
                .step("au", StepSpec.of(CollectingSink.ID)).dependsOn("route:au")
                .step("one", StepSpec.of(CollectingSink.ID)).dependsOn("route:3")
                .step("again", StepSpec.of(CollectingSink.ID)).dependsOn("route:again")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("nz")).extracting(r -> r.get("id")).containsExactly(1L, 5L);
        assertThat(kit.sink().records("au")).extracting(r -> r.get("id")).containsExactly(2L);
        assertThat(kit.sink().records("one")).containsExactly(DataRecord.of("id", 4, "country", "1"));
        assertThat(kit.sink().records("again")).isEmpty();
        assertThat(result.step("route").recordsOut()).isEqualTo(4);
    }

    @Test
    void caseValuesMayBeTemplates() {
        Dataflow flow = Dataflow.builder("case-vars")
                .var("wanted", 2)
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("n", 1), map("n", 2))))
                .step("route", Steps.caseOf("${{ record.n }}").when("wanted", "${{ dataflow.vars.wanted }}"))
                .dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("route:wanted")
                .build();

        engine.run(flow).orThrow();

        assertThat(kit.sink().records("sink")).containsExactly(DataRecord.of("n", 2));
    }

    @Test
    void validationRequiresTheExpressionAndCases() {
        Dataflow flow = Dataflow.builder("incomplete")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list()))
                .step("route", StepSpec.of("flow_logic_case")).dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("route")
                .build();

        assertThat(engine.validate(flow).messages())
                .contains("Config 'expression' is missing.", "Config 'cases' is missing.");
    }
}

package io.dataflows.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.RunStatus;
import io.dataflows.testing.StepHarness;
import io.dataflows.testing.StepRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link UppercaseStep} run by the test kit's harness, as the author of a step type tests it. */
class UppercaseStepTest {

    @Test
    void upperCasesTheFieldOfEveryRecordAndPassesOthersOn() {
        try (StepHarness harness = StepHarness.of(new UppercaseStep())) {
            StepRun run = harness.config("field", "name")
                    .input(Map.of("id", 1L, "name", "ada"), Map.of("id", 2L, "name", "Grace Hopper"))
                    .input(DataRecord.of("id", 3L, "name", null))
                    .run();

            assertThat(run.status()).isEqualTo(RunStatus.FINALISED);
            assertThat(run.maps()).containsExactly(Map.of("id", 1L, "name", "ADA"),
                    Map.of("id", 2L, "name", "GRACE HOPPER"), DataRecord.of("id", 3L, "name", null).toMap());
            assertThat(run.stepResult().recordsIn()).isEqualTo(3);
            assertThat(run.stepResult().recordsOut()).isEqualTo(3);
        }
    }

    @Test
    void aRecordWithoutTheFieldAbortsTheRun() {
        try (StepHarness harness = StepHarness.of(new UppercaseStep())) {
            StepRun run = harness.config("field", "name").input(Map.of("id", 1L)).run();

            assertThat(run.status()).isEqualTo(RunStatus.ABORTED);
            assertThat(run.records()).isEmpty();
            assertThat(run.error()).hasValueSatisfying(
                    e -> assertThat(e).contains("no field 'name' in record (fields: id)"));
        }
    }

    @Test
    void theFieldMayComeFromAnExpression() {
        try (StepHarness harness = StepHarness.of(new UppercaseStep())) {
            StepRun run = harness.config("field", "${{ env.field }}").engine(b -> b.env("field", "city"))
                    .input(Map.of("city", "wellington")).run();

            assertThat(run.maps()).containsExactly(Map.of("city", "WELLINGTON"));
        }
    }
}

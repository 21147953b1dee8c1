package io.dataflows.examples;

import io.dataflows.spi.StepType;
import io.dataflows.testing.StepTypeContract;
import java.util.Map;
import java.util.Optional;

/** {@link UppercaseStep} keeps the step type contract of the test kit. */
class UppercaseStepContractTest extends StepTypeContract {

    @Override
    protected StepType stepType() {
        return new UppercaseStep();
    }

    @Override
    protected Optional<Map<String, Object>> sampleConfig() {
        return Optional.of(Map.of("field", "name"));
    }
}

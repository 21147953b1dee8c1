package io.dataflows.testing;

import io.dataflows.spi.StepType;
import java.util.Map;
import java.util.Optional;

/** The harness's test flow step keeps the step type contract. */
class TaggingStepContractTest extends StepTypeContract {

    @Override
    protected StepType stepType() {
        return new TaggingStep();
    }

    @Override
    protected Optional<Map<String, Object>> sampleConfig() {
        return Optional.of(Map.of("field", "tag", "value", "${{ record.name }}"));
    }
}

package io.dataflows.testing;

import io.dataflows.spi.StepType;
import java.util.Map;
import java.util.Optional;

/**
 * The contract applied to {@link LeakyConnector}, run by {@link StepTypeContractTest} (its name does not end in
 * {@code Test}: on its own it fails, as it must).
 */
class LeakyConnectorContract extends StepTypeContract {

    @Override
    protected StepType stepType() {
        return new LeakyConnector();
    }

    @Override
    protected Optional<Map<String, Object>> sampleConfig() {
        return Optional.of(Map.of("path", "leak.txt"));
    }
}

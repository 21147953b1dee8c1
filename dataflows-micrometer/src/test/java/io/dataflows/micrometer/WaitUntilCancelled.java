package io.dataflows.micrometer;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.time.Duration;

/** Test connector {@code test_wait}: waits an hour, so that the run is still in it when it is cancelled. */
final class WaitUntilCancelled implements ConnectorStep {

    static final String ID = "test_wait";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public Outcome run(StepContext context) throws Exception {
        context.sleep(Duration.ofHours(1));
        return Outcome.CONTINUE;
    }
}

package io.dataflows.cli;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;

/** Test connector {@code test_broken}: a defective plugin whose {@link #outputs()} throws. */
public final class BrokenStep implements ConnectorStep {

    @Override
    public String id() {
        return "test_broken";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder().build();
    }

    @Override
    public Map<String, String> outputs() {
        throw new IllegalStateException("outputs are broken");
    }

    @Override
    public Outcome run(StepContext context) {
        return Outcome.CONTINUE;
    }
}

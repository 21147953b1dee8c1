package io.dataflows.steps.internal.connector;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/**
 * {@code connector_noop} and {@code flow_noop}: do nothing (the flow form passes every record on). Useful to join
 * branches of connectors, or as a place for step {@code vars}.
 */
public abstract class NoopStep extends PreparedActionStep {

    NoopStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return isConnector() ? "connector_noop" : "flow_noop";
    }

    @Override
    public String displayName() {
        return "No-op";
    }

    @Override
    public String description() {
        return "Does nothing; the flow form passes every record on.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    protected Action prepare(StepContext ctx) {
        return input -> input;
    }

    /** {@code connector_noop}. */
    public static final class Connector extends NoopStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_noop}. */
    public static final class Flow extends NoopStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

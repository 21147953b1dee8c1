package io.dataflows.steps.internal.connector;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.JsonText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_debugging}: does nothing but log, at DEBUG, what the step sees when it runs — the dataflow's
 * variables and its own config — with secrets redacted. A convenient holder for step {@code vars} that inspect
 * other variables.
 */
public final class DebuggingConnectorStep implements ConnectorStep {

    private static final Logger log = LoggerFactory.getLogger(DebuggingConnectorStep.class);

    @Override
    public String id() {
        return "connector_debugging";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Debugging connector";
    }

    @Override
    public String description() {
        return "Does nothing but log the variables it sees at DEBUG.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public Outcome run(StepContext ctx) {
        if (log.isDebugEnabled()) {
            Object vars = ctx.variables().find("dataflow.vars").orElse(null);
            Object config = ctx.variables().find("steps." + ctx.stepAlias() + ".config").orElse(null);
            log.debug("Step '{}' inputs: dataflow.vars = {}, config = {}", ctx.stepAlias(),
                    ctx.redact(JsonText.compact(vars)), ctx.redact(JsonText.compact(config)));
        }
        return Outcome.CONTINUE;
    }
}

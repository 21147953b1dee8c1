package io.dataflows.testing;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.nio.file.Files;

/**
 * A connector that breaks the step type contract on purpose, to show the contract fails: an undescribed field, a
 * credential field that is not secret, a validation that throws, a write that ignores dry runs and a secret printed
 * as it is.
 */
final class LeakyConnector implements ConnectorStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("path", FieldType.STRING).required())
            .field(ConfigField.of("password", FieldType.STRING).describe("Not marked secret"))
            .field(ConfigField.of("apikey", FieldType.STRING).secret().describe("Printed as it is"))
            .build();

    @Override
    public String id() {
        return "acme_leaky";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Leaky";
    }

    @Override
    public String description() {
        return "Breaks every rule it can.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public void validate(StepValidation validation) {
        if (!validation.config().containsKey("path")) {
            throw new IllegalStateException("no path");
        }
    }

    @Override
    public Outcome run(StepContext context) throws Exception {
        Files.writeString(context.config().path("path", PathAccess.WRITE), "written even in a dry run");
        context.out().println("api key " + context.config().string("apikey"));
        return Outcome.CONTINUE;
    }
}

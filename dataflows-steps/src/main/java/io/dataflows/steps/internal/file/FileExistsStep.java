package io.dataflows.steps.internal.file;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;

/**
 * {@code connector_file_exists}: publishes whether the file or directory {@code path} exists as
 * {@code steps.<alias>.exists} (a broken symlink does not exist). The path is checked against the permitted
 * directories (tool_dataflows did not).
 */
public final class FileExistsStep implements ConnectorStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("path", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The file to look for"))
            .build();

    @Override
    public String id() {
        return "connector_file_exists";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "File exists";
    }

    @Override
    public String description() {
        return "Publishes whether a file exists as 'exists'.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of("exists", "True when the file exists");
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        ctx.output("exists", ctx.files().attributes(ctx.config().path("path", PathAccess.READ)).isPresent());
        return Outcome.CONTINUE;
    }
}

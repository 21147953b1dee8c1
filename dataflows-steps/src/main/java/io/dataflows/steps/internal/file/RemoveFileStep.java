package io.dataflows.steps.internal.file;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.Effect;
import io.dataflows.spi.ActionStep;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.steps.internal.StepPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_remove_file} and {@code flow_remove_file}: deletes the file {@code file}. Idempotent: a missing
 * file is not an error. A directory is not removed (the step fails). The path is checked against the permitted
 * directories like every other (tool_dataflows did not check it). A dry run reports {@code would remove <file>} for
 * a file outside the scratch directory.
 */
public abstract class RemoveFileStep extends ActionStep {

    private static final Logger log = LoggerFactory.getLogger(RemoveFileStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("file", FieldType.STRING).required().path(PathAccess.WRITE)
                    .describe("The file to delete"))
            .build();

    RemoveFileStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return kind() == StepKind.CONNECTOR ? "connector_remove_file" : "flow_remove_file";
    }

    @Override
    public String displayName() {
        return "Remove file";
    }

    @Override
    public String description() {
        return "Deletes a file; a missing file is not an error.";
    }

    /** The flow form passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        return !StepPaths.isRelative(config.get("file"));
    }

    @Override
    protected DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        Path file = FileSteps.path(ctx, "file", PathAccess.WRITE);
        Optional<BasicFileAttributes> attributes = ctx.files().linkAttributes(file);
        if (attributes.isEmpty()) {
            log.debug("Nothing to remove at {}", file);
            return input;
        }
        if (attributes.get().isDirectory()) {
            throw new DataflowException("Cannot remove \"" + file + "\": it is a directory (config 'file')");
        }
        log.debug("Removing {}", file);
        ctx.effects().perform(Effect.Kind.DELETE, file, "remove " + file, () -> {
            try {
                ctx.files().delete(file);
            } catch (IOException e) {
                throw new DataflowException("Cannot remove \"" + file + "\": " + FileSteps.reason(e)
                        + " (config 'file')", e);
            }
        });
        return input;
    }

    /** {@code connector_remove_file}. */
    public static final class Connector extends RemoveFileStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_remove_file}. */
    public static final class Flow extends RemoveFileStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

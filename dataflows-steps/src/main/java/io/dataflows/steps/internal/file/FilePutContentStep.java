package io.dataflows.steps.internal.file;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.spi.ActionStep;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.steps.internal.StepPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_file_put_content} and {@code flow_file_put_content}: writes {@code content} (a template, UTF-8) to
 * the file {@code path}, replacing what was there; missing directories are created. The file is written to a
 * temporary sibling and moved into place. A dry run reports {@code would write <path>} for a file outside the scratch
 * directory (tool_dataflows wrote it even in dry runs).
 */
public abstract class FilePutContentStep extends ActionStep {

    private static final Logger log = LoggerFactory.getLogger(FilePutContentStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("path", FieldType.STRING).required().path(PathAccess.WRITE).label("Output path")
                    .describe("The file to write"))
            .field(ConfigField.of("content", FieldType.STRING).required().label("Content")
                    .describe("The text to write (a template)"))
            .build();

    FilePutContentStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return kind() == StepKind.CONNECTOR ? "connector_file_put_content" : "flow_file_put_content";
    }

    @Override
    public String displayName() {
        return "File put content";
    }

    @Override
    public String description() {
        return "Writes text to a file, replacing its content, atomically.";
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
        return !StepPaths.isRelative(config.get("path"));
    }

    @Override
    public void validate(StepValidation validation) {
        Object path = validation.config().get("path");
        if (path instanceof String && validation.isStatic("path") && ((String) path).endsWith("/")) {
            validation.problem("path", endsWithSlash((String) path));
        }
    }

    private static String endsWithSlash(String path) {
        return "Config 'path' is invalid. \"" + path + "\" names a directory; give the file to write.";
    }

    @Override
    protected DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        String raw = ctx.config().string("path");
        if (raw.endsWith("/")) {
            throw new DataflowException(endsWithSlash(raw));
        }
        Path path = FileSteps.path(ctx, "path", PathAccess.WRITE);
        FileSteps.requireWritableTarget(ctx, path, "path");
        byte[] content = ctx.config().optionalString("content").orElse("").getBytes(StandardCharsets.UTF_8);
        log.debug("Saving to {}", path);
        FileSteps.write(ctx, path, false, "write " + path, out -> out.write(content));
        return input;
    }

    /** {@code connector_file_put_content}. */
    public static final class Connector extends FilePutContentStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_file_put_content}. */
    public static final class Flow extends FilePutContentStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

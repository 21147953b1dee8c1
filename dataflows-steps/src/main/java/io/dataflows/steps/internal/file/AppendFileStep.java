package io.dataflows.steps.internal.file;

import io.dataflows.DataRecord;
import io.dataflows.spi.ActionStep;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.steps.internal.StepPaths;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_append_file} and {@code flow_append_file}: appends the content of the file {@code from} to
 * {@code to}, creating {@code to} (and its directory) when missing. When {@code to} is a directory the content goes
 * to the file of the same name as {@code from} inside it. With {@code chopfirstline}, appending to a non-empty file
 * skips {@code from}'s first line (its header) up to and including the first line break ({@code \r\n}, {@code \n}
 * or {@code \r}); a single-line file then adds nothing.
 *
 * <p>The target is rewritten atomically (existing content plus the appended bytes, in a temporary sibling moved into
 * place), so a failure never leaves half an append. A dry run reports {@code would append <from> to <to>} for a
 * target outside the scratch directory.
 */
public abstract class AppendFileStep extends ActionStep {

    private static final Logger log = LoggerFactory.getLogger(AppendFileStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("from", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The file whose content is appended"))
            .field(ConfigField.of("to", FieldType.STRING).required().path(PathAccess.WRITE)
                    .describe("The file appended to (created when missing), or a directory"))
            .field(ConfigField.of("chopfirstline", FieldType.BOOLEAN)
                    .describe("Remove the first line before appending to a non-empty file"))
            .build();

    AppendFileStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return kind() == StepKind.CONNECTOR ? "connector_append_file" : "flow_append_file";
    }

    @Override
    public String displayName() {
        return kind() == StepKind.CONNECTOR ? "Append file" : "Append";
    }

    @Override
    public String description() {
        return "Appends a file to another, optionally without its first line, atomically.";
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
        return !StepPaths.isRelative(config.get("to"));
    }

    @Override
    protected DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        Path from = FileSteps.requireReadableFile(ctx, FileSteps.path(ctx, "from", PathAccess.READ), "from");
        Path to = FileSteps.path(ctx, "to", PathAccess.WRITE);
        Path target = FileSteps.writeTarget(ctx, to, FileSteps.isDirectory(ctx, to), from.getFileName().toString());
        boolean chop = ctx.config().bool("chopfirstline") && FileSteps.attributes(ctx, target)
                .filter(a -> a.isRegularFile() && a.size() > 0).isPresent();
        log.debug("Appending {} to {}", from, target);
        FileSteps.write(ctx, target, true, "append " + from + " to " + target, out -> {
            try (InputStream in = new BufferedInputStream(FileSteps.open(ctx, from, "from"))) {
                if (chop) {
                    skipFirstLine(in);
                }
                in.transferTo(out);
            }
        });
        return input;
    }

    /** Skips up to and including the first line break; everything when there is none. */
    static void skipFirstLine(InputStream in) throws IOException {
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return;
            }
            if (c == '\r') {
                in.mark(1);
                if (in.read() != '\n') {
                    in.reset();
                }
                return;
            }
        }
    }

    /** {@code connector_append_file}. */
    public static final class Connector extends AppendFileStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_append_file}. */
    public static final class Flow extends AppendFileStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

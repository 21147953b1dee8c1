package io.dataflows.steps.internal.file;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.Effect;
import io.dataflows.PathNotPermittedException;
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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_copy_file} and {@code flow_copy_file}: copies {@code from} — a file, or a glob
 * ({@code *.csv}, {@code {a,b}.txt}, read as the listings read patterns: {@link FilePattern}) whose matching regular
 * files are all copied — to {@code to}, a file or a
 * directory. The target is a directory when it exists as one or when {@code to} ends with {@code /}; each file then
 * keeps its name. Several files cannot be copied onto one file. Missing parent directories are created.
 *
 * <p>A missing source file fails the step; a glob that matches nothing copies nothing. Every source and target,
 * each file a glob matches included, is checked against the permitted directories on its real path. Each target is
 * written to a temporary sibling and moved into place. In a dry run a copy outside the scratch directory is reported
 * ({@code would copy a.txt to /out/a.txt}), not made. Publishes {@code files}: the targets, in order.
 */
public abstract class CopyFileStep extends ActionStep {

    private static final Logger log = LoggerFactory.getLogger(CopyFileStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("from", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The file to copy, or a glob of files (*, ?, [...], {a,b} within one path segment; "
                            + "dot files only when named)"))
            .field(ConfigField.of("to", FieldType.STRING).required().path(PathAccess.WRITE)
                    .describe("The target file, or a directory (existing, or ending with /) to copy into"))
            .build();

    CopyFileStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return kind() == StepKind.CONNECTOR ? "connector_copy_file" : "flow_copy_file";
    }

    @Override
    public String displayName() {
        return "Copy file";
    }

    @Override
    public String description() {
        return "Copies a file, or the files a glob matches, to a file or a directory, atomically.";
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
    public Map<String, String> outputs() {
        return Map.of("files", "The files written (or, in a dry run, that would have been written), in order");
    }

    @Override
    protected DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        String fromText = ctx.config().string("from");
        String toText = ctx.config().string("to");
        Path from = FileSteps.path(ctx, "from", PathAccess.READ);
        Path to = FileSteps.path(ctx, "to", PathAccess.WRITE);

        List<Path> sources = sources(ctx, from, fromText);
        boolean intoDirectory = FileSteps.isDirectory(ctx, to) || toText.endsWith("/");
        if (!intoDirectory && sources.size() > 1) {
            throw new DataflowException("Cannot copy " + sources.size() + " files matching \"" + fromText
                    + "\" onto the single file \"" + to + "\"; end 'to' with / to copy them into a directory.");
        }
        if (sources.isEmpty()) {
            log.info("No files match {}", from);
        } else if (sources.size() > 1) {
            log.debug("Copying {} files", sources.size());
        }
        List<Object> written = new ArrayList<>();
        for (Path source : sources) {
            Path target = FileSteps.writeTarget(ctx, to, intoDirectory, source.getFileName().toString());
            log.debug("Copying {} to {}", source, target);
            FileSteps.write(ctx, Effect.Kind.COPY, target, false, "copy " + source + " to " + target, out -> {
                try (InputStream in = FileSteps.open(ctx, source, "from")) {
                    in.transferTo(out);
                }
            });
            written.add(target.toString());
        }
        ctx.output("files", written);
        return input;
    }

    /** The files to copy: {@code from} itself, or the regular files its glob matches (each checked). */
    private static List<Path> sources(StepContext ctx, Path from, String fromText) throws IOException {
        if (FileSteps.existsNoFollow(ctx, from) || !FilePattern.isGlob(fromText)) {
            return List.of(FileSteps.requireReadableFile(ctx, from, "from"));
        }
        List<Path> out = new ArrayList<>();
        for (Path match : FilePattern.expand(ctx, from)) {
            Path checked;
            try {
                checked = FileSteps.check(ctx, "from", match, PathAccess.READ);
            } catch (PathNotPermittedException e) {
                if (Files.isDirectory(match)) {
                    continue; // a directory is skipped before anything is read, wherever it leads
                }
                throw e;
            }
            if (FileSteps.isDirectory(ctx, checked)) {
                continue; // as tool_dataflows: only files are copied
            }
            out.add(FileSteps.requireReadableFile(ctx, checked, "from"));
        }
        return out;
    }

    /** {@code connector_copy_file}. */
    public static final class Connector extends CopyFileStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_copy_file}. */
    public static final class Flow extends CopyFileStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

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
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_compression} and {@code flow_compression}: compresses or decompresses with {@code java.util.zip}
 * (no {@code gzip} process).
 * <ul>
 *   <li>{@code method: gzip} (default): {@code compress} writes {@code from} gzipped to {@code to};
 *       {@code decompress} writes the gunzipped content of {@code from} to {@code to}. When {@code to} is an existing
 *       directory the file inside it is named after {@code from} ({@code +.gz} / {@code -.gz}).</li>
 *   <li>{@code method: zip}: {@code compress} writes a zip archive to {@code to} holding the file {@code from}, or
 *       every file under the directory {@code from} (paths relative to it); {@code decompress} extracts the archive
 *       {@code from} into the directory {@code to} (created when missing). An entry whose name would leave
 *       {@code to} ("zip slip") fails the step before anything is extracted.</li>
 * </ul>
 * As in tool_dataflows, a failure of the operation itself — a missing or unreadable source, a corrupt archive — is
 * logged at ERROR level, sets {@code steps.<alias>.vars.success} to false and lets the run go on (branch on it with
 * a later step); on success it is true. A path outside the permitted directories and invalid config fail the step.
 * Every file is written to a temporary sibling and moved into place; a dry run reports the operation for targets
 * outside the scratch directory and performs it for targets inside it.
 *
 * <p>Decompression is limited, against archives made to fill the disk ("decompression bombs"): at most
 * {@code maxoutputsize} bytes are written in all (default 1 GiB), and once more than 1 MiB has been written the
 * output may not exceed {@code maxratio} times the compressed bytes read (default 100); 0 turns a limit off. An
 * archive over a limit fails the step, naming the limit, and leaves nothing: a gzip stream is written to a temporary
 * file that is discarded, and a zip archive is read through once, checking its entry names and the limits, before
 * anything is extracted.
 */
public abstract class CompressionStep extends ActionStep {

    private static final Logger log = LoggerFactory.getLogger(CompressionStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("command", FieldType.STRING).required().oneOf("compress", "decompress")
                    .describe("compress or decompress"))
            .field(ConfigField.of("method", FieldType.STRING).defaultValue("gzip").oneOf("gzip", "zip")
                    .describe("gzip (default) or zip"))
            .field(ConfigField.of("from", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The file to compress or decompress (zip compress: a file or a directory)"))
            .field(ConfigField.of("to", FieldType.STRING).required().path(PathAccess.WRITE)
                    .describe("The file to write (zip decompress: the directory to extract into)"))
            .field(ConfigField.of("maxoutputsize", FieldType.INTEGER).defaultValue(ExpansionLimit.DEFAULT_MAX_SIZE)
                    .minimum(0)
                    .describe("Decompress: the most bytes written in all; default 1073741824 (1 GiB), 0: no limit"))
            .field(ConfigField.of("maxratio", FieldType.INTEGER).defaultValue(ExpansionLimit.DEFAULT_MAX_RATIO)
                    .minimum(0)
                    .describe("Decompress: the most bytes written per compressed byte read, once past 1 MiB;"
                            + " default 100, 0: no limit"))
            .build();

    private static final int BUFFER = 64 * 1024;

    CompressionStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return kind() == StepKind.CONNECTOR ? "connector_compression" : "flow_compression";
    }

    @Override
    public String displayName() {
        return kind() == StepKind.CONNECTOR ? "Compression/Decompression" : "Compression/decompression";
    }

    @Override
    public String description() {
        return "Compresses or decompresses a file with gzip or zip; sets vars.success.";
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
        return Map.of("vars.success", "True when the (de)compression succeeded");
    }

    @Override
    protected DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        String command = FileSteps.choice(ctx.config(), "command", "compress", "decompress");
        String method = FileSteps.choice(ctx.config(), "method", "gzip", "zip");
        Path from = FileSteps.path(ctx, "from", PathAccess.READ);
        Path to = FileSteps.path(ctx, "to", PathAccess.WRITE);
        long maxSize = ctx.config().integer("maxoutputsize");
        long maxRatio = ctx.config().integer("maxratio");
        boolean success;
        try {
            if (method.equals("gzip")) {
                gzip(ctx, command.equals("compress"), from, to,
                        new ExpansionLimit("Decompressing", from, maxSize, maxRatio));
            } else if (command.equals("compress")) {
                zip(ctx, from, to);
            } else {
                unzip(ctx, from, to, maxSize, maxRatio);
            }
            success = true;
        } catch (PathNotPermittedException | FileSteps.Refused e) {
            throw e;
        } catch (DataflowException | IOException e) {
            String reason = e instanceof DataflowException ? ((DataflowException) e).getOriginalMessage()
                    : FileSteps.reason((IOException) e);
            log.error("Step '{}' ({}) could not {} \"{}\": {}", ctx.stepAlias(), id(), command, from,
                    ctx.redact(reason));
            success = false;
        }
        ctx.output("vars.success", success);
        return input;
    }


    private static void gzip(StepContext ctx, boolean compress, Path from, Path to, ExpansionLimit limit)
            throws Exception {
        FileSteps.requireReadableFile(ctx, from, "from");
        String name = from.getFileName().toString();
        if (compress) {
            name = name + ".gz";
        } else if (name.endsWith(".gz") && name.length() > 3) {
            name = name.substring(0, name.length() - 3);
        }
        Path target = FileSteps.writeTarget(ctx, to, FileSteps.isDirectory(ctx, to), name);
        String what = (compress ? "compress " : "decompress ") + from + " to " + target;
        log.debug("gzip: {}", what);
        FileSteps.write(ctx, target, false, what, stream -> {
            try (ExpansionLimit.CountingInputStream in = new ExpansionLimit.CountingInputStream(
                    FileSteps.open(ctx, from, "from"))) {
                if (compress) {
                    GZIPOutputStream gz = new GZIPOutputStream(stream, BUFFER);
                    in.transferTo(gz);
                    gz.finish();
                } else {
                    limit.copy(new GZIPInputStream(in, BUFFER), in, stream);
                }
            }
        });
    }

    private static void zip(StepContext ctx, Path from, Path to) throws Exception {
        boolean directory = FileSteps.isDirectory(ctx, from);
        if (!directory) {
            FileSteps.requireReadableFile(ctx, from, "from");
        }
        Path target = FileSteps.writeTarget(ctx, to, FileSteps.isDirectory(ctx, to), from.getFileName() + ".zip");
        Map<String, Path> entries = new LinkedHashMap<>();
        if (directory) {
            List<Path> files = new ArrayList<>();
            for (Path file : ctx.files().list(from, Integer.MAX_VALUE)) {
                Path checked = FileSteps.check(ctx, "from", file, PathAccess.READ);
                if (FileSteps.attributes(ctx, checked).map(BasicFileAttributes::isRegularFile).orElse(false)) {
                    files.add(checked);
                }
            }
            Collections.sort(files);
            for (Path file : files) {
                entries.put(from.relativize(file).toString().replace('\\', '/'), file);
            }
        } else {
            entries.put(from.getFileName().toString(), from);
        }
        String what = "compress " + from + " to " + target;
        log.debug("zip: {}", what);
        FileSteps.write(ctx, target, false, what, stream -> {
            ZipOutputStream zip = new ZipOutputStream(stream);
            for (Map.Entry<String, Path> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                FileSteps.attributes(ctx, e.getValue()).ifPresent(a -> entry.setLastModifiedTime(
                        a.lastModifiedTime()));
                zip.putNextEntry(entry);
                try (InputStream in = FileSteps.open(ctx, e.getValue(), "from")) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /**
     * Extracts in two passes over the archive: the first checks every entry name and the limits without writing
     * anything, the second writes; an archive that differs between the passes fails.
     */
    private static void unzip(StepContext ctx, Path from, Path to, long maxSize, long maxRatio) throws Exception {
        FileSteps.requireReadableFile(ctx, from, "from");
        if (FileSteps.attributes(ctx, to).filter(a -> !a.isDirectory()).isPresent()) {
            throw new DataflowException("Cannot extract into \"" + to + "\": it is not a directory (config 'to')");
        }
        List<Map.Entry<String, Path>> plan = new ArrayList<>();
        ExpansionLimit check = new ExpansionLimit("Decompressing", from, maxSize, maxRatio);
        try (ExpansionLimit.CountingInputStream raw = new ExpansionLimit.CountingInputStream(
                FileSteps.open(ctx, from, "from")); ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                plan.add(Map.entry(entry.getName(), entryTarget(ctx, from, to, entry.getName())));
                if (!entry.isDirectory()) {
                    check.copy(zip, raw, OutputStream.nullOutputStream());
                }
            }
        }
        String what = "decompress " + from + " to " + to;
        log.debug("unzip: {}", what);
        ctx.effects().perform(Effect.Kind.WRITE, to, what, () -> {
            ctx.files().createDirectories(to);
            ExpansionLimit limit = new ExpansionLimit("Decompressing", from, maxSize, maxRatio);
            try (ExpansionLimit.CountingInputStream raw = new ExpansionLimit.CountingInputStream(
                    FileSteps.open(ctx, from, "from")); ZipInputStream zip = new ZipInputStream(raw)) {
                ZipEntry entry;
                int i = 0;
                while ((entry = zip.getNextEntry()) != null) {
                    if (i >= plan.size() || !plan.get(i).getKey().equals(entry.getName())) {
                        throw new DataflowException("The archive \"" + from + "\" changed while being extracted.");
                    }
                    Path target = plan.get(i++).getValue();
                    if (entry.isDirectory()) {
                        ctx.files().createDirectories(target);
                        continue;
                    }
                    FileSteps.requireWritableTarget(ctx, target, "to");
                    InputStream content = zip;
                    FileSteps.writeNow(ctx, target, false, out -> limit.copy(content, raw, out));
                }
            }
        });
    }

    /**
     * Where the entry {@code name} goes: inside {@code to}, checked.
     *
     * @throws DataflowException for a name leaving {@code to} ("zip slip"), before anything is extracted
     */
    private static Path entryTarget(StepContext ctx, Path from, Path to, String name) {
        Path target = to.resolve(name).normalize();
        if (name.startsWith("/") || name.contains("\\") || !target.startsWith(to) || target.equals(to)) {
            throw new DataflowException("The zip entry \"" + name + "\" of \"" + from
                    + "\" would be written outside \"" + to + "\"; nothing was extracted.");
        }
        return FileSteps.check(ctx, "to", target, PathAccess.WRITE);
    }

    /** {@code connector_compression}. */
    public static final class Connector extends CompressionStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_compression}. */
    public static final class Flow extends CompressionStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

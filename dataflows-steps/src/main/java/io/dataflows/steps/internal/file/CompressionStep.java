package io.dataflows.steps.internal.file;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.spi.ActionStep;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.steps.internal.StepPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
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
        boolean success;
        try {
            if (method.equals("gzip")) {
                gzip(ctx, command.equals("compress"), from, to);
            } else if (command.equals("compress")) {
                zip(ctx, from, to);
            } else {
                unzip(ctx, from, to);
            }
            success = true;
        } catch (FileSteps.NotPermitted e) {
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


    private static void gzip(StepContext ctx, boolean compress, Path from, Path to) throws Exception {
        FileSteps.requireReadableFile(from, "from");
        String name = from.getFileName().toString();
        if (compress) {
            name = name + ".gz";
        } else if (name.endsWith(".gz") && name.length() > 3) {
            name = name.substring(0, name.length() - 3);
        }
        Path target = FileSteps.writeTarget(ctx, to, Files.isDirectory(to), name);
        Path out = target;
        String what = (compress ? "compress " : "decompress ") + from + " to " + out;
        log.debug("gzip: {}", what);
        FileSteps.write(ctx, out, false, what, stream -> {
            try (InputStream in = FileSteps.open(from, "from")) {
                if (compress) {
                    GZIPOutputStream gz = new GZIPOutputStream(stream, BUFFER);
                    in.transferTo(gz);
                    gz.finish();
                } else {
                    new GZIPInputStream(in, BUFFER).transferTo(stream);
                }
            }
        });
    }

    private static void zip(StepContext ctx, Path from, Path to) throws Exception {
        if (!Files.isDirectory(from)) {
            FileSteps.requireReadableFile(from, "from");
        }
        Path target = FileSteps.writeTarget(ctx, to, Files.isDirectory(to), from.getFileName() + ".zip");
        Map<String, Path> entries = new LinkedHashMap<>();
        if (Files.isDirectory(from)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(from)) {
                files = walk.filter(p -> !p.equals(from) && Files.isRegularFile(p)).sorted()
                        .collect(Collectors.toList());
            }
            for (Path file : files) {
                Path checked = FileSteps.check(ctx, "from", file, PathAccess.READ);
                entries.put(from.relativize(file).toString().replace('\\', '/'),
                        FileSteps.requireReadableFile(checked, "from"));
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
                entry.setLastModifiedTime(Files.getLastModifiedTime(e.getValue()));
                zip.putNextEntry(entry);
                try (InputStream in = FileSteps.open(e.getValue(), "from")) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    private static void unzip(StepContext ctx, Path from, Path to) throws Exception {
        FileSteps.requireReadableFile(from, "from");
        if (Files.exists(to) && !Files.isDirectory(to)) {
            throw new DataflowException("Cannot extract into \"" + to + "\": it is not a directory (config 'to')");
        }
        try (ZipFile zip = new ZipFile(from.toFile())) {
            // Check every entry before writing anything: a bad archive leaves nothing behind.
            List<Map.Entry<ZipEntry, Path>> plan = new ArrayList<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String name = entry.getName();
                Path target = to.resolve(name).normalize();
                if (name.startsWith("/") || name.contains("\\") || !target.startsWith(to) || target.equals(to)) {
                    throw new DataflowException("The zip entry \"" + name + "\" of \"" + from
                            + "\" would be written outside \"" + to + "\"; nothing was extracted.");
                }
                plan.add(Map.entry(entry, FileSteps.check(ctx, "to", target, PathAccess.WRITE)));
            }
            String what = "decompress " + from + " to " + to;
            log.debug("unzip: {}", what);
            ctx.effects().perform(to, what, () -> {
                Files.createDirectories(to);
                for (Map.Entry<ZipEntry, Path> e : plan) {
                    Path target = e.getValue();
                    if (e.getKey().isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    FileSteps.requireWritableTarget(target, "to");
                    FileSteps.writeNow(ctx, FileSteps.throughSymlink(target), false, out -> {
                        try (InputStream in = zip.getInputStream(e.getKey())) {
                            in.transferTo(out);
                        }
                    });
                }
            });
        }
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

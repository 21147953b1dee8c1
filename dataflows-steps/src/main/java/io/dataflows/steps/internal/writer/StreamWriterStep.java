package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.spi.AtomicOutput;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.steps.internal.StepPaths;
import io.dataflows.steps.internal.Utf8Writer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * {@code writer_stream}: writes the records of a stream to a file as {@code json} (one array), {@code jsonl} (one
 * object per line) or {@code csv}, and passes them on unchanged.
 *
 * <p>The file is written atomically: the records go to a temporary sibling that replaces the target only when the
 * stream ends normally, so an aborted run leaves no partial file and an existing target untouched (tool_dataflows
 * appended to the target). In a dry run nothing is written. {@code streamname} is evaluated once, when the stream
 * starts. It must name a file: a name ending with {@code /} and an existing directory are refused — by validation
 * when the value is static, otherwise when the stream starts, before any record is written.
 */
public final class StreamWriterStep implements FlowStep {

    private static final int BUFFER = 64 * 1024;

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("streamname", FieldType.STRING).required().path(PathAccess.WRITE)
                    .describe("The file to write: a relative path (against the base directory), an absolute path"
                            + " or a file:// URL"))
            .field(ConfigField.of("format", FieldType.STRING).required()
                    .describe("json, jsonl or csv"))
            .field(ConfigField.of("prettyprint", FieldType.BOOLEAN)
                    .describe("Indent JSON with 4 spaces"))
            .build();

    @Override
    public String id() {
        return "writer_stream";
    }

    @Override
    public StepKind kind() {
        return StepKind.WRITER;
    }

    @Override
    public String group() {
        return "writers";
    }

    @Override
    public String displayName() {
        return "Stream writer";
    }

    @Override
    public String description() {
        return "Writes the records to a file as a JSON array, JSON lines or CSV, atomically.";
    }

    /** Handles each record on its own and keeps no run-wide state: it may run distributed. */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        return !StepPaths.isRelative(config.get("streamname"));
    }

    @Override
    public void validate(StepValidation validation) {
        Object format = validation.config().get("format");
        if (format != null && !"".equals(format) && validation.isStatic("format")
                && OutputFormat.of(String.valueOf(format)) == null) {
            validation.problem("format", unsupported(String.valueOf(format)));
        }
        Object streamname = validation.config().get("streamname");
        if (streamname instanceof String && validation.isStatic("streamname")) {
            if (namesDirectory((String) streamname)) {
                validation.problem("streamname", endsWithSlash((String) streamname));
            } else {
                validation.path("streamname").filter(Files::isDirectory).ifPresent(path ->
                        validation.problem("streamname", isDirectory(path)));
            }
        }
    }

    /** True for a name that can only be a directory's: it ends with {@code /} (or is {@code .} or {@code ..}). */
    private static boolean namesDirectory(String streamname) {
        String s = streamname.trim();
        return s.endsWith("/") || s.equals(".") || s.equals("..") || s.endsWith("/.") || s.endsWith("/..");
    }

    private static String endsWithSlash(String streamname) {
        return "Config 'streamname' is invalid. \"" + streamname + "\" names a directory; give the file to write.";
    }

    private static String isDirectory(Path path) {
        return "Cannot write file \"" + path + "\": it is a directory (config 'streamname')";
    }

    private static String unsupported(String format) {
        return "The format '" + format + "' is not supported. Supported formats: " + OutputFormat.names() + ".";
    }

    /**
     * Its processor encodes and writes each record with nothing but its own encoder and file, so it may do so on a
     * thread of its own.
     */
    @Override
    public boolean canWriteBehind(Map<String, Object> config) {
        return true;
    }

    /** Passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public RecordProcessor open(StepContext ctx) throws Exception {
        StepConfig config = ctx.config();
        String formatName = config.string("format");
        OutputFormat format = OutputFormat.of(formatName);
        if (format == null) {
            throw new DataflowException(unsupported(formatName));
        }
        boolean pretty = config.bool("prettyprint");
        String streamname = config.string("streamname");
        if (namesDirectory(streamname)) {
            throw new DataflowException(endsWithSlash(streamname));
        }
        Path path = config.path("streamname", PathAccess.WRITE);
        if (ctx.files().attributes(path).filter(BasicFileAttributes::isDirectory).isPresent()) {
            throw new DataflowException(isDirectory(path)); // also in a dry run, which opens nothing
        }
        AtomicOutput output;
        try {
            output = ctx.effects().atomicOutput(path, false);
        } catch (FileSystemException e) {
            throw new DataflowException("Failed to open stream \"" + path + "\": " + reason(e) + ".", e);
        } catch (IOException e) {
            throw new DataflowException("Failed to open stream \"" + path + "\".", e);
        }
        if (output.isDiscarding()) {
            output.close();
            return (record, out) -> out.emit(record);
        }
        return new Stream(output, format.newEncoder(pretty), path);
    }

    /** Writes one output file. */
    private static final class Stream implements RecordProcessor {
        private final AtomicOutput output;
        private final RecordEncoder encoder;
        private final Path path;
        private final Utf8Writer writer;

        Stream(AtomicOutput output, RecordEncoder encoder, Path path) throws IOException {
            this.output = output;
            this.encoder = encoder;
            this.path = path;
            this.writer = new Utf8Writer(output.stream(), BUFFER);
            try {
                encoder.start(writer);
            } catch (IOException e) {
                output.close();
                throw failedToWrite(e);
            }
        }

        @Override
        public void process(DataRecord record, Emitter out) throws Exception {
            try {
                encoder.record(writer, record);
            } catch (IOException e) {
                throw failedToWrite(e);
            } catch (IllegalArgumentException e) {
                throw new DataflowException("Cannot write the record to \"" + path + "\": " + e.getMessage(), e);
            }
            out.emit(record);
        }

        @Override
        public void finish(Emitter out) throws Exception {
            try {
                encoder.end(writer);
                writer.flush();
                output.commit();
            } catch (IOException e) {
                throw failedToWrite(e);
            }
        }

        /** Discards the temporary file unless {@link #finish} committed it. */
        @Override
        public void close() throws IOException {
            output.close();
        }

        private DataflowException failedToWrite(IOException e) {
            return new DataflowException("Failed to write to stream \"" + path + "\": " + reason(e), e);
        }
    }

    /** A short reason for an I/O error, without the names of temporary files. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

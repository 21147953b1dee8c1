package io.dataflows.steps.internal.reader;

import io.dataflows.DataflowException;
import io.dataflows.RecordLayout;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.ReadSplit;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.SplittableReader;
import io.dataflows.spi.StepValidation;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reader_csv}: reads a CSV file (RFC 4180, UTF-8) and emits one record per row, keyed by the headers — the
 * file's first line, or the configured {@code headers}. All values are text. Rows whose field count differs from the
 * header count fail the step, or with {@code continueonerror} are logged, skipped and counted in
 * {@code steps.<alias>.errors.header_field_count_mismatch} (published once the file is exhausted). Row numbers in
 * messages are physical line numbers of the file (the first line is 1). Blank lines are skipped.
 *
 * <p>The file is text in {@code encoding} (default UTF-8, with or without a byte order mark); bytes that are not
 * valid there fail the step, naming the line ({@code Line 3 is not valid UTF-8 ("in.csv")}) — nothing is silently
 * replaced. A row (header included) longer than {@code maxrowsize} bytes (default 8 MiB; characters for other
 * encodings and non-ASCII delimiters) fails the step too, so a hostile file cannot exhaust memory.
 */
public final class CsvReaderStep implements SplittableReader {

    private static final Logger log = LoggerFactory.getLogger(CsvReaderStep.class);

    /** 8 MiB. */
    static final long DEFAULT_MAX_ROW_SIZE = 8L << 20;

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("path", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The CSV file to read"))
            .field(ConfigField.of("headers", FieldType.STRING)
                    .describe("A CSV header line; empty: the first line of the file"))
            .field(ConfigField.of("overwriteheaders", FieldType.BOOLEAN)
                    .describe("With headers set: skip the file's own header line"))
            .field(ConfigField.of("continueonerror", FieldType.BOOLEAN)
                    .describe("Skip and count rows whose field count does not match the headers"))
            .field(ConfigField.of("delimiter", FieldType.STRING).defaultValue(",")
                    .describe("The field delimiter, one character"))
            .field(ConfigField.of("encoding", FieldType.STRING).defaultValue("UTF-8")
                    .describe("The file's character set (UTF-8, ISO-8859-1, windows-1252, ...); default UTF-8"))
            .field(ConfigField.of("maxrowsize", FieldType.INTEGER).defaultValue(DEFAULT_MAX_ROW_SIZE).minimum(1)
                    .describe("The most bytes one row may take; default 8388608 (8 MiB)"))
            .build();

    @Override
    public String id() {
        return "reader_csv";
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public String group() {
        return "readers";
    }

    @Override
    public String displayName() {
        return "CSV reader";
    }

    @Override
    public String description() {
        return "Reads a CSV file and emits one record per row, keyed by the header line.";
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
    public Map<String, String> outputs() {
        return Map.of("errors.header_field_count_mismatch",
                "Number of rows skipped because their field count did not match the headers (continueonerror)");
    }

    @Override
    public void validate(StepValidation validation) {
        Object delimiter = validation.config().get("delimiter");
        if (delimiter instanceof String && validation.isStatic("delimiter") && ((String) delimiter).length() > 1) {
            validation.problem("delimiter", "Config 'delimiter' is invalid. It must be a single character (got \""
                    + delimiter + "\").");
        }
        Object encoding = validation.config().get("encoding");
        if (encoding instanceof String && !((String) encoding).isEmpty() && validation.isStatic("encoding")
                && !isCharset((String) encoding)) {
            validation.problem("encoding", unknownCharset((String) encoding));
        }
    }

    /**
     * The configured {@code headers}, when they and the delimiter hold no expression; unknown when the headers are
     * the file's first line.
     */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        Object headers = config.get("headers");
        Object delimiter = config.getOrDefault("delimiter", ",");
        if (!(headers instanceof String) || ((String) headers).isEmpty() || ((String) headers).contains("${{")
                || !(delimiter instanceof String) || ((String) delimiter).length() != 1) {
            return RecordShape.unknown();
        }
        try (CsvParser line = new CsvParser(new StringReader((String) headers), ((String) delimiter).charAt(0))) {
            String[] names = line.next();
            return RecordShape.of(names == null ? List.of() : Arrays.asList(names));
        } catch (IOException e) {
            return RecordShape.unknown(); // the run reports it
        }
    }

    private static boolean isCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String unknownCharset(String name) {
        return "Config 'encoding' is invalid. Unknown character set \"" + name + "\".";
    }

    /**
     * Yes: it resolves its config before the first record, and shares nothing with the steps downstream while it
     * parses.
     */
    @Override
    public boolean canReadAhead(Map<String, Object> config) {
        return true;
    }

    @Override
    public void read(StepContext ctx, Emitter out) throws Exception {
        readSplit(ctx, ReadSplit.WHOLE, out);
    }

    /**
     * Cuts a UTF-8 file (with a delimiter below U+0080) into parts at the starts of rows, never inside a quoted
     * field: one pass over its bytes that follows the parser's quoting rules ({@link CsvSplitter}). The file's
     * header line is in no part: each part reads it again from the start of the file. Other encodings, and files of
     * at most {@code targetBytes}, are read whole.
     */
    @Override
    public List<ReadSplit> split(StepContext ctx, long targetBytes) throws Exception {
        StepConfig config = ctx.config();
        Path path = config.path("path", PathAccess.READ);
        char delimiter = delimiter(config.string("delimiter"));
        String encoding = config.optionalString("encoding").orElse("UTF-8");
        if (!isCharset(encoding) || !Charset.forName(encoding).equals(StandardCharsets.UTF_8)
                || !Utf8CsvParser.supports(delimiter)) {
            return List.of(ReadSplit.WHOLE);
        }
        boolean headerInFile = config.optionalString("headers").isEmpty() || config.bool("overwriteheaders");
        try (InputStream in = ctx.files().openRead(path)) {
            long size = ctx.files().attributes(path).map(BasicFileAttributes::size).orElse(0L);
            return CsvSplitter.split(in, (byte) delimiter, headerInFile, size, targetBytes);
        } catch (IOException e) {
            throw new DataflowException("Failed to open stream \"" + path + "\".", e);
        }
    }

    /**
     * Reads the rows of one part as {@link #read} reads them, with the same line numbers in messages; the headers
     * come from the config or from the file's first row, parsed from the start of the file.
     */
    @Override
    public void readSplit(StepContext ctx, ReadSplit split, Emitter out) throws Exception {
        StepConfig config = ctx.config();
        Path path = config.path("path", PathAccess.READ);
        char delimiter = delimiter(config.string("delimiter"));
        String configuredHeaders = config.optionalString("headers").orElse(null);
        boolean overwriteHeaders = config.bool("overwriteheaders");
        boolean continueOnError = config.bool("continueonerror");
        String encoding = config.optionalString("encoding").orElse("UTF-8");
        if (!isCharset(encoding)) {
            throw new DataflowException(unknownCharset(encoding));
        }
        long maxRowSize = config.integer("maxrowsize");

        long mismatches = 0;
        boolean whole = split.isWhole();
        try (CsvRows csv = whole ? open(ctx, path, delimiter, Charset.forName(encoding), maxRowSize)
                : openPart(ctx, path, delimiter, maxRowSize, split)) {
            String[] headers;
            if (configuredHeaders != null) {
                try (CsvParser headerLine = new CsvParser(new StringReader(configuredHeaders), delimiter)) {
                    headers = headerLine.next(); // its own parser: nothing reuses the array
                }
                if (headers == null) {
                    headers = new String[0];
                }
                if (overwriteHeaders && whole) {
                    csv.next(); // the file's own header line; a part starts after it
                }
            } else if (whole) {
                String[] first = csv.next();
                headers = first == null ? null : first.clone(); // the next rows reuse the parser's array
            } else {
                try (CsvRows file = openPart(ctx, path, delimiter, maxRowSize, ReadSplit.WHOLE)) {
                    String[] first = file.next();
                    headers = first == null ? null : first.clone();
                }
            }
            if (headers != null) {
                RecordLayout layout = layout(headers, path);
                int expected = headers.length;
                String[] row;
                while ((row = csv.next()) != null) {
                    if (row.length != expected) {
                        String message = "Row #" + csv.rowLine() + ": Number of fields (" + row.length
                                + ") should match number of headers (" + expected + ") in \"" + path + "\"";
                        if (!continueOnError) {
                            throw new DataflowException(message);
                        }
                        log.error("{}", message);
                        mismatches++;
                        continue;
                    }
                    out.emit(layout.recordOfText(row)); // copies the row: the only copy per record
                }
            }
        } catch (CsvFormatException e) {
            throw new DataflowException(e.getMessage() + " (\"" + path + "\")", e);
        }
        ctx.output("errors", Map.of("header_field_count_mismatch", mismatches));
    }

    /** The rows of {@code split} of a UTF-8 file; {@link ReadSplit#WHOLE} for the file from its start. */
    private static CsvRows openPart(StepContext ctx, Path path, char delimiter, long maxRowSize, ReadSplit split) {
        try {
            InputStream in = ctx.files().openRead(path);
            try {
                in.skipNBytes(split.start());
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            InputStream part = split.end() == Long.MAX_VALUE ? in : new BoundedInputStream(in, split.end() - split.start());
            return new Utf8CsvParser(part, delimiter, maxRowSize, Math.toIntExact(split.firstLine()), split.start() == 0);
        } catch (IOException e) {
            throw new DataflowException("Failed to open stream \"" + path + "\".", e);
        }
    }

    private static CsvRows open(StepContext ctx, Path path, char delimiter, Charset charset, long maxRowSize) {
        try {
            InputStream in = ctx.files().openRead(path);
            if (charset.equals(StandardCharsets.UTF_8) && Utf8CsvParser.supports(delimiter)) {
                return new Utf8CsvParser(in, delimiter, maxRowSize);
            }
            return CsvParser.decoding(in, charset, delimiter, maxRowSize);
        } catch (IOException e) {
            throw new DataflowException("Failed to open stream \"" + path + "\".", e);
        }
    }

    private static RecordLayout layout(String[] headers, Path path) {
        try {
            return RecordLayout.of(Arrays.asList(headers));
        } catch (IllegalArgumentException e) {
            throw new DataflowException("Invalid CSV headers " + Arrays.toString(headers) + " for \"" + path
                    + "\": " + e.getMessage(), e);
        }
    }

    private static char delimiter(String text) {
        if (text == null || text.length() != 1) {
            throw new DataflowException("Config 'delimiter' is invalid. It must be a single character (got \""
                    + text + "\").");
        }
        return text.charAt(0);
    }
}

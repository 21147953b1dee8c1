package io.dataflows.steps.internal.reader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.Values;
import io.dataflows.steps.internal.JsonTree;
import io.dataflows.spi.NaturalOrder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reader_json}: reads a JSON file, takes the array at {@code arrayexpression} (a dotted path such as
 * {@code data.list.users}; empty: the document itself), optionally sorts it by the value at
 * {@code arraysortexpression} inside each element (PHP {@code strnatcasecmp}: natural, case-insensitive; stable;
 * {@code sortorder} {@code asc} or {@code desc}), and emits one record per element. Iterating an object yields its
 * property values. An element that is not an object is emitted as a value record ({@link DataRecord#ofValue}): the
 * record is that value, as tool_dataflows passed it on. Numbers keep
 * their value ({@link JsonTree}): beyond 64 bits, or more precise than a double, they are read exactly.
 *
 * <p>The whole file is decoded in memory (JSON has no streaming form that allows sorting), so it is limited: a file
 * larger than {@code maxsize} bytes (default 64 MiB) or nested deeper than {@code maxdepth} arrays and objects
 * (default 512, as PHP's {@code json_decode}) fails the step, naming the limit.
 */
public final class JsonReaderStep implements ReaderStep {

    private static final Logger log = LoggerFactory.getLogger(JsonReaderStep.class);

    /** 64 MiB. */
    static final long DEFAULT_MAX_SIZE = 64L << 20;

    static final long DEFAULT_MAX_DEPTH = 512;

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("pathtojson", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The JSON file to read"))
            .field(ConfigField.of("arrayexpression", FieldType.STRING)
                    .describe("Dotted path of the array in the document (data.list.users); empty: the document"))
            .field(ConfigField.of("arraysortexpression", FieldType.STRING)
                    .describe("Dotted path of the sort key inside each element; empty: no sorting"))
            .field(ConfigField.of("sortorder", FieldType.STRING).defaultValue("asc").oneOf("asc", "desc")
                    .describe("asc or desc"))
            .field(ConfigField.of("maxsize", FieldType.INTEGER).defaultValue(DEFAULT_MAX_SIZE).minimum(1)
                    .describe("The largest file read, in bytes; default 67108864 (64 MiB)"))
            .field(ConfigField.of("maxdepth", FieldType.INTEGER).defaultValue(DEFAULT_MAX_DEPTH).minimum(1)
                    .describe("The deepest nesting of arrays and objects; default 512"))
            .build();

    @Override
    public String id() {
        return "reader_json";
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
        return "JSON reader";
    }

    @Override
    public String description() {
        return "Reads an array from a JSON file, optionally sorted, and emits one record per element.";
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

    /** Yes: it resolves its config and reads the document before the first record. */
    @Override
    public boolean canReadAhead(Map<String, Object> config) {
        return true;
    }

    @Override
    public void read(StepContext ctx, Emitter out) throws Exception {
        StepConfig config = ctx.config();
        Path path = config.path("pathtojson", PathAccess.READ);
        String arrayExpression = config.optionalString("arrayexpression").orElse("");
        String sortExpression = config.optionalString("arraysortexpression").orElse("");
        boolean descending = "desc".equalsIgnoreCase(config.optionalString("sortorder").orElse("asc"));

        Object document = decode(ctx, path, config.integer("maxsize"), config.integer("maxdepth"));
        Object array = extract(document, arrayExpression);
        List<Object> elements;
        if (array instanceof List) {
            elements = new ArrayList<>((List<?>) array);
        } else if (array instanceof Map) {
            elements = new ArrayList<>(((Map<?, ?>) array).values());
        } else {
            throw new DataflowException("Failed to extract nested JSON array \"" + arrayExpression + "\".");
        }
        if (!sortExpression.isEmpty()) {
            elements = sorted(elements, sortExpression, descending);
        }
        for (Object element : elements) {
            out.emit(toRecord(element));
        }
    }

    /** A stable sort by the text of each element's key, computed once per element. */
    private static List<Object> sorted(List<Object> elements, String keyPath, boolean descending) {
        List<Map.Entry<String, Object>> keyed = new ArrayList<>(elements.size());
        for (Object e : elements) {
            keyed.add(new AbstractMap.SimpleImmutableEntry<>(Values.text(at(e, keyPath)), e));
        }
        Comparator<Map.Entry<String, Object>> order = Map.Entry.comparingByKey(NaturalOrder.CASE_INSENSITIVE);
        keyed.sort(descending ? order.reversed() : order);
        List<Object> out = new ArrayList<>(keyed.size());
        for (Map.Entry<String, Object> e : keyed) {
            out.add(e.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static DataRecord toRecord(Object element) {
        if (element instanceof Map) {
            return DataRecord.fromMap((Map<String, ?>) element);
        }
        // tool_dataflows passed such an element on as the record itself: a value record stands for it
        return DataRecord.ofValue(element);
    }

    /** A factory whose parsers refuse documents over the limits. */
    private static JsonFactory factory(long maxSize, long maxDepth) {
        int depth = (int) Math.min(maxDepth, Integer.MAX_VALUE);
        int strings = (int) Math.min(maxSize, Integer.MAX_VALUE);
        return JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(maxSize).maxNestingDepth(depth).maxStringLength(strings).build()).build();
    }

    private static Object decode(StepContext ctx, Path path, long maxSize, long maxDepth) {
        InputStream in;
        try {
            in = ctx.files().openRead(path);
        } catch (IOException e) {
            log.error("Failed to open JSON file \"{}\": {}", path, e.toString());
            throw new DataflowException("Failed to open JSON file \"" + path + "\".", e);
        }
        try (InputStream stream = in; JsonParser parser = factory(maxSize, maxDepth).createParser(stream)) {
            Object value = JsonTree.readDocument(parser);
            if (value == JsonTree.NONE) {
                throw new DataflowException("Invalid JSON, failed to decode JSON file \"" + path
                        + "\": the file holds no JSON value");
            }
            if (value == null) {
                throw new DataflowException("Invalid JSON, failed to decode JSON file \"" + path + "\".");
            }
            return value;
        } catch (StreamConstraintsException e) {
            String message = e.getOriginalMessage();
            // The string limit is the size limit too: a string longer than the file may be means the file is
            // larger, and which of the two Jackson meets first depends on how its buffers were filled.
            if (message.contains("getMaxDocumentLength") || message.contains("getMaxStringLength")) {
                throw new DataflowException("The JSON file \"" + path + "\" is larger than " + maxSize
                        + " bytes (config 'maxsize').", e);
            }
            if (message.contains("getMaxNestingDepth")) {
                throw new DataflowException("The JSON file \"" + path + "\" nests arrays and objects deeper than "
                        + maxDepth + " levels (config 'maxdepth').", e);
            }
            throw new DataflowException("Invalid JSON, failed to decode JSON file \"" + path + "\": "
                    + plain(message), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new DataflowException("Invalid JSON, failed to decode JSON file \"" + path + "\"" + where + ": "
                    + plain(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new DataflowException("Failed to open JSON file \"" + path + "\".", e);
        }
    }

    /** Jackson's message about the text, without the names of its classes and settings. */
    static String plain(String message) {
        if (message == null) {
            return "unreadable";
        }
        if (message.startsWith("Trailing token")) {
            return "unexpected content after the JSON value";
        }
        if (message.startsWith("No content to map due to end-of-input")) {
            return "the file holds no JSON value";
        }
        String plain = message.replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll(" ?\\(consider enabling .*$", "")
                .replaceAll(":? ?not allowed as per `[^`]*`", "")
                .replaceAll(", from `[^`]*`", "")
                .replaceAll(": enable `[^`]*` to allow.*$", "");
        String before;
        do { // parenthesised remarks that name Jackson's classes or settings, innermost first
            before = plain;
            plain = plain.replaceAll(" ?\\([^()`]*`[^`]*`[^()]*\\)", "");
        } while (!plain.equals(before));
        return plain.replace("`", "");
    }

    /** The value at a dotted path: map keys, or list indexes for numeric parts; null when absent. */
    static Object at(Object value, String dottedPath) {
        if (dottedPath.isEmpty()) {
            return value;
        }
        Object v = value;
        for (String part : dottedPath.split("\\.", -1)) {
            if (v instanceof Map) {
                v = ((Map<?, ?>) v).get(part);
            } else if (v instanceof List && part.matches("\\d{1,9}")) {
                List<?> list = (List<?>) v;
                int i = Integer.parseInt(part);
                v = i < list.size() ? list.get(i) : null;
            } else {
                return null;
            }
        }
        return v;
    }

    private static Object extract(Object document, String expression) {
        Object v = at(document, expression);
        if (v == null) {
            throw new DataflowException("Failed to extract nested JSON array \"" + expression + "\".");
        }
        return v;
    }
}

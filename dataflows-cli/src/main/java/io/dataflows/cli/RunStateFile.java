package io.dataflows.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A run state file ({@code dataflows run --state-out}) read for {@code dataflows report}: its text and its
 * document. The file may come from anywhere, so it is read within limits — at most {@value #MAX_BYTES} bytes of
 * UTF-8, objects and arrays nested at most {@value #MAX_DEPTH} deep, no key twice in an object — and the keys the
 * report shows must have the types docs/semantics.md ("Run state file") gives them. Whatever breaks a rule is one
 * line of error (exit 2), never a stack trace.
 */
final class RunStateFile {

    /** The largest file read: far more than any run writes, far less than a heap. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    /** The deepest nesting read: deeper than any variable tree, shallow enough for recursion over it. */
    static final int MAX_DEPTH = 200;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Where Jackson says an unclosed object or array began, naming a source it does not show. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)");

    private final String json;
    private final Map<String, Object> document;

    private RunStateFile(String json, Map<String, Object> document) {
        this.json = json;
        this.document = document;
    }

    /** The text as read. */
    String json() {
        return json;
    }

    /** The document: a JSON object, its keys in file order. */
    Map<String, Object> document() {
        return document;
    }

    /**
     * Reads {@code file}.
     *
     * @throws CliSupport.Exit (invalid) when it cannot be read, is too large, or is not a run state document
     */
    static RunStateFile read(Path file) {
        if (Files.isDirectory(file)) {
            throw invalid(file, "This is a directory, not a run state file.");
        }
        // Like a flow file: a FIFO would block the read forever, a device such as /dev/zero never end.
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw invalid(file, "This is not a regular file (a FIFO, device or socket); a run state must be a "
                    + "regular file.");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw invalid(file, "No such file.");
        } catch (IOException e) {
            throw invalid(file, "Cannot read the run state (" + StateOutFile.reason(e) + ").");
        }
        if (bytes.length > MAX_BYTES) {
            throw invalid(file, "The run state is larger than " + MAX_BYTES / (1024 * 1024) + " MiB; it is not read.");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(file, "The run state is not UTF-8 text.");
        }
        return parse(file, json);
    }

    /** Parses {@code json}, read from {@code file}. */
    static RunStateFile parse(Path file, String json) {
        Object root;
        try {
            root = MAPPER.readValue(json, Object.class);
        } catch (StreamConstraintsException e) {
            throw invalid(file, "Not a run state: it is nested more than " + MAX_DEPTH + " levels deep.");
        } catch (JsonProcessingException e) {
            throw invalid(file, "Not valid JSON: " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")") + ".");
        }
        if (!(root instanceof Map)) {
            throw invalid(file, "Not a run state: the document must be a JSON object.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) root;
        expect(file, document, "run", Map.class, "an object");
        expect(file, document, "steps", Map.class, "an object");
        expect(file, document, "effects", List.class, "an array");
        expect(file, document, "variables", Map.class, "an object");
        if (document.get("steps") instanceof Map<?, ?> steps) {
            for (Map.Entry<?, ?> step : steps.entrySet()) {
                if (!(step.getValue() instanceof Map)) {
                    throw invalid(file, "Not a run state: \"steps." + step.getKey() + "\" must be an object.");
                }
            }
        }
        if (document.get("effects") instanceof List<?> effects) {
            for (int i = 0; i < effects.size(); i++) {
                if (!(effects.get(i) instanceof Map)) {
                    throw invalid(file, "Not a run state: \"effects[" + i + "]\" must be an object.");
                }
            }
        }
        return new RunStateFile(json, document);
    }

    /** {@code key} is missing, null or of {@code type}. */
    private static void expect(Path file, Map<String, Object> document, String key, Class<?> type, String what) {
        Object value = document.get(key);
        if (value != null && !type.isInstance(value)) {
            throw invalid(file, "Not a run state: \"" + key + "\" must be " + what + ".");
        }
    }

    /** Jackson's message without its second line and without the source it cannot name. */
    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int end = text.indexOf('\n');
        return SOURCE.matcher(end < 0 ? text : text.substring(0, end)).replaceAll("");
    }

    private static CliSupport.Exit invalid(Path file, String why) {
        return new CliSupport.Exit(ExitCodes.INVALID, file + ": " + why);
    }
}

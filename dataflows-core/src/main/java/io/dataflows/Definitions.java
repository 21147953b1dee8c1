package io.dataflows;

import io.dataflows.internal.definition.DefinitionFile;
import io.dataflows.internal.definition.DefinitionReader;
import io.dataflows.internal.definition.DefinitionWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and writes dataflow definitions in the tool_dataflows YAML format and the same tree as JSON.
 *
 * <pre>{@code
 * Dataflow flow = Definitions.read(Path.of("flows/users.yml"));
 * String yaml = Definitions.toYaml(flow, engine.registry());
 * }</pre>
 *
 * <p>Reading accepts the PHP class forms of step types ({@code \tool_dataflows\local\step\reader_csv}),
 * {@code depends_on} as a scalar or a list, {@code alias:position} and {@code alias:label} references and forward
 * references. Every error is a {@link DataflowDefinitionException} naming the file, line, column and step.
 * Writing keeps step order, unknown dataflow-level config keys and the type as written, writes secret config fields
 * as {@code *****}, and round-trips a tool_dataflows export byte for byte.
 *
 * <p>Reading is safe on untrusted input, and refuses rather than guesses:
 * <ul>
 *   <li>Only a regular file is read (never a FIFO, a device such as {@code /dev/zero}, or a directory), of at most
 *       {@link #DEFAULT_MAX_SIZE} (16 MiB) unless another limit is given; text is limited to as many characters.
 *       The file must be UTF-8.</li>
 *   <li>A definition is one document: a second YAML document ({@code ---}) or anything after the JSON value is an
 *       error.</li>
 *   <li>YAML aliases ({@code *name}, including merge keys {@code <<: *name}) are refused: write values out in
 *       full. tool_dataflows exports never contain them, and refusing them rules out documents that expand without
 *       bound ("billion laughs") and undefined or recursive anchors.</li>
 *   <li>Maps and lists nest at most 100 deep; a definition holds at most 1,000,000 tokens (keys, values, starts
 *       and ends of maps and lists); a key or text value has at most 1,048,576 characters; a number at most 1,000
 *       characters; a line of YAML at most 65,536 characters (the YAML parser slows down with the square of a
 *       line's length).</li>
 *   <li>Every field has a type: {@code name}, {@code description} and a step's {@code name}, {@code description},
 *       {@code type} and {@code alias} are text (a number stands for its text), {@code config} and {@code vars}
 *       maps, {@code steps} a map (or a list), {@code depends_on} an alias or a list of aliases.</li>
 * </ul>
 */
public final class Definitions {

    /** The size limit of a definition unless another is given: 16 MiB (bytes of a file, characters of text). */
    public static final long DEFAULT_MAX_SIZE = DefinitionFile.DEFAULT_MAX_SIZE;

    private Definitions() {}

    /**
     * Reads a definition file of at most {@link #DEFAULT_MAX_SIZE} bytes: JSON when its name ends in {@code .json},
     * YAML otherwise.
     *
     * @throws DataflowDefinitionException when the file is missing, not a regular file, too large, not UTF-8, or
     *     not a valid definition
     */
    public static Dataflow read(Path file) {
        return read(file, DEFAULT_MAX_SIZE);
    }

    /**
     * Like {@link #read(Path)}, with a size limit of {@code maxBytes}.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is not positive
     */
    public static Dataflow read(Path file, long maxBytes) {
        requirePositive(maxBytes);
        String text = DefinitionFile.read(file, maxBytes);
        String name = file.toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".json") ? DefinitionReader.readJson(text, name, maxBytes)
                : DefinitionReader.readYaml(text, name, maxBytes);
    }

    /** Reads YAML text of at most {@link #DEFAULT_MAX_SIZE} characters; {@code source} names it in messages. */
    public static Dataflow readYaml(String yaml, String source) {
        return DefinitionReader.readYaml(yaml, source);
    }

    /** Like {@link #readYaml(String, String)}, with a size limit of {@code maxChars}. */
    public static Dataflow readYaml(String yaml, String source, long maxChars) {
        requirePositive(maxChars);
        return DefinitionReader.readYaml(yaml, source, maxChars);
    }

    /** Reads JSON text of at most {@link #DEFAULT_MAX_SIZE} characters; {@code source} names it in messages. */
    public static Dataflow readJson(String json, String source) {
        return DefinitionReader.readJson(json, source);
    }

    /** Like {@link #readJson(String, String)}, with a size limit of {@code maxChars}. */
    public static Dataflow readJson(String json, String source, long maxChars) {
        requirePositive(maxChars);
        return DefinitionReader.readJson(json, source, maxChars);
    }

    /** The definition as YAML; {@code registry} tells which config fields are secret. */
    public static String toYaml(Dataflow flow, StepRegistry registry) {
        return DefinitionWriter.toYaml(flow, registry);
    }

    /** The definition as JSON (the YAML tree, indented with 4 spaces). */
    public static String toJson(Dataflow flow, StepRegistry registry) {
        return DefinitionWriter.toJson(flow, registry);
    }

    private static void requirePositive(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("The size limit must be positive: " + max);
        }
    }
}

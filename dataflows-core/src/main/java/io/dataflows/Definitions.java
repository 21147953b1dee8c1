package io.dataflows;

import com.google.common.base.Preconditions;
import io.dataflows.internal.definition.DefinitionFile;
import io.dataflows.internal.definition.DefinitionReader;
import io.dataflows.internal.definition.DefinitionWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads and writes dataflow definitions in the tool_dataflows YAML format and the same tree as JSON.
 *
 * <pre>{@code
 * Dataflow flow = Definitions.read(Path.of("flows/users.yml"));
 * Dataflow packaged = Definitions.readResource("flows/users.yml");   // from the classpath
 * String yaml = Definitions.toYaml(flow, engine.registry());
 * }</pre>
 *
 * <p>Reading accepts the PHP class forms of step types ({@code \tool_dataflows\local\step\reader_csv}),
 * {@code depends_on} as a scalar, a list or a map (tool_dataflows writes {@code {1: read, 7: other}} when its
 * dependencies are keyed by step ids; the values count, in the order written), {@code alias:position} and {@code alias:label} references and forward
 * references. A definition is read from a file, a classpath resource, an {@code InputStream}, a {@code Reader} or a
 * string. Every error is a {@link DataflowDefinitionException} naming the source (the file, {@code classpath:} and
 * the resource name, or the name the caller gave), line, column and step.
 * Writing keeps step order, writes {@code depends_on} as a scalar (one dependency) or a list, unknown dataflow-level config keys and the type as written, writes secret config fields
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
 *       maps, {@code steps} a map (or a list), {@code depends_on} an alias, or a list or map of aliases.</li>
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
        return parse(DefinitionFile.read(file, maxBytes), file.toString(), maxBytes);
    }

    private static Dataflow parse(String text, String source, long maxSize) {
        return source.toLowerCase(Locale.ROOT).endsWith(".json") ? DefinitionReader.readJson(text, source, maxSize)
                : DefinitionReader.readYaml(text, source, maxSize);
    }

    /**
     * Reads a definition from a stream of UTF-8 bytes of at most {@link #DEFAULT_MAX_SIZE} bytes: JSON when
     * {@code source} ends in {@code .json}, YAML otherwise. {@code source} names the input in error locations
     * ({@code upload.yml:3:5: ...}). The stream is read to its end and not closed: whoever opened it closes it.
     *
     * <pre>{@code
     * try (InputStream in = request.getInputStream()) {
     *     Dataflow flow = Definitions.read(in, "upload.yml");
     * }
     * }</pre>
     *
     * @throws DataflowDefinitionException when the stream fails, is too large, is not UTF-8, or holds no valid
     *     definition
     */
    public static Dataflow read(InputStream in, String source) {
        return read(in, source, DEFAULT_MAX_SIZE);
    }

    /**
     * Like {@link #read(InputStream, String)}, with a size limit of {@code maxBytes}.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is not positive
     */
    public static Dataflow read(InputStream in, String source, long maxBytes) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        requirePositive(maxBytes);
        return parse(DefinitionFile.read(in, source, maxBytes), source, maxBytes);
    }

    /**
     * Reads a definition from a character stream of at most {@link #DEFAULT_MAX_SIZE} characters: JSON when
     * {@code source} ends in {@code .json}, YAML otherwise. {@code source} names the input in error locations. The
     * reader is read to its end and not closed.
     *
     * @throws DataflowDefinitionException when the reader fails, is too long, or holds no valid definition
     */
    public static Dataflow read(Reader reader, String source) {
        return read(reader, source, DEFAULT_MAX_SIZE);
    }

    /**
     * Like {@link #read(Reader, String)}, with a size limit of {@code maxChars}.
     *
     * @throws IllegalArgumentException if {@code maxChars} is not positive
     */
    public static Dataflow read(Reader reader, String source, long maxChars) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(source, "source");
        requirePositive(maxChars);
        return parse(DefinitionFile.read(reader, source, maxChars), source, maxChars);
    }

    /**
     * Reads a definition packaged with the application, found by the thread's context class loader (or, without
     * one, by the class loader of this library): JSON when the name ends in {@code .json}, YAML otherwise. Errors
     * name it {@code classpath:flows/users.yml}, with line and column:
     * {@code classpath:flows/users.yml:3:5: route: The step dependency "reed" does not exist.}
     *
     * <pre>{@code
     * Dataflow flow = Definitions.readResource("flows/users.yml");   // src/main/resources/flows/users.yml
     * }</pre>
     *
     * @param name the resource name, {@code /}-separated, relative to the classpath root (a leading {@code /} is
     *     ignored)
     * @throws DataflowDefinitionException when there is no such resource, it is larger than
     *     {@link #DEFAULT_MAX_SIZE} bytes, not UTF-8, or no valid definition
     */
    public static Dataflow readResource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return readResource(name, loader != null ? loader : Definitions.class.getClassLoader());
    }

    /** Like {@link #readResource(String)}, with the resource found by {@code loader}. */
    public static Dataflow readResource(String name, ClassLoader loader) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loader, "loader");
        String path = name.startsWith("/") ? name.substring(1) : name;
        String source = "classpath:" + path;
        URL url = loader.getResource(path);
        if (url == null) {
            throw new DataflowDefinitionException("There is no such resource on the classpath.", null, source, 0, 0,
                    null);
        }
        try (InputStream in = url.openStream()) {
            return read(in, source);
        } catch (IOException e) {
            throw new DataflowDefinitionException("Cannot read the resource: " + e.getMessage(), null, source, 0, 0,
                    e);
        }
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

    /**
     * The definition as YAML; {@code registry} tells which config fields are secret.
     *
     * @throws DataflowException naming the steps when the dataflow has steps given in code
     *     ({@link StepSpec#of(io.dataflows.spi.StepType)}, lambda steps), which have no definition to write
     */
    public static String toYaml(Dataflow flow, StepRegistry registry) {
        return DefinitionWriter.toYaml(flow, registry);
    }

    /**
     * The definition as JSON (the YAML tree, indented with 4 spaces).
     *
     * @throws DataflowException naming the steps when the dataflow has steps given in code
     */
    public static String toJson(Dataflow flow, StepRegistry registry) {
        return DefinitionWriter.toJson(flow, registry);
    }

    private static void requirePositive(long max) {
        Preconditions.checkArgument(max >= 1, "The size limit must be positive: %s", max);
    }
}

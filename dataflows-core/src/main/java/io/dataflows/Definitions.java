package io.dataflows;

import io.dataflows.internal.definition.DefinitionReader;
import io.dataflows.internal.definition.DefinitionWriter;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 */
public final class Definitions {

    private Definitions() {}

    /** Reads a definition file: JSON when its name ends in {@code .json}, YAML otherwise. */
    public static Dataflow read(Path file) {
        String text = readFile(file);
        String name = file.toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".json") ? DefinitionReader.readJson(text, name)
                : DefinitionReader.readYaml(text, name);
    }

    /** Reads YAML text; {@code source} names it in error messages. */
    public static Dataflow readYaml(String yaml, String source) {
        return DefinitionReader.readYaml(yaml, source);
    }

    /** Reads JSON text; {@code source} names it in error messages. */
    public static Dataflow readJson(String json, String source) {
        return DefinitionReader.readJson(json, source);
    }

    /** The definition as YAML; {@code registry} tells which config fields are secret. */
    public static String toYaml(Dataflow flow, StepRegistry registry) {
        return DefinitionWriter.toYaml(flow, registry);
    }

    /** The definition as JSON (the YAML tree, indented with 4 spaces). */
    public static String toJson(Dataflow flow, StepRegistry registry) {
        return DefinitionWriter.toJson(flow, registry);
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataflowDefinitionException("File not found.", null, file.toString(), 0, 0, e);
        } catch (MalformedInputException e) {
            throw new DataflowDefinitionException("The file is not UTF-8 text.", null, file.toString(), 0, 0, e);
        } catch (IOException e) {
            throw new DataflowDefinitionException("Cannot read the file: " + e.getMessage(), null, file.toString(),
                    0, 0, e);
        }
    }
}

package io.dataflows.internal.definition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.StepSpec;
import io.dataflows.internal.util.ShortText;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads tool_dataflows-compatible YAML (and the same tree as JSON) into a {@link Dataflow}. Every error names the
 * source, line, column and step: syntax errors, duplicate keys, unknown keys, fields of the wrong type, a step
 * without type, a dependency on a step that does not exist. Dependencies are resolved after all steps are read, so
 * forward references work.
 *
 * <p>A definition is exactly one document: a second YAML document or anything after the JSON value is an error.
 * YAML aliases ({@code *name}) are refused rather than resolved: Jackson reads an alias as the text of its name
 * ({@code limit: *b} would become {@code "b"}), and resolving them invites documents that expand without bound.
 * tool_dataflows exports never contain them. The limits of {@link DefinitionParsers} apply to both formats.
 */
public final class DefinitionReader {

    private static final Set<String> TOP_KEYS = Set.of("id", "name", "description", "config", "vars", "steps");
    private static final Set<String> STEP_KEYS = Set.of("id", "alias", "name", "description", "type", "config",
            "vars", "depends_on");
    private static final Pattern LIBRARY_REFERENCE = Pattern.compile(", from `StreamReadConstraints\\.[^`]*`");

    private final String source;

    private DefinitionReader(String source) {
        this.source = source;
    }

    /** Reads YAML text; {@code source} names it in messages (a file name). */
    public static Dataflow readYaml(String text, String source) {
        return readYaml(text, source, DefinitionFile.DEFAULT_MAX_SIZE);
    }

    /** Reads YAML text of at most {@code maxSize} characters. */
    public static Dataflow readYaml(String text, String source, long maxSize) {
        return new DefinitionReader(source).read(DefinitionParsers.forMaxSize(maxSize).yaml, text, maxSize);
    }

    /** Reads JSON text; {@code source} names it in messages. */
    public static Dataflow readJson(String text, String source) {
        return readJson(text, source, DefinitionFile.DEFAULT_MAX_SIZE);
    }

    /** Reads JSON text of at most {@code maxSize} characters. */
    public static Dataflow readJson(String text, String source, long maxSize) {
        return new DefinitionReader(source).read(DefinitionParsers.forMaxSize(maxSize).json, text, maxSize);
    }

    /** An error of the file itself: no subject. */
    private DataflowDefinitionException error(String message, int line, int column) {
        return new DataflowDefinitionException(message, null, source, line, column, null);
    }

    /** An error in a field of a step ({@code step} not null) or of the whole dataflow. */
    private DataflowDefinitionException error(String message, String step, Located at) {
        return error(message, step, at.line(), at.column());
    }

    private DataflowDefinitionException error(String message, String step, int line, int column) {
        return step == null ? DataflowDefinitionException.ofDataflow(message, source, line, column)
                : new DataflowDefinitionException(message, step, source, line, column, null);
    }

    private Dataflow read(JsonFactory factory, String text, long maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be positive: " + maxSize);
        }
        if (text.length() > maxSize) {
            throw error("The definition is longer than " + DefinitionFile.describe(maxSize, "characters")
                    + ", the limit for a definition.", 0, 0);
        }
        if (factory instanceof YAMLFactory) {
            refuseLongLines(text);
        }
        Located root;
        JsonParser parser = null;
        try (JsonParser p = factory.createParser(text)) {
            parser = p;
            JsonToken t = p.nextToken();
            if (t == null) {
                throw error("The definition is empty.", 1, 1);
            }
            root = value(p);
            JsonToken after = p.nextToken();
            if (after != null) {
                JsonLocation at = p.currentTokenLocation();
                throw error(p instanceof YAMLParser
                        ? "A second YAML document starts here; a definition is one document."
                        : "Unexpected content after the end of the definition.", at.getLineNr(), at.getColumnNr());
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(e, parser);
        } catch (IOException e) {
            throw new DataflowDefinitionException("Cannot read the definition: " + e.getMessage(), null, source, 0,
                    0, e);
        } catch (DataflowDefinitionException e) {
            throw e;
        } catch (RuntimeException e) {
            // The parsers are meant to report every malformed input as a JsonProcessingException; anything else
            // they throw on hostile input is still a definition that cannot be read.
            JsonLocation at = parser == null ? null : parser.currentLocation();
            throw new DataflowDefinitionException("Invalid " + (factory instanceof YAMLFactory ? "YAML" : "JSON")
                    + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), null, source,
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), e);
        }
        if (!root.isMap()) {
            throw error("A dataflow definition must be a map with 'name' and 'steps'.", root.line(), root.column());
        }
        return build(root);
    }

    private DataflowDefinitionException syntaxError(JsonProcessingException e, JsonParser parser) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException) {
            return yamlError((org.yaml.snakeyaml.error.MarkedYAMLException) e.getCause(), e);
        }
        // Limits are reported without a location: the token being read is the one that passed the limit.
        JsonLocation at = e.getLocation() != null ? e.getLocation()
                : parser == null ? null : parser.currentTokenLocation();
        String message = e.getOriginalMessage();
        int nl = message.indexOf('\n');
        if (nl > 0) {
            message = message.substring(0, nl).trim();
        }
        if (e instanceof StreamConstraintsException) {
            message = LIBRARY_REFERENCE.matcher(message).replaceAll("") + ".";
        }
        return new DataflowDefinitionException(message, null, source, at == null ? 0 : at.getLineNr(),
                at == null ? 0 : at.getColumnNr(), e);
    }

    /** SnakeYAML's problem and where it is, plus what it was parsing and where that started. */
    private DataflowDefinitionException yamlError(org.yaml.snakeyaml.error.MarkedYAMLException y, Exception e) {
        org.yaml.snakeyaml.error.Mark problemAt = y.getProblemMark() != null ? y.getProblemMark() : y.getContextMark();
        StringBuilder message = new StringBuilder(y.getProblem() != null ? y.getProblem() : "invalid YAML");
        if (y.getContext() != null && y.getContextMark() != null) {
            message.append(" (").append(y.getContext()).append(" started at line ")
                    .append(y.getContextMark().getLine() + 1).append(", column ")
                    .append(y.getContextMark().getColumn() + 1).append(')');
        }
        return new DataflowDefinitionException(message.toString(), null, source,
                problemAt == null ? 0 : problemAt.getLine() + 1, problemAt == null ? 0 : problemAt.getColumn() + 1, e);
    }

    /** See {@link DefinitionParsers#MAX_YAML_LINE}: checked in one pass before SnakeYAML sees the text. */
    private void refuseLongLines(String text) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                line++;
                lineStart = i + 1;
            } else if (i - lineStart >= DefinitionParsers.MAX_YAML_LINE) {
                throw error("A line of more than " + DefinitionParsers.MAX_YAML_LINE + " characters; YAML "
                        + "definitions allow at most " + DefinitionParsers.MAX_YAML_LINE + " per line (JSON "
                        + "definitions have no such limit).", line, 1);
            }
        }
    }

    private void refuseAlias(JsonParser p) {
        if (p instanceof YAMLParser && ((YAMLParser) p).isCurrentAlias()) {
            JsonLocation at = p.currentTokenLocation();
            String name;
            try {
                name = p.getText();
            } catch (IOException e) {
                name = "";
            }
            throw error("YAML aliases are not supported ('*" + ShortText.of(name) + "'): write the value out in "
                    + "full.", at.getLineNr(), at.getColumnNr());
        }
    }

    private Located value(JsonParser p) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int col = at.getColumnNr();
        JsonToken t = p.currentToken();
        refuseAlias(p);
        switch (t) {
            case START_OBJECT: {
                Map<String, Located> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    refuseAlias(p);
                    JsonLocation keyAt = p.currentTokenLocation();
                    checkLength(p, keyAt);
                    String key = p.currentName();
                    if (map.containsKey(key)) {
                        throw error("Duplicate key '" + ShortText.of(key) + "'.", keyAt.getLineNr(),
                                keyAt.getColumnNr());
                    }
                    p.nextToken();
                    map.put(key, value(p));
                }
                return new Located(map, line, col);
            }
            case START_ARRAY: {
                List<Located> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return new Located(list, line, col);
            }
            case VALUE_STRING:
                checkLength(p, at);
                return new Located(p.getText(), line, col);
            case VALUE_NUMBER_INT: {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return new Located(new BigDecimal(p.getBigIntegerValue()), line, col);
                }
                return new Located(p.getLongValue(), line, col);
            }
            case VALUE_NUMBER_FLOAT:
                return new Located(p.getDoubleValue(), line, col);
            case VALUE_TRUE:
                return new Located(Boolean.TRUE, line, col);
            case VALUE_FALSE:
                return new Located(Boolean.FALSE, line, col);
            case VALUE_NULL:
                return new Located(null, line, col);
            default:
                throw error("Unexpected " + t + ".", line, col);
        }
    }

    /** Keys and text values are bounded for both formats (the YAML parser leaves lengths unchecked). */
    private void checkLength(JsonParser p, JsonLocation at) throws IOException {
        int length = p.getTextLength();
        if (length > DefinitionParsers.MAX_TEXT_LENGTH) {
            throw error((p.currentToken() == JsonToken.FIELD_NAME ? "A key" : "A text") + " of " + length
                    + " characters is longer than the limit of " + DefinitionParsers.MAX_TEXT_LENGTH + ".",
                    at.getLineNr(), at.getColumnNr());
        }
    }

    private Dataflow build(Located root) {
        Map<String, Located> top = root.map();
        for (Map.Entry<String, Located> e : top.entrySet()) {
            if (!TOP_KEYS.contains(e.getKey())) {
                throw error("Unknown key '" + ShortText.of(e.getKey()) + "'. Known keys: id, name, description, config, "
                        + "vars, steps.", null, e.getValue());
            }
        }
        String flowName = text(top.get("name"), "name", null);
        Dataflow.Builder b = Dataflow.builder(flowName == null ? "" : flowName);
        b.id(text(top.get("id"), "id", null));
        String description = text(top.get("description"), "description", null);
        if (description != null) {
            b.description(description);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        Located configNode = top.get("config");
        if (configNode != null && configNode.value() != null) {
            if (!configNode.isMap()) {
                throw error("'config' must be a map, not " + kindOf(configNode.value()) + ".", null, configNode);
            }
            config.putAll(mapOf(configNode));
        }
        b.replaceConfig(config);
        Located vars = top.get("vars");
        if (vars != null && vars.value() != null) {
            if (!vars.isMap()) {
                throw error("Vars must form a YAML object (Define each var as <var>: <value>)", null, vars);
            }
            b.vars(mapOf(vars));
        }
        Located steps = top.get("steps");
        List<StepEntry> entries = new ArrayList<>();
        if (steps != null && steps.value() != null) {
            if (steps.isMap()) {
                for (Map.Entry<String, Located> e : steps.map().entrySet()) {
                    entries.add(stepEntry(e.getKey(), e.getValue()));
                }
            } else if (steps.value() instanceof List) {
                for (Located item : steps.list()) {
                    entries.add(stepEntry(null, item));
                }
            } else {
                throw error("'steps' must be a map of aliases to steps, not " + kindOf(steps.value()) + ".", null,
                        steps);
            }
        }
        Set<String> aliases = new LinkedHashSet<>();
        for (StepEntry e : entries) {
            if (!aliases.add(e.alias)) {
                throw error("The alias '" + ShortText.of(e.alias) + "' is already in use for this dataflow.",
                        e.alias, e.at);
            }
        }
        for (StepEntry e : entries) {
            for (int i = 0; i < e.dependsOn.size(); i++) {
                String ref = e.dependsOn.get(i);
                String target = ref.contains(":") ? ref.substring(0, ref.indexOf(':')) : ref;
                if (!aliases.contains(target)) {
                    throw error("The step dependency \"" + ShortText.of(ref) + "\" does not exist.", e.alias,
                            e.dependsOnAt.get(i));
                }
            }
            b.step(e.alias, StepSpec.of(e.type, e.config));
            if (e.name != null) {
                b.stepName(e.name);
            }
            if (e.description != null) {
                b.stepDescription(e.description);
            }
            e.vars.forEach(b::stepVar);
            b.dependsOn(e.dependsOn.toArray(new String[0]));
        }
        return b.build();
    }

    private static final class StepEntry {
        String alias;
        String name;
        String description;
        String type;
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> vars = new LinkedHashMap<>();
        List<String> dependsOn = new ArrayList<>();
        List<Located> dependsOnAt = new ArrayList<>();
        Located at;
    }

    private StepEntry stepEntry(String key, Located node) {
        StepEntry e = new StepEntry();
        e.at = node;
        if (!node.isMap()) {
            throw error("A step must be a map with at least 'type', not " + kindOf(node.value()) + ".", key, node);
        }
        Map<String, Located> m = node.map();
        for (Map.Entry<String, Located> f : m.entrySet()) {
            if (!STEP_KEYS.contains(f.getKey())) {
                throw error("Unknown key '" + ShortText.of(f.getKey()) + "' in step. Known keys: name, description, "
                        + "depends_on, type, config, vars.", key, f.getValue());
            }
        }
        e.name = text(m.get("name"), "name", key);
        String alias = text(m.get("alias"), "alias", key);
        text(m.get("id"), "id", key);
        if (key != null) {
            e.alias = key;
        } else if (alias != null) {
            e.alias = alias;
        } else if (e.name != null) {
            e.alias = Aliases.fromName(e.name);
        } else {
            throw error("A step in a list needs an 'alias' or a 'name'.", null, node);
        }
        e.description = text(m.get("description"), "description", e.alias);
        e.type = text(m.get("type"), "type", e.alias);
        if (e.type == null || e.type.isBlank()) {
            throw error("The step has no 'type'.", e.alias, node);
        }
        Located config = m.get("config");
        if (config != null && config.value() != null && !isEmptyText(config)) {
            // tool_dataflows stores an empty config as ''
            if (!config.isMap()) {
                throw error("The content provided is invalid YAML: 'config' must be a map, not "
                        + kindOf(config.value()) + ".", e.alias, config);
            }
            e.config = mapOf(config);
        }
        Located vars = m.get("vars");
        if (vars != null && vars.value() != null && !isEmptyText(vars)) {
            if (!vars.isMap()) {
                throw error("The content provided is invalid YAML: 'vars' must be a map, not "
                        + kindOf(vars.value()) + ".", e.alias, vars);
            }
            e.vars = mapOf(vars);
        }
        Located deps = m.get("depends_on");
        if (deps != null && deps.value() != null) {
            // tool_dataflows keys a step's dependencies by their database ids, and a PHP array whose keys are not
            // 0, 1, ... is written as a YAML map ({1: read, 7: other}): its values, in the order written, are the
            // list. The keys mean nothing outside that database.
            List<Located> items = deps.isMap() ? new ArrayList<>(deps.map().values())
                    : deps.value() instanceof List ? deps.list() : List.of(deps);
            for (Located d : items) {
                if (d.value() == null || d.value() instanceof Map || d.value() instanceof List) {
                    throw error("Each item of 'depends_on' must be an alias, not " + kindOf(d.value()) + ".",
                            e.alias, d);
                }
                e.dependsOn.add(text(d, "depends_on", e.alias));
                e.dependsOnAt.add(d);
            }
        }
        return e;
    }

    private static boolean isEmptyText(Located l) {
        return l.value() instanceof String && ((String) l.value()).isEmpty();
    }

    /**
     * The text of a field that holds text: numbers and booleans stand for their text ({@code name: 2024}), a
     * map or a list is an error.
     */
    private String text(Located l, String field, String step) {
        if (l == null || l.value() == null) {
            return null;
        }
        Object v = l.value();
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw error("'" + field + "' must be text, not " + kindOf(v) + ".", step, l);
    }

    private static String kindOf(Object v) {
        if (v == null) {
            return "empty";
        }
        if (v instanceof Map) {
            return "a map";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Boolean) {
            return "true or false";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return "text";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Located l) {
        return (Map<String, Object>) l.plain();
    }
}

package io.dataflows.internal.definition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.StepSpec;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads tool_dataflows-compatible YAML (and the same tree as JSON) into a {@link Dataflow}. Every error names the
 * source, line, column and step: syntax errors, duplicate keys, unknown keys, a step without type, a dependency on a
 * step that does not exist. Dependencies are resolved after all steps are read, so forward references work.
 */
public final class DefinitionReader {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "config", "vars", "steps");
    private static final Set<String> STEP_KEYS = Set.of("id", "alias", "name", "description", "type", "config",
            "vars", "depends_on");

    private final String source;

    private DefinitionReader(String source) {
        this.source = source;
    }

    /** Reads YAML text; {@code source} names it in messages (a file name). */
    public static Dataflow readYaml(String text, String source) {
        return new DefinitionReader(source).read(YAML, text);
    }

    /** Reads JSON text; {@code source} names it in messages. */
    public static Dataflow readJson(String text, String source) {
        return new DefinitionReader(source).read(JSON, text);
    }

    private DataflowDefinitionException error(String message, String step, int line, int column) {
        return new DataflowDefinitionException(message, step, source, line, column, null);
    }

    private Dataflow read(JsonFactory factory, String text) {
        Located root;
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw error("The definition is empty.", null, 1, 1);
            }
            root = value(p);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException) {
                throw yamlError((org.yaml.snakeyaml.error.MarkedYAMLException) e.getCause(), e);
            }
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage();
            int nl = message.indexOf('\n');
            if (nl > 0) {
                message = message.substring(0, nl).trim();
            }
            throw new DataflowDefinitionException(message, null, source, at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), e);
        } catch (IOException e) {
            throw new DataflowDefinitionException("Cannot read the definition: " + e.getMessage(), null, source, 0, 0,
                    e);
        }
        if (!root.isMap()) {
            throw error("A dataflow definition must be a map with 'name' and 'steps'.", null, root.line(),
                    root.column());
        }
        return build(root);
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

    private Located value(JsonParser p) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int col = at.getColumnNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Located> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation keyAt = p.currentTokenLocation();
                    if (map.containsKey(key)) {
                        throw error("Duplicate key '" + key + "'.", null, keyAt.getLineNr(), keyAt.getColumnNr());
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
                return new Located(p.getText(), line, col);
            case VALUE_NUMBER_INT: {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    BigInteger big = p.getBigIntegerValue();
                    return new Located(new java.math.BigDecimal(big), line, col);
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
                throw error("Unexpected " + t, null, line, col);
        }
    }

    private Dataflow build(Located root) {
        Map<String, Located> top = root.map();
        for (Map.Entry<String, Located> e : top.entrySet()) {
            if (!TOP_KEYS.contains(e.getKey())) {
                throw error("Unknown key '" + e.getKey() + "'. Known keys: name, description, config, vars, steps.",
                        null, e.getValue().line(), e.getValue().column());
            }
        }
        Located name = top.get("name");
        String flowName = name == null || name.value() == null ? "" : String.valueOf(name.value());
        Dataflow.Builder b = Dataflow.builder(flowName);
        Located description = top.get("description");
        if (description != null && description.value() != null) {
            b.description(String.valueOf(description.value()));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        Located configNode = top.get("config");
        if (configNode != null && configNode.value() != null) {
            if (!configNode.isMap()) {
                throw error("'config' must be a map.", null, configNode.line(), configNode.column());
            }
            config.putAll(mapOf(configNode));
        }
        b.replaceConfig(config);
        Located vars = top.get("vars");
        if (vars != null && vars.value() != null) {
            if (!vars.isMap()) {
                throw error("Vars must form a YAML object (Define each var as <var>: <value>)", null, vars.line(),
                        vars.column());
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
                throw error("'steps' must be a map of aliases to steps.", null, steps.line(), steps.column());
            }
        }
        Set<String> aliases = new LinkedHashSet<>();
        for (StepEntry e : entries) {
            if (!aliases.add(e.alias)) {
                throw error("The alias '" + e.alias + "' is already in use for this dataflow.", e.alias, e.line, 0);
            }
        }
        for (StepEntry e : entries) {
            for (int i = 0; i < e.dependsOn.size(); i++) {
                String ref = e.dependsOn.get(i);
                String target = ref.contains(":") ? ref.substring(0, ref.indexOf(':')) : ref;
                if (!aliases.contains(target)) {
                    Located at = e.dependsOnAt.get(i);
                    throw error("The step dependency \"" + ref + "\" does not exist.", e.alias, at.line(),
                            at.column());
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
        int line;
    }

    private StepEntry stepEntry(String key, Located node) {
        StepEntry e = new StepEntry();
        e.line = node.line();
        if (!node.isMap()) {
            throw error("A step must be a map with at least 'type'.", key, node.line(), node.column());
        }
        Map<String, Located> m = node.map();
        for (Map.Entry<String, Located> f : m.entrySet()) {
            if (!STEP_KEYS.contains(f.getKey())) {
                throw error("Unknown key '" + f.getKey() + "' in step. Known keys: name, description, depends_on, "
                        + "type, config, vars.", key, f.getValue().line(), f.getValue().column());
            }
        }
        e.name = text(m.get("name"));
        if (key != null) {
            e.alias = key;
        } else if (text(m.get("alias")) != null) {
            e.alias = text(m.get("alias"));
        } else if (e.name != null) {
            e.alias = Aliases.fromName(e.name);
        } else {
            throw error("A step in a list needs an 'alias' or a 'name'.", null, node.line(), node.column());
        }
        e.description = text(m.get("description"));
        e.type = text(m.get("type"));
        if (e.type == null || e.type.isBlank()) {
            throw error("The step has no 'type'.", e.alias, node.line(), node.column());
        }
        Located config = m.get("config");
        if (config != null && config.value() != null) {
            if (config.value() instanceof String && ((String) config.value()).isEmpty()) {
                // tool_dataflows stores an empty config as ''
            } else if (!config.isMap()) {
                throw error("The content provided is invalid YAML: 'config' must be a map.", e.alias, config.line(),
                        config.column());
            } else {
                e.config = mapOf(config);
            }
        }
        Located vars = m.get("vars");
        if (vars != null && vars.value() != null && !(vars.value() instanceof String
                && ((String) vars.value()).isEmpty())) {
            if (!vars.isMap()) {
                throw error("The content provided is invalid YAML: 'vars' must be a map.", e.alias, vars.line(),
                        vars.column());
            }
            e.vars = mapOf(vars);
        }
        Located deps = m.get("depends_on");
        if (deps != null && deps.value() != null) {
            List<Located> items = deps.value() instanceof List ? deps.list() : List.of(deps);
            for (Located d : items) {
                if (d.value() == null || d.value() instanceof Map || d.value() instanceof List) {
                    throw error("'depends_on' must be an alias or a list of aliases.", e.alias, d.line(), d.column());
                }
                e.dependsOn.add(String.valueOf(d.value()));
                e.dependsOnAt.add(d);
            }
        }
        return e;
    }

    private static String text(Located l) {
        return l == null || l.value() == null ? null : String.valueOf(l.value());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Located l) {
        return (Map<String, Object>) l.plain();
    }
}

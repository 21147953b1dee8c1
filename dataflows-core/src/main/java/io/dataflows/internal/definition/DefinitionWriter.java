package io.dataflows.internal.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.dataflows.Dataflow;
import io.dataflows.ExpressionMode;
import io.dataflows.DataflowException;
import io.dataflows.Step;
import io.dataflows.StepRegistry;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.util.Json;
import io.dataflows.internal.util.JsonValues;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.SecretVariables;
import io.dataflows.spi.StepType;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a {@link Dataflow} in the tool_dataflows export format: {@code name, description, vars, config, steps};
 * inside a step {@code name, description, depends_on, type, config, vars}; empty fields left out; secret fields
 * written as {@code *****} unless they only name where the value comes from ({@code ${{ secrets.<name> }}},
 * {@code ${{ dataflow.vars.<name> }}}, ...), which re-imports. Variables
 * and config values that flow into a secret field are secret too ({@link SecretVariables}) and written as
 * {@code *****} alike.
 */
public final class DefinitionWriter {

    /** Compiles expressions only to find what they read; the mode does not matter. */
    private static final ExpressionEngine EXPRESSIONS = new ExpressionEngine(ExpressionMode.COMPILED);

    /**
     * A secret field that only names where its value comes from — a secret, an environment variable, a variable —
     * holds nothing secret itself and is written as it is, so that it re-imports; the variable it names is secret
     * and written as {@code *****}.
     */
    private static final Pattern SECRET_REFERENCE = Pattern.compile(
            "^\\$\\{\\{\\s*(secrets|env|dataflow\\.vars|global\\.vars)(\\.[A-Za-z0-9_]+)+\\s*}}$");

    private DefinitionWriter() {}

    public static String toYaml(Dataflow flow, StepRegistry registry) {
        return SymfonyYaml.dump(tree(flow, registry), 5);
    }

    public static String toJson(Dataflow flow, StepRegistry registry) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        try {
            return Json.mapper().writer(pp).writeValueAsString(tree(flow, registry)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The export tree. */
    public static Map<String, Object> tree(Dataflow flow, StepRegistry registry) {
        requireExportable(flow);
        SecretVariables secrets = SecretVariables.of(flow, s -> registry.find(s.type()).orElse(null), Map.of(),
                Map.of(), EXPRESSIONS);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", flow.name());
        flow.id().ifPresent(id -> out.put("id", id));
        if (!flow.description().isEmpty()) {
            out.put("description", flow.description());
        }
        if (!flow.vars().isEmpty()) {
            out.put("vars", masked(flow.vars(), "dataflow.vars", secrets));
        }
        if (!flow.config().isEmpty()) {
            out.put("config", flow.config());
        }
        Map<String, Object> steps = new LinkedHashMap<>();
        for (Step s : flow.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", s.name());
            if (!s.description().isEmpty()) {
                step.put("description", s.description());
            }
            List<String> deps = s.dependsOn();
            if (deps.size() == 1) {
                step.put("depends_on", deps.get(0));
            } else if (deps.size() > 1) {
                step.put("depends_on", deps);
            }
            step.put("type", s.type());
            if (!s.config().isEmpty()) {
                step.put("config", masked(redact(s, registry), "steps." + s.alias() + ".config", secrets));
            }
            if (!s.vars().isEmpty()) {
                step.put("vars", masked(s.vars(), "steps." + s.alias() + ".vars", secrets));
            }
            steps.put(s.alias(), step);
        }
        if (!steps.isEmpty()) {
            out.put("steps", steps);
        }
        return out;
    }

    /** Refuses a dataflow with steps given in code: their implementation is no configuration to write. */
    private static void requireExportable(Dataflow flow) {
        List<String> inCode = new ArrayList<>();
        for (Step s : flow.steps()) {
            if (s.implementation().isPresent()) {
                inCode.add("'" + s.alias() + "' (" + s.typeId() + ")");
            }
        }
        if (!inCode.isEmpty()) {
            throw new DataflowException("The dataflow cannot be exported: " + (inCode.size() == 1 ? "step "
                    : "steps ") + String.join(", ", inCode) + (inCode.size() == 1 ? " is" : " are")
                    + " given in code (a lambda or a StepType instance), which YAML and JSON cannot hold. Register "
                    + "a step type and refer to it by id to export the dataflow.", flow.name(), null, null);
        }
    }

    /** {@code values}, with the secret variables under {@code path} as {@code *****}; unchanged when none is. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> masked(Map<String, Object> values, String path, SecretVariables secrets) {
        if (!secrets.touches(path)) {
            return values;
        }
        Map<String, Object> copy = (Map<String, Object>) JsonValues.mutableCopy(values);
        secrets.mask(copy, path);
        return copy;
    }

    private static Map<String, Object> redact(Step s, StepRegistry registry) {
        StepType type = registry.find(s.type()).orElse(null);
        if (type == null) {
            return s.config();
        }
        Map<String, Object> config = new LinkedHashMap<>(s.config());
        for (String field : type.configSchema().secretFields()) {
            Object v = config.get(field);
            if (v != null && !(v instanceof String && SECRET_REFERENCE.matcher((String) v).matches())) {
                config.put(field, Redactor.PLACEHOLDER);
            }
        }
        return config;
    }
}

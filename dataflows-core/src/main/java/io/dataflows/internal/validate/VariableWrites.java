package io.dataflows.internal.validate;

import io.dataflows.Step;
import io.dataflows.internal.expr.ExpressionEngine;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names under {@code dataflow.vars} that steps may set, read from their configs: a config value that is the
 * static path {@code dataflow.vars.<name>[...]} (the {@code field} of set-variable steps) gives {@code <name>}; the
 * path {@code dataflow.vars} itself gives the keys of the step's map configs. A config that computes such a path
 * ({@code ${{ }}} naming {@code dataflow}), or that names {@code dataflow} whole, may set any name.
 */
public final class VariableWrites {

    private static final String PREFIX = "dataflow.vars";

    private VariableWrites() {}

    /** The names {@code steps} may set, or empty when they may set any name. */
    public static Optional<Set<String>> of(Collection<Step> steps) {
        Set<String> names = new LinkedHashSet<>();
        for (Step step : steps) {
            if (!scan(step.config(), names)) {
                return Optional.empty();
            }
        }
        return Optional.of(names);
    }

    /** Adds the names {@code config} sets to {@code names}; false when it may set any name. */
    private static boolean scan(Map<?, ?> config, Set<String> names) {
        for (Object value : config.values()) {
            if (value instanceof Map<?, ?> map) {
                if (!scan(map, names)) {
                    return false;
                }
            } else if (value instanceof String text) {
                String s = text.trim();
                if (s.equals("dataflow") || ExpressionEngine.hasExpression(s) && (s.contains("'dataflow")
                        || s.contains("\"dataflow") || s.startsWith("dataflow"))) {
                    return false;
                } else if (s.equals(PREFIX)) {
                    for (Object other : config.values()) {
                        if (other instanceof Map<?, ?> map) {
                            map.keySet().forEach(k -> names.add(String.valueOf(k)));
                        }
                    }
                } else if (s.startsWith(PREFIX + ".")) {
                    String rest = s.substring(PREFIX.length() + 1);
                    int dot = rest.indexOf('.');
                    names.add(dot < 0 ? rest : rest.substring(0, dot));
                }
            }
        }
        return true;
    }
}

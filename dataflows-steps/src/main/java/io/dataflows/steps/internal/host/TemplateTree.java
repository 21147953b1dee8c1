package io.dataflows.steps.internal.host;

import io.dataflows.spi.StepContext;
import io.dataflows.spi.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map of parameters whose text values, at any depth (in nested maps and lists too), are templates: compiled once
 * when the step starts, evaluated for each call. A text that is exactly one expression keeps the expression's type
 * ({@code '${{ record.id }}'} is a number when the id is); other values are passed as they are.
 */
final class TemplateTree {

    private final Map<String, Object> compiled;

    private TemplateTree(Map<String, Object> compiled) {
        this.compiled = compiled;
    }

    /** Compiles the text values of {@code parameters} in the step's scope. */
    static TemplateTree compile(StepContext ctx, Map<String, Object> parameters) {
        Map<String, Object> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> out.put(k, compileValue(ctx, v)));
        return new TemplateTree(out);
    }

    private static Object compileValue(StepContext ctx, Object value) {
        if (value instanceof String) {
            Template t = ctx.template((String) value);
            return t.isConstant() ? value : t;
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), compileValue(ctx, v)));
            return out;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object v : (List<?>) value) {
                out.add(compileValue(ctx, v));
            }
            return out;
        }
        return value;
    }

    /** The parameters with every template evaluated now (for the current record). */
    Map<String, Object> evaluate() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) evaluateValue(compiled);
        return map;
    }

    private static Object evaluateValue(Object value) {
        if (value instanceof Template) {
            return ((Template) value).evaluate();
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put((String) k, evaluateValue(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object v : (List<?>) value) {
                out.add(evaluateValue(v));
            }
            return Collections.unmodifiableList(out);
        }
        return value;
    }
}

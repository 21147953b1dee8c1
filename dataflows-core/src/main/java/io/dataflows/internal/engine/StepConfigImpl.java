package io.dataflows.internal.engine;

import io.dataflows.DataflowException;
import io.dataflows.ExpressionException;
import io.dataflows.PathNotPermittedException;
import io.dataflows.internal.expr.CompiledExpression;
import io.dataflows.internal.expr.CompiledTemplate;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.expr.Php;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.Scope;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Expression;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.Template;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A step's config in a run: defaults, evaluation on access, conversion to the declared types. */
final class StepConfigImpl implements StepConfig {

    private final String alias;
    private final String typeId;
    private final ConfigSchema schema;
    private final Map<String, Object> raw;
    private final Scope scope;
    private final ExpressionEngine expressions;
    private final PathResolver paths;
    private final Map<String, Object> cache = new HashMap<>();

    StepConfigImpl(String alias, String typeId, ConfigSchema schema, Map<String, Object> raw, Scope scope,
            ExpressionEngine expressions, PathResolver paths) {
        this.alias = alias;
        this.typeId = typeId;
        this.schema = schema;
        this.raw = raw;
        this.scope = scope;
        this.expressions = expressions;
        this.paths = paths;
    }

    private ConfigField field(String name) {
        return schema.field(name).orElseThrow(() -> new IllegalArgumentException("step type '" + typeId
                + "' reads config field '" + name + "', which its schema does not declare"));
    }

    @Override
    public boolean has(String field) {
        Object v = raw.get(field);
        return v != null && !(v instanceof String && ((String) v).isEmpty());
    }

    @Override
    public Set<String> keys() {
        return Collections.unmodifiableSet(raw.keySet());
    }

    @Override
    public Object value(String name) {
        ConfigField f = field(name);
        Object v = raw.get(name);
        if (v == null || (v instanceof String && ((String) v).isEmpty() && f.defaultValue().isPresent())) {
            v = f.defaultValue().orElse(null);
        }
        if (v == null) {
            return null;
        }
        try {
            return evaluate(f, name, v);
        } catch (ExpressionException e) {
            throw e.in(alias, "config." + name);
        }
    }

    private Object evaluate(ConfigField f, String path, Object v) {
        switch (f.evaluation()) {
            case LITERAL:
                return v;
            case EXPRESSION:
                return v instanceof String ? expression(f.name()).evaluate() : v;
            default:
                return templates(path, v);
        }
    }

    private Object templates(String path, Object v) {
        if (v instanceof String) {
            String s = (String) v;
            if (!ExpressionEngine.hasExpression(s)) {
                return s;
            }
            CompiledTemplate t = (CompiledTemplate) cache.computeIfAbsent("t:" + path, k -> expressions.template(s));
            return t.evaluate(scope);
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, templates(path + "." + key, e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        return v;
    }

    @Override
    public String string(String field) {
        Object v = value(field);
        return v == null ? null : Php.text(v);
    }

    @Override
    public Optional<String> optionalString(String field) {
        String s = string(field);
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    @Override
    public boolean bool(String field) {
        Object v = value(field);
        if (v instanceof String) {
            String s = ((String) v).trim().toLowerCase(Locale.ROOT);
            if (s.equals("false") || s.equals("no") || s.equals("off")) {
                return false;
            }
        }
        return Php.truthy(v);
    }

    @Override
    public long integer(String field) {
        long n = wholeNumber(field);
        Optional<Long> minimum = field(field).minimum();
        if (minimum.isPresent() && n < minimum.get()) {
            throw new DataflowException("Config '" + field(field).label() + "' is invalid. It must be at least "
                    + minimum.get() + " (got " + n + ").", null, alias, null);
        }
        return n;
    }

    private long wholeNumber(String field) {
        Object v = value(field);
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double && (Double) v == Math.rint((Double) v)) {
            return ((Double) v).longValue();
        }
        if (v instanceof BigDecimal) {
            try {
                return ((BigDecimal) v).longValueExact();
            } catch (ArithmeticException ignored) {
                // reported below
            }
        }
        if (v instanceof String && ((String) v).trim().matches("[+-]?\\d+")) {
            return Long.parseLong(((String) v).trim().replace("+", ""));
        }
        if (v == null) {
            return 0;
        }
        throw new DataflowException("Config '" + field(field).label() + "' is invalid. It must be a whole number"
                + " (got " + Php.describe(v) + ").", null, alias, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String field) {
        Object v = value(field);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw new DataflowException("Config '" + field(field).label() + "' is invalid. It must be a map.", null,
                    alias, null);
        }
        return (Map<String, Object>) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object> list(String field) {
        Object v = value(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List)) {
            throw new DataflowException("Config '" + field(field).label() + "' is invalid. It must be a list.", null,
                    alias, null);
        }
        return (List<Object>) v;
    }

    @Override
    public Object raw(String field) {
        return raw.get(field);
    }

    @Override
    public Expression expression(String field) {
        Object v = raw.get(field);
        if (v == null) {
            return null;
        }
        return (Expression) cache.computeIfAbsent("e:" + field, k -> {
            try {
                CompiledExpression e = expressions.compileCondition(Php.text(v));
                return new BoundExpression(e, scope, alias, "config." + field);
            } catch (ExpressionException x) {
                throw x.in(alias, "config." + field);
            }
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Expression> expressions(String field) {
        return (Map<String, Expression>) cache.computeIfAbsent("m:" + field, k -> {
            Map<String, Expression> out = new LinkedHashMap<>();
            Object v = raw.get(field);
            if (v instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    String key = String.valueOf(e.getKey());
                    try {
                        out.put(key, new BoundExpression(expressions.compileCondition(Php.text(e.getValue())), scope,
                                alias, "config." + field + "." + key));
                    } catch (ExpressionException x) {
                        throw x.in(alias, "config." + field + "." + key);
                    }
                }
            }
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public Template template(String field) {
        Object v = raw.get(field);
        return (Template) cache.computeIfAbsent("T:" + field, k -> {
            try {
                return new BoundTemplate(expressions.template(v == null ? "" : Php.text(v)), scope, alias,
                        "config." + field);
            } catch (ExpressionException x) {
                throw x.in(alias, "config." + field);
            }
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Template> templates(String field) {
        return (Map<String, Template>) cache.computeIfAbsent("M:" + field, k -> {
            Map<String, Template> out = new LinkedHashMap<>();
            Object v = raw.get(field);
            if (v instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    String key = String.valueOf(e.getKey());
                    Object value = e.getValue();
                    String text = value instanceof String ? (String) value : null;
                    try {
                        out.put(key, text != null
                                ? new BoundTemplate(expressions.template(text), scope, alias,
                                        "config." + field + "." + key)
                                : new ConstantTemplate(value));
                    } catch (ExpressionException x) {
                        throw x.in(alias, "config." + field + "." + key);
                    }
                }
            }
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public Path path(String field, PathAccess access) {
        String p = string(field);
        try {
            return paths.resolve(p, access);
        } catch (PathNotPermittedException e) {
            throw new PathNotPermittedException(e.getOriginalMessage() + " (config '" + field + "')", null, alias,
                    null);
        } catch (DataflowException e) {
            throw new DataflowException(e.getOriginalMessage() + " (config '" + field + "')", null, alias, null);
        }
    }

    /** Config with secret fields redacted. */
    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>(raw);
        for (String secret : schema.secretFields()) {
            if (shown.containsKey(secret)) {
                shown.put(secret, Redactor.PLACEHOLDER);
            }
        }
        return shown.toString();
    }

    /** A non-text value in a template map: evaluates to itself. */
    private static final class ConstantTemplate implements Template {
        private final Object value;

        ConstantTemplate(Object value) {
            this.value = value;
        }

        @Override
        public String source() {
            return Php.text(value);
        }

        @Override
        public boolean isConstant() {
            return true;
        }

        @Override
        public Object evaluate() {
            return value;
        }

        @Override
        public String evaluateToText() {
            return Php.text(value);
        }
    }

}

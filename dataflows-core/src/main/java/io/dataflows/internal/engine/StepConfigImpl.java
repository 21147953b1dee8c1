package io.dataflows.internal.engine;

import io.dataflows.DataflowException;
import io.dataflows.ExpressionException;
import io.dataflows.PathNotPermittedException;
import io.dataflows.internal.expr.CompiledExpression;
import io.dataflows.internal.expr.CompiledTemplate;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.expr.Php;
import io.dataflows.internal.util.ConfigBoolean;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.Scope;
import io.dataflows.internal.vars.SecretText;
import io.dataflows.internal.vars.SecretVariables;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A step's config in a run: defaults, evaluation on access, conversion to the declared types.
 *
 * <p>Secret values: the fields marked secret, and the fields a secret field reads ({@link SecretVariables}). Their
 * evaluated values are registered with the run's {@link Redactor} as they are read, their failures say what is wrong
 * without quoting their text or value, and {@link #toString} shows them as {@code *****}.
 */
final class StepConfigImpl implements StepConfig {

    private final String alias;
    private final String typeId;
    private final ConfigSchema schema;
    private final Map<String, Object> raw;
    private final Scope scope;
    private final ExpressionEngine expressions;
    private final PathResolver paths;
    private final Redactor redactor;
    private final Set<String> secretFields = new HashSet<>();
    private final Map<String, Object> cache = new HashMap<>();

    StepConfigImpl(String alias, String typeId, ConfigSchema schema, Map<String, Object> raw, Scope scope,
            ExpressionEngine expressions, PathResolver paths, Redactor redactor, SecretVariables secrets) {
        this.alias = alias;
        this.typeId = typeId;
        this.schema = schema;
        this.raw = raw;
        this.scope = scope;
        this.expressions = expressions;
        this.paths = paths;
        this.redactor = redactor;
        for (ConfigField f : schema.fields()) {
            if (f.isSecret() || secrets.touches("steps." + alias + ".config." + f.name())) {
                secretFields.add(f.name());
            }
        }
    }

    private boolean isSecret(String field) {
        return !secretFields.isEmpty() && secretFields.contains(field); // read per record: the usual case is cheap
    }

    /** {@code e} for the field {@code config.<field>}, without the text when the field is secret. */
    private ExpressionException failure(ExpressionException e, String field) {
        ExpressionException located = e.in(alias, "config." + field);
        return isSecret(field.split("\\.", 2)[0]) ? SecretText.hidden("the secret value", located) : located;
    }

    /** What a conversion error says the value was: nothing for a secret. */
    private String got(String field, Object v) {
        return isSecret(field) ? "" : " (got " + Php.describe(v) + ")";
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
            Object value = evaluate(f, name, v);
            if (isSecret(name)) {
                redactor.addAll(value);
            }
            return value;
        } catch (ExpressionException e) {
            throw failure(e, name);
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
            if (!scope.tree().isLenient()) {
                return t.evaluate(scope); // per record: no names built
            }
            String field = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
            return t.evaluate(scope, scope.tree().unresolved(alias, "config." + path, isSecret(field)));
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
        Boolean b = ConfigBoolean.parse(v);
        if (b == null) {
            throw new DataflowException("Config '" + field(field).label() + "' is invalid. It must be true or false"
                    + got(field, v) + ".", null, alias, null);
        }
        return b;
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
                + got(field, v) + ".", null, alias, null);
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
                return new BoundExpression(e, scope, alias, "config." + field, secretRedactor(field));
            } catch (ExpressionException x) {
                throw failure(x, field);
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
                                alias, "config." + field + "." + key, secretRedactor(field)));
                    } catch (ExpressionException x) {
                        throw failure(x, field + "." + key);
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
                        "config." + field, secretRedactor(field));
            } catch (ExpressionException x) {
                throw failure(x, field);
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
                                        "config." + field + "." + key, secretRedactor(field))
                                : new ConstantTemplate(value));
                    } catch (ExpressionException x) {
                        throw failure(x, field + "." + key);
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

    /** The redactor that evaluations of {@code field} register their values with, when it is secret; else null. */
    private Redactor secretRedactor(String field) {
        return isSecret(field) ? redactor : null;
    }

    /** Config with secret fields redacted. */
    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>(raw);
        for (String secret : secretFields) {
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

package io.dataflows.steps.internal.sql;

import io.dataflows.spi.Expression;
import io.dataflows.spi.StepContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of a SQL step, parsed once: text, {@code ${{ expr }}} parameters and optional {@code [[ ... ]]} fragments.
 *
 * <p>Every expression becomes a bound {@code ?} parameter, optional fragments included: no value is ever written
 * into the SQL text. A fragment is kept (without its brackets) when each of its expressions has a value other than
 * {@code null} and {@code ''}, and removed whole otherwise. Moodle-style table names {@code {name}} in the text are
 * rewritten to {@code <prefix>name}. Immutable.
 */
final class SqlTemplate {

    /** Moodle's table-name placeholder ({@code moodle_database::fix_table_names}). */
    private static final Pattern TABLE = Pattern.compile("\\{([a-z][a-z0-9_]*)}");
    private static final String OPEN = "${{";
    private static final String CLOSE = "}}";

    /** A part of the SQL. */
    sealed interface Part permits Text, Param, Fragment {}

    /** SQL text, table names already rewritten. */
    record Text(String sql) implements Part {}

    /** An expression bound as a parameter. */
    record Param(String expression, int line) implements Part {}

    /** An optional fragment: text and parameters, kept only when every parameter has a value. */
    record Fragment(List<Part> parts) implements Part {}

    private final String source;
    private final List<Part> parts;

    private SqlTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * Parses {@code sql}.
     *
     * @throws IllegalArgumentException when a {@code ${{} or {@code [[} is not closed, a fragment is nested, or an
     *     expression is empty
     */
    /** The text of every {@code ${{ }}} expression, fragments included, in order. */
    List<String> expressions() {
        List<String> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Param) {
                out.add(((Param) p).expression());
            } else if (p instanceof Fragment) {
                for (Part q : ((Fragment) p).parts()) {
                    if (q instanceof Param) {
                        out.add(((Param) q).expression());
                    }
                }
            }
        }
        return out;
    }

    static SqlTemplate parse(String sql, String tablePrefix) {
        List<Part> top = new ArrayList<>();
        List<Part> fragment = null;
        int fragmentStart = -1;
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            if (sql.startsWith(OPEN, i)) {
                int close = findClose(sql, i + OPEN.length());
                if (close < 0) {
                    throw new IllegalArgumentException("'${{' at line " + line(sql, i) + " has no closing '}}'");
                }
                String inner = sql.substring(i + OPEN.length(), close).strip();
                if (inner.isEmpty()) {
                    throw new IllegalArgumentException("empty expression '${{ }}' at line " + line(sql, i));
                }
                List<Part> into = fragment != null ? fragment : top;
                flush(text, into, tablePrefix);
                into.add(new Param(inner, line(sql, i)));
                i = close + CLOSE.length();
            } else if (sql.startsWith("[[", i)) {
                if (fragment != null) {
                    throw new IllegalArgumentException("optional fragment '[[' at line " + line(sql, i)
                            + " is inside another one (line " + line(sql, fragmentStart) + ")");
                }
                flush(text, top, tablePrefix);
                fragment = new ArrayList<>();
                fragmentStart = i;
                i += 2;
            } else if (fragment != null && sql.startsWith("]]", i)) {
                flush(text, fragment, tablePrefix);
                top.add(new Fragment(List.copyOf(fragment)));
                fragment = null;
                i += 2;
            } else {
                text.append(sql.charAt(i));
                i++;
            }
        }
        if (fragment != null) {
            throw new IllegalArgumentException("optional fragment '[[' at line " + line(sql, fragmentStart)
                    + " has no closing ']]'");
        }
        flush(text, top, tablePrefix);
        return new SqlTemplate(sql, List.copyOf(top));
    }

    private static void flush(StringBuilder text, List<Part> into, String tablePrefix) {
        if (text.length() > 0) {
            Matcher m = TABLE.matcher(text);
            into.add(new Text(m.replaceAll(Matcher.quoteReplacement(tablePrefix) + "$1")));
            text.setLength(0);
        }
    }

    private static int line(String s, int index) {
        int n = 1;
        for (int i = 0; i < index; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Finds the {@code }}} that closes an expression, skipping quoted strings and nested braces (as core does). */
    private static int findClose(String text, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\n') {
                return -1; // an expression is on one line
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i + 1 < text.length() && text.charAt(i + 1) == '}' ? i : -1;
                }
                depth--;
            }
        }
        return -1;
    }

    String source() {
        return source;
    }

    List<Part> parts() {
        return parts;
    }

    /** The SQL text before any fragment or parameter, table names rewritten: enough to tell the statement kind. */
    String leadingText() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (!(p instanceof Text)) {
                break;
            }
            sb.append(((Text) p).sql());
        }
        return sb.toString();
    }

    /** Compiles the expressions in a step's scope; evaluate with {@link Compiled#render()} per execution. */
    Compiled compile(StepContext ctx) {
        return new Compiled(compile(parts, ctx));
    }

    private static List<Object> compile(List<Part> parts, StepContext ctx) {
        List<Object> out = new ArrayList<>(parts.size());
        for (Part p : parts) {
            if (p instanceof Text) {
                out.add(((Text) p).sql());
            } else if (p instanceof Param) {
                out.add(ctx.expression(((Param) p).expression()));
            } else {
                out.add(new CompiledFragment(compile(((Fragment) p).parts(), ctx)));
            }
        }
        return out;
    }

    private record CompiledFragment(List<Object> parts) {}

    /** A statement ready to prepare: SQL text with {@code ?} and the parameter values in order. */
    record Statement(String sql, List<Object> params) {}

    /** The template bound to a step's scope. Used by the run's thread. */
    static final class Compiled {
        private final List<Object> parts;

        private Compiled(List<Object> parts) {
            this.parts = parts;
        }

        /**
         * Evaluates the expressions and builds the statement.
         *
         * @throws io.dataflows.ExpressionException when an expression fails
         * @throws IllegalArgumentException when a value cannot be a parameter (a list or a map)
         */
        Statement render() {
            StringBuilder sql = new StringBuilder();
            List<Object> params = new ArrayList<>();
            for (Object p : parts) {
                if (p instanceof String) {
                    sql.append((String) p);
                } else if (p instanceof Expression) {
                    sql.append('?');
                    params.add(parameter((Expression) p));
                } else {
                    renderFragment(((CompiledFragment) p).parts(), sql, params);
                }
            }
            return new Statement(sql.toString(), params);
        }

        private static void renderFragment(List<Object> parts, StringBuilder sql, List<Object> params) {
            List<Object> values = new ArrayList<>();
            for (Object p : parts) {
                if (p instanceof Expression) {
                    Object v = parameter((Expression) p);
                    if (v == null || "".equals(v)) {
                        return; // the fragment is left out
                    }
                    values.add(v);
                }
            }
            int next = 0;
            for (Object p : parts) {
                if (p instanceof String) {
                    sql.append((String) p);
                } else {
                    sql.append('?');
                    params.add(values.get(next++));
                }
            }
        }

        private static Object parameter(Expression e) {
            Object v = e.evaluate();
            if (v == null || v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Short
                    || v instanceof Byte || v instanceof Double || v instanceof Float || v instanceof BigDecimal
                    || v instanceof BigInteger || v instanceof Boolean || v instanceof java.time.temporal.Temporal
                    || v instanceof java.util.Date) {
                return v;
            }
            String type = v instanceof Map ? "map" : v instanceof Collection || v.getClass().isArray() ? "list"
                    : v.getClass().getSimpleName();
            throw new IllegalArgumentException("The SQL parameter must be a valid type (string or int), found "
                    + type + " (${{ " + e.source() + " }})");
        }
    }

    @Override
    public String toString() {
        return source;
    }
}

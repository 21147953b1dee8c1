package io.dataflows.steps.internal.sql;

import io.dataflows.spi.Expression;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.Values;
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
 * {@code null}, {@code ''} and an empty list, and removed whole otherwise. Moodle-style table names {@code {name}}
 * in the text are rewritten to {@code <prefix>name}. Immutable.
 *
 * <p>Flows exported from tool_dataflows, which pasted values into fragments as text, quote them:
 * {@code [[ AND name = '${{ v }}' ]]}. A quoted SQL string with expressions in it is therefore one parameter in
 * place of the whole literal ({@code name = ?}): its text with each value in place, as text
 * ({@code '%${{ v }}%'} binds {@code %value%}); {@code ''} in it stands for one quote, as in SQL; a typed literal
 * {@code DATE '${{ d }}'} (also {@code TIME}, {@code TIMESTAMP}, {@code INTERVAL}, {@code TIMESTAMP WITH TIME ZONE}
 * and the other zoned forms) becomes {@code CAST(? AS DATE)}. An expression alone
 * between the parentheses of {@code IN ( )} may be a list: it becomes one parameter per element. An expression
 * inside a double-quoted identifier or an {@code E'...'} string is refused: a value can never be an identifier, and
 * backslash escapes would have to be decoded. Quotes in {@code --} and {@code /* *}{@code /} comments are not
 * quotes; {@code [[} and {@code ]]} inside quotes are text.
 */
final class SqlTemplate {

    /** Moodle's table-name placeholder ({@code moodle_database::fix_table_names}). */
    private static final Pattern TABLE = Pattern.compile("\\{([a-z][a-z0-9_]*)}");
    /** The text before an expression that is the whole of an {@code IN} list. */
    private static final Pattern IN_OPEN = Pattern.compile("(?is).*\\bIN\\s*\\(\\s*");
    /** The text after it. */
    private static final Pattern IN_CLOSE = Pattern.compile("(?s)\\s*\\).*");
    /** The text before a typed literal, {@code DATE '...'}: what precedes the type, and the type. */
    private static final Pattern TYPED = Pattern.compile("(?is)(.*?)\\b(DATE|TIME|TIMESTAMP|INTERVAL)\\s+");
    /** {@code TIMESTAMP WITH TIME ZONE '...'}: TIME there is no type of its own. */
    private static final Pattern WITH = Pattern.compile("(?is).*\\bWITH(OUT)?\\s+");
    /** The text before {@code TIMESTAMP WITH TIME ZONE '...'} (or {@code TIME}, {@code WITHOUT}), and the type. */
    private static final Pattern ZONED = Pattern.compile(
            "(?is)(.*?)\\b(TIMESTAMP|TIME)\\s+(WITH|WITHOUT)\\s+TIME\\s+ZONE\\s+");
    private static final String OPEN = "${{";
    private static final String CLOSE = "}}";

    /** A part of the SQL. */
    sealed interface Part permits Text, Param, ListParam, Quoted, Fragment {}

    /** SQL text, table names already rewritten. */
    record Text(String sql) implements Part {}

    /** An expression bound as a parameter. */
    record Param(String expression, int line) implements Part {}

    /**
     * An expression that is the whole of an {@code IN ( )} list: a list value is one parameter per element, any
     * other value one parameter.
     */
    record ListParam(String expression, int line) implements Part {}

    /**
     * A quoted SQL string with expressions in it, bound as one text parameter: {@link Text} parts are its text
     * (quotes unescaped, table names rewritten), {@link Param} parts its expressions. {@code cast} is the type of a
     * typed literal ({@code DATE '...'} becomes {@code CAST(? AS DATE)}), or null.
     */
    record Quoted(List<Part> parts, String cast) implements Part {
        Quoted(List<Part> parts) {
            this(parts, null);
        }
    }

    /** An optional fragment: text and parameters, kept only when every parameter has a value. */
    record Fragment(List<Part> parts) implements Part {}

    private final String source;
    private final List<Part> parts;

    private SqlTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** The text of every {@code ${{ }}} expression, fragments and quoted strings included, in order. */
    List<String> expressions() {
        List<String> out = new ArrayList<>();
        expressions(parts, out);
        return out;
    }

    private static void expressions(List<Part> parts, List<String> out) {
        for (Part p : parts) {
            if (p instanceof Param) {
                out.add(((Param) p).expression());
            } else if (p instanceof ListParam) {
                out.add(((ListParam) p).expression());
            } else if (p instanceof Quoted) {
                expressions(((Quoted) p).parts(), out);
            } else if (p instanceof Fragment) {
                expressions(((Fragment) p).parts(), out);
            }
        }
    }

    /**
     * Parses {@code sql}.
     *
     * @throws IllegalArgumentException when a {@code ${{}, {@code [[} or a quoted string holding an expression is
     *     not closed, a fragment is nested, an expression is empty, or an expression is in a double-quoted
     *     identifier or an {@code E'...'} string
     */
    static SqlTemplate parse(String sql, String tablePrefix) {
        return new Parser(sql, tablePrefix).parse();
    }

    /** Where the scanner is in the SQL text, besides fragments. */
    private enum Mode { SQL, IDENTIFIER, LINE_COMMENT, BLOCK_COMMENT }

    /** One pass over the SQL text. */
    private static final class Parser {
        private final String sql;
        private final String tablePrefix;
        private final List<Part> top = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private List<Part> fragment;
        private int fragmentStart = -1;
        private Mode mode = Mode.SQL;
        private int identifierStart;
        /** The quoted string being read, or null. */
        private QuotedString quoted;

        Parser(String sql, String tablePrefix) {
            this.sql = sql;
            this.tablePrefix = tablePrefix;
        }

        private List<Part> into() {
            return fragment != null ? fragment : top;
        }

        SqlTemplate parse() {
            int i = 0;
            int n = sql.length();
            while (i < n) {
                if (sql.startsWith(OPEN, i)) {
                    i = expression(i);
                } else if (quoted != null) {
                    i = inQuoted(i);
                } else if (mode == Mode.IDENTIFIER) {
                    if (sql.charAt(i) == '"') {
                        mode = Mode.SQL;
                    }
                    text.append(sql.charAt(i++));
                } else if (sql.startsWith("[[", i)) {
                    if (fragment != null) {
                        throw new IllegalArgumentException("optional fragment '[[' at line " + line(i)
                                + " is inside another one (line " + line(fragmentStart) + ")");
                    }
                    flush(top);
                    fragment = new ArrayList<>();
                    fragmentStart = i;
                    i += 2;
                } else if (fragment != null && sql.startsWith("]]", i)) {
                    flush(fragment);
                    top.add(new Fragment(lists(List.copyOf(fragment))));
                    fragment = null;
                    i += 2;
                } else {
                    i = plain(i);
                }
            }
            if (quoted != null) {
                if (quoted.hasExpression()) {
                    throw new IllegalArgumentException("the quoted text at line " + line(quoted.start)
                            + " has no closing quote");
                }
                text.append(quoted.raw);
                if (fragment != null) {
                    throw new IllegalArgumentException("optional fragment '[[' at line " + line(fragmentStart)
                            + " has no closing ']]' (the quote at line " + line(quoted.start) + " is not closed)");
                }
            }
            if (fragment != null) {
                throw new IllegalArgumentException("optional fragment '[[' at line " + line(fragmentStart)
                        + " has no closing ']]'");
            }
            flush(top);
            return new SqlTemplate(sql, lists(List.copyOf(top)));
        }

        /** A character of SQL text outside quotes: tracks comments and the quotes that open here. */
        private int plain(int i) {
            char c = sql.charAt(i);
            switch (mode) {
                case LINE_COMMENT:
                    if (c == '\n') {
                        mode = Mode.SQL;
                    }
                    break;
                case BLOCK_COMMENT:
                    if (sql.startsWith("*/", i)) {
                        text.append("*/");
                        mode = Mode.SQL;
                        return i + 2;
                    }
                    break;
                default:
                    if (sql.startsWith("--", i)) {
                        mode = Mode.LINE_COMMENT;
                    } else if (sql.startsWith("/*", i)) {
                        text.append("/*");
                        mode = Mode.BLOCK_COMMENT;
                        return i + 2;
                    } else if (c == '"') {
                        mode = Mode.IDENTIFIER;
                        identifierStart = i;
                    } else if (c == '\'') {
                        quoted = new QuotedString(i, escapes(i));
                        return i + 1;
                    }
            }
            text.append(c);
            return i + 1;
        }

        /** True when the quote at {@code i} opens a PostgreSQL {@code E'...'} string (backslash escapes). */
        private boolean escapes(int i) {
            if (i == 0 || (sql.charAt(i - 1) != 'E' && sql.charAt(i - 1) != 'e')) {
                return false;
            }
            return i == 1 || !(Character.isLetterOrDigit(sql.charAt(i - 2)) || sql.charAt(i - 2) == '_');
        }

        /** A character inside a quoted string. */
        private int inQuoted(int i) {
            char c = sql.charAt(i);
            if (c == '\\' && quoted.escapes && i + 1 < sql.length()) {
                quoted.raw.append(c).append(sql.charAt(i + 1));
                return i + 2;
            }
            if (c != '\'') {
                quoted.raw.append(c);
                quoted.piece.append(c);
                return i + 1;
            }
            if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                quoted.raw.append("''");
                quoted.piece.append('\'');
                return i + 2;
            }
            quoted.raw.append('\'');
            if (quoted.hasExpression()) {
                quoted.flushPiece();
                flush(into());
                into().add(new Quoted(List.copyOf(quoted.parts)));
            } else {
                text.append(quoted.raw);
            }
            quoted = null;
            return i + 1;
        }

        private int expression(int i) {
            int close = findClose(sql, i + OPEN.length());
            if (close < 0) {
                throw new IllegalArgumentException("'${{' at line " + line(i) + " has no closing '}}'");
            }
            String inner = sql.substring(i + OPEN.length(), close).strip();
            if (inner.isEmpty()) {
                throw new IllegalArgumentException("empty expression '${{ }}' at line " + line(i));
            }
            if (mode == Mode.IDENTIFIER && quoted == null) {
                throw new IllegalArgumentException("the expression '${{ " + inner + " }}' at line " + line(i)
                        + " is inside a double-quoted identifier (line " + line(identifierStart) + "): values are "
                        + "bound as parameters and cannot name a column or table; to compare with text, quote it "
                        + "with single quotes");
            }
            Param param = new Param(inner, line(i));
            if (quoted != null) {
                if (quoted.escapes) {
                    throw new IllegalArgumentException("the expression '${{ " + inner + " }}' at line " + line(i)
                            + " is inside an E'...' string: write it in a plain '...' string");
                }
                quoted.flushPiece();
                quoted.parts.add(param);
                quoted.raw.append(sql, i, close + CLOSE.length());
            } else {
                flush(into());
                into().add(param);
            }
            return close + CLOSE.length();
        }

        private void flush(List<Part> container) {
            if (text.length() > 0) {
                container.add(new Text(tables(text.toString(), tablePrefix)));
                text.setLength(0);
            }
        }

        private int line(int index) {
            int n = 1;
            for (int i = 0; i < index; i++) {
                if (sql.charAt(i) == '\n') {
                    n++;
                }
            }
            return n;
        }

        /** A quoted string being read. */
        private final class QuotedString {
            final int start;
            final boolean escapes;
            /** The source text, quotes and escapes as written. */
            final StringBuilder raw = new StringBuilder("'");
            /** The text since the last expression, quotes unescaped. */
            final StringBuilder piece = new StringBuilder();
            final List<Part> parts = new ArrayList<>();

            QuotedString(int start, boolean escapes) {
                this.start = start;
                this.escapes = escapes;
            }

            boolean hasExpression() {
                return !parts.isEmpty();
            }

            void flushPiece() {
                if (piece.length() > 0) {
                    parts.add(new Text(tables(piece.toString(), tablePrefix)));
                    piece.setLength(0);
                }
            }
        }
    }

    private static String tables(String sql, String tablePrefix) {
        Matcher m = TABLE.matcher(sql);
        return m.replaceAll(Matcher.quoteReplacement(tablePrefix) + "$1");
    }

    /**
     * Marks each parameter that is the whole of an {@code IN ( )} list, and each quoted string that is a typed
     * literal ({@code DATE '${{ d }}'}: a type name cannot precede a parameter, so it becomes a cast).
     */
    private static List<Part> lists(List<Part> parts) {
        List<Part> out = new ArrayList<>(parts);
        for (int k = 1; k < out.size(); k++) {
            if (k + 1 < out.size() && out.get(k) instanceof Param p && out.get(k - 1) instanceof Text before
                    && out.get(k + 1) instanceof Text after && IN_OPEN.matcher(before.sql()).matches()
                    && IN_CLOSE.matcher(after.sql()).matches()) {
                out.set(k, new ListParam(p.expression(), p.line()));
            } else if (out.get(k) instanceof Quoted q && out.get(k - 1) instanceof Text before) {
                Matcher zoned = ZONED.matcher(before.sql());
                Matcher m = TYPED.matcher(before.sql());
                if (zoned.matches()) {
                    out.set(k - 1, new Text(zoned.group(1)));
                    out.set(k, new Quoted(q.parts(), (zoned.group(2) + " " + zoned.group(3) + " TIME ZONE")
                            .toUpperCase(java.util.Locale.ROOT)));
                } else if (m.matches() && !WITH.matcher(m.group(1)).matches()) {
                    out.set(k - 1, new Text(m.group(1)));
                    out.set(k, new Quoted(q.parts(), m.group(2).toUpperCase(java.util.Locale.ROOT)));
                }
            }
        }
        return List.copyOf(out);
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
            } else if (p instanceof ListParam) {
                out.add(new CompiledList(ctx.expression(((ListParam) p).expression())));
            } else if (p instanceof Quoted) {
                out.add(new CompiledQuoted(compile(((Quoted) p).parts(), ctx), ((Quoted) p).cast()));
            } else {
                out.add(new CompiledFragment(compile(((Fragment) p).parts(), ctx)));
            }
        }
        return out;
    }

    private record CompiledFragment(List<Object> parts) {}

    private record CompiledList(Expression expression) {}

    private record CompiledQuoted(List<Object> parts, String cast) {}

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
         * @throws IllegalArgumentException when a value cannot be a parameter (a list outside {@code IN ( )}, a
         *     map), or an {@code IN} list outside a fragment is empty
         */
        Statement render() {
            StringBuilder sql = new StringBuilder();
            List<Object> params = new ArrayList<>();
            for (Object p : parts) {
                if (p instanceof CompiledFragment) {
                    renderFragment(((CompiledFragment) p).parts(), sql, params);
                } else {
                    Object v = value(p);
                    if (p instanceof CompiledList && v instanceof List && ((List<?>) v).isEmpty()) {
                        throw new IllegalArgumentException("The list for IN ( ) is empty (${{ "
                                + ((CompiledList) p).expression().source() + " }}): SQL has no empty IN list; "
                                + "put the condition in an optional fragment [[ ... ]] to leave it out when the "
                                + "list is empty");
                    }
                    append(p, v, sql, params);
                }
            }
            return new Statement(sql.toString(), params);
        }

        private static void renderFragment(List<Object> parts, StringBuilder sql, List<Object> params) {
            List<Object> values = new ArrayList<>();
            for (Object p : parts) {
                if (!(p instanceof String)) {
                    // Each expression of a quoted string must have a value, as every other one in a fragment.
                    Object v = p instanceof CompiledQuoted ? quoted((CompiledQuoted) p, true) : value(p);
                    if (empty(v)) {
                        return; // the fragment is left out
                    }
                    values.add(v);
                }
            }
            int next = 0;
            for (Object p : parts) {
                append(p, p instanceof String ? null : values.get(next++), sql, params);
            }
        }

        private static boolean empty(Object v) {
            return v == null || "".equals(v) || (v instanceof List && ((List<?>) v).isEmpty());
        }

        /** The value of a part that is not text: a scalar, a list of scalars for an IN list. */
        private static Object value(Object part) {
            if (part instanceof Expression) {
                return parameter((Expression) part);
            }
            if (part instanceof CompiledList) {
                Expression e = ((CompiledList) part).expression();
                Object v = e.evaluate();
                List<Object> elements = elements(v);
                if (elements == null) {
                    return parameter(e, v);
                }
                for (Object element : elements) {
                    parameter(e, element);
                }
                return elements;
            }
            if (part instanceof CompiledQuoted) {
                return quoted((CompiledQuoted) part, false);
            }
            return null;
        }

        /**
         * A quoted string's text with each value in place as text (a null as {@code ''}, as PHP wrote it); in a
         * fragment, null when one of the values is empty (the fragment is left out).
         */
        private static String quoted(CompiledQuoted part, boolean inFragment) {
            StringBuilder sb = new StringBuilder();
            for (Object q : part.parts()) {
                if (q instanceof String) {
                    sb.append((String) q);
                } else {
                    Object v = parameter((Expression) q);
                    if (inFragment && empty(v)) {
                        return null;
                    }
                    sb.append(Values.text(v));
                }
            }
            return sb.toString();
        }

        private static void append(Object part, Object value, StringBuilder sql, List<Object> params) {
            if (part instanceof String) {
                sql.append((String) part);
            } else if (value instanceof List) {
                List<?> elements = (List<?>) value;
                for (int i = 0; i < elements.size(); i++) {
                    sql.append(i == 0 ? "?" : ", ?");
                    params.add(elements.get(i));
                }
            } else if (part instanceof CompiledQuoted && ((CompiledQuoted) part).cast() != null) {
                sql.append("CAST(? AS ").append(((CompiledQuoted) part).cast()).append(')');
                params.add(value);
            } else {
                sql.append('?');
                params.add(value);
            }
        }

        private static List<Object> elements(Object v) {
            if (v instanceof Collection) {
                return new ArrayList<>((Collection<?>) v);
            }
            if (v != null && v.getClass().isArray()) {
                List<Object> out = new ArrayList<>();
                int n = java.lang.reflect.Array.getLength(v);
                for (int i = 0; i < n; i++) {
                    out.add(java.lang.reflect.Array.get(v, i));
                }
                return out;
            }
            return null;
        }

        private static Object parameter(Expression e) {
            return parameter(e, e.evaluate());
        }

        private static Object parameter(Expression e, Object v) {
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

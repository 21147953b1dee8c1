package io.dataflows.internal.expr;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import io.dataflows.ExpressionMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile and random expression texts through both evaluation modes: each compiles and evaluates to a value, or
 * fails with an {@link ExpressionException}; never another exception, never an {@link Error}, never a hang. When
 * both modes give a value, it is the same value.
 */
class ExpressionFuzzTest {

    /** Small limits keep each try fast; the limits themselves are what is being attacked. */
    private static final ExpressionLimits LIMITS = new ExpressionLimits(10_000, 1_000, 200_000);
    private static final ExpressionEngine COMPILED = new ExpressionEngine(ExpressionMode.COMPILED, LIMITS);
    private static final ExpressionEngine JEXL = new ExpressionEngine(ExpressionMode.JEXL, LIMITS);

    private static final List<String> VOCABULARY = List.of(
            // operators
            "+", "-", "*", "/", "%", "**", "~", "==", "===", "!=", "!==", "<", ">", "<=", ">=", "and", "or", "not",
            "&&", "||", "!", "in", "not in", "matches", "=~", "!~", "??", "?.", "..", "|", "&", "^", "?", ":",
            // punctuation
            "(", ")", "[", "]", "{", "}", ",", ".", "${{", "}}",
            // names and paths
            "record", "record.s", "record.n", "record.x", "record.list", "record.obj", "record.nil", "record.big",
            "record.list[0]", "record.obj.k", "dataflow", "dataflow.vars", "steps", "missing", "x", "_", "$",
            "true", "false", "null", "TRUE", "Null",
            // functions and methods
            "count(", "isset(", "fromJSON(", "toJSON(", "round(", "intval(", "strtolower(", "strtoupper(", "strlen(",
            "trim(", "abs(", "floor(", "ceil(", "min(", "max(", "implode(", "explode(", "time()", "date(",
            "strtotime(", "get_var(", "nofunction(", ".length()", ".trim()", ".repeat(", ".split(", ".replaceAll(",
            ".substring(", ".matches(", ".get(", ".size()", ".keySet()", ".getClass()", ".formatted(", ".hashCode()",
            ".toString()", ".charAt(", ".concat(", ".compareTo(", ".indexOf(", ".subList(",
            // numbers
            "0", "1", "-1", "2", "10", "0.5", "1e308", "1e-308", "9223372036854775807", "9223372036854775808",
            "1_000", ".5", "1.", "0x1A", "1e", "99999999999999999999999999999",
            // strings and patterns
            "'abc'", "\"x\"", "''", "'a\\'b'", "'\\\\'", "'", "\"", "'/(a+)+b/'", "'/(.*){1,32000}[bc]/'", "'/[/'",
            "'(a|b)*'", "'%s'", "'%2000000000s'", "'2024-01-02'", "'+1 day'", "'[1,2,[3]]'", "'{\"a\":1}'",
            "'日本語'", "'\uD83D\uDE00'", "'\uD800'", "'\u0000'", "é", "\u00A0", "\t", "\n", "#", "@", "`", ";");

    private static MapContext context() {
        return new MapContext()
                .record(DataRecord.of("s", "Hello", "n", 5L, "x", 2.5, "nil", null, "list", List.of(3L, 2L, 1L),
                        "obj", map("k", "v", "deep", map("id", 7L)), "big", new BigDecimal("123456789.123456789"),
                        "long", "a".repeat(5000)))
                .put("dataflow", map("name", "fuzz", "vars", map("threshold", 50L, "abc", List.of(1L, 2L))))
                .put("steps", map("reader", map("vars", map("n", 1L))));
    }

    // ---- properties ----------------------------------------------------------------------------------------------

    @Property(tries = 300)
    void tokenSoupCompilesAndEvaluatesOrFailsCleanly(@ForAll("tokenSoup") String expression) {
        check(expression);
    }

    @Property(tries = 300)
    void generatedExpressionsCompileAndEvaluateOrFailCleanly(@ForAll("seeds") long seed) {
        check(generate(new Random(seed), 4));
    }

    @Property(tries = 300)
    void mutatedExpressionsCompileAndEvaluateOrFailCleanly(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        check(mutate(random, generate(random, 4)));
    }

    @Property(tries = 60)
    void deepLongAndHugeExpressionsCompileAndEvaluateOrFailCleanly(@ForAll("seeds") long seed) {
        check(hostile(new Random(seed)));
    }

    @Property(tries = 100)
    void templatesRenderOrFailCleanly(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            text.append(pick(random, List.of("a", " ", "${{", "}}", "${{ ", "{", "}", "'", "x=")));
            if (random.nextBoolean()) {
                text.append("${{ ").append(mutate(random, generate(random, 3))).append(" }}");
            }
        }
        String template = text.toString();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (ExpressionEngine engine : List.of(COMPILED, JEXL)) {
                try {
                    Object v = engine.template(template).evaluate(context());
                    assertPlain(v, template);
                } catch (ExpressionException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (Throwable t) {
                    throw new AssertionError(engine.mode() + " threw " + cut(t) + " for template: " + cut(template),
                            t);
                }
            }
        });
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(VOCABULARY).list().ofMinSize(1).ofMaxSize(25)
                .flatMap(tokens -> Arbitraries.of(" ", "").map(sep -> String.join(sep, tokens)));
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    // ---- the check -----------------------------------------------------------------------------------------------

    private static void check(String expression) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Object[] compiled = outcome(COMPILED, expression);
            Object[] jexl = outcome(JEXL, expression);
            if (compiled[1] == null && jexl[1] == null
                    && !Objects.equals(Functions.plain(compiled[0]), Functions.plain(jexl[0]))) {
                throw new AssertionError("COMPILED gave " + cut(compiled[0]) + " but JEXL " + cut(jexl[0])
                        + " for: " + cut(expression));
            }
        });
    }

    /** {value, null} or {null, the ExpressionException}. */
    private static Object[] outcome(ExpressionEngine engine, String expression) {
        try {
            Object v = engine.compile(expression).evaluate(context());
            assertPlain(v, expression);
            return new Object[] {v, null};
        } catch (ExpressionException e) {
            if (e.getMessage().isBlank() || e.expression().isEmpty()) {
                throw new AssertionError("An error without message or expression: " + cut(e.getMessage())
                        + " for: " + cut(expression));
            }
            return new Object[] {null, e};
        } catch (Throwable t) {
            throw new AssertionError(engine.mode() + " threw " + cut(t) + " for: " + cut(expression), t);
        }
    }

    /** Results are the value types of the variable tree (and the record itself), nothing else. */
    private static void assertPlain(Object v, String expression) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double
                || v instanceof BigDecimal || v instanceof DataRecord) {
            return;
        }
        if (v instanceof Collection) {
            ((Collection<?>) v).forEach(item -> assertPlain(item, expression));
            return;
        }
        if (v instanceof Map) {
            ((Map<?, ?>) v).forEach((k, item) -> {
                assertThat(k).isInstanceOf(String.class);
                assertPlain(item, expression);
            });
            return;
        }
        throw new AssertionError("A " + v.getClass().getName() + " came out of: " + cut(expression));
    }

    /** Failure messages stay readable: values and expressions can be 100,000 characters long. */
    private static String cut(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " characters)";
    }

    // ---- generators ----------------------------------------------------------------------------------------------

    private static final List<String> BINARY = List.of("+", "-", "*", "/", "%", "**", "~", "==", "===", "!=",
            "<", ">=", "and", "or", "in", "not in", "matches", "=~", "!~", "??", "..", "|", "&", "^");
    private static final List<String> ATOMS = List.of("record.s", "record.n", "record.x", "record.nil",
            "record.list", "record.obj", "record.obj.deep.id", "record.list[1]", "record.big", "record.long",
            "dataflow.vars.threshold", "dataflow.vars.abc", "steps.reader.vars.n", "record.missing", "nothere",
            "1", "0", "-3", "2.5", "1e300", "9223372036854775807", "'a'", "''", "'10'", "'1e3'", "'abc'", "'/^h/i'",
            "'/(a+)+$/'", "'[1,2]'", "'{\"k\":[1]}'", "true", "false", "null", "[1, 2, 3]", "{a: 1, b: 'x'}", "[]");
    private static final List<String> FUNCTIONS = List.of("count", "isset", "fromJSON", "toJSON", "round", "intval",
            "strtolower", "strtoupper", "strlen", "trim", "abs", "floor", "ceil", "min", "max", "implode", "explode",
            "date", "strtotime", "get_var", "time");
    private static final List<String> METHODS = List.of("length()", "trim()", "toUpperCase()", "isEmpty()",
            "repeat(3)", "repeat(100000)", "split(',')", "split('(a|b)*')", "replaceAll('a', '$0$0')",
            "replaceAll('(.*){1,32000}[bc]', '')", "substring(1)", "substring(2, 1)", "charAt(0)", "contains('l')",
            "matches('.*')", "concat('x')", "size()", "get(0)", "get('k')", "keySet()", "values()", "indexOf(2)",
            "subList(0, 1)", "intValue()", "toString()", "equals(1)", "compareTo(2)", "getClass()",
            "formatted(1)", "isNaN()");

    /** A random, mostly well-formed expression. */
    static String generate(Random r, int depth) {
        if (depth <= 0 || r.nextInt(4) == 0) {
            return pick(r, ATOMS);
        }
        switch (r.nextInt(9)) {
            case 0:
            case 1:
                return generate(r, depth - 1) + " " + pick(r, BINARY) + " " + generate(r, depth - 1);
            case 2:
                return "(" + generate(r, depth - 1) + ")";
            case 3:
                return pick(r, List.of("not ", "-", "+", "!")) + generate(r, depth - 1);
            case 4:
                return generate(r, depth - 1) + " ? " + generate(r, depth - 1) + " : " + generate(r, depth - 1);
            case 5: {
                StringBuilder call = new StringBuilder(pick(r, FUNCTIONS)).append('(');
                for (int i = r.nextInt(4); i > 0; i--) {
                    call.append(generate(r, depth - 1)).append(i > 1 ? ", " : "");
                }
                return call.append(')').toString();
            }
            case 6:
                return generate(r, depth - 1) + (r.nextBoolean() ? "." : "?.") + pick(r, METHODS);
            case 7:
                return "[" + generate(r, depth - 1) + ", " + generate(r, depth - 1) + "]";
            default:
                return generate(r, depth - 1) + "[" + generate(r, depth - 1) + "]";
        }
    }

    /** One to three random edits: deletions, insertions of vocabulary, duplications, swaps, truncation. */
    static String mutate(Random r, String text) {
        StringBuilder sb = new StringBuilder(text);
        for (int n = 1 + r.nextInt(3); n > 0 && sb.length() > 0; n--) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(5)) {
                case 0:
                    sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(4)));
                    break;
                case 1:
                    sb.insert(at, pick(r, VOCABULARY));
                    break;
                case 2: {
                    int end = Math.min(sb.length(), at + 1 + r.nextInt(20));
                    sb.insert(at, sb.substring(at, end));
                    break;
                }
                case 3: {
                    int other = r.nextInt(sb.length());
                    char c = sb.charAt(at);
                    sb.setCharAt(at, sb.charAt(other));
                    sb.setCharAt(other, c);
                    break;
                }
                default:
                    sb.setLength(at);
            }
        }
        return sb.toString();
    }

    /** Nesting around the limit, long chains, huge literals, bombs. */
    static String hostile(Random r) {
        int levels = 100 + r.nextInt(60);
        switch (r.nextInt(8)) {
            case 0: {
                StringBuilder open = new StringBuilder();
                StringBuilder close = new StringBuilder();
                for (int i = 0; i < levels; i++) {
                    String[] kinds = {"(", ")", "[", "]", "abs(", ")", "-(", ")", "[0, ", "][1]"};
                    int k = r.nextInt(kinds.length / 2) * 2;
                    open.append(kinds[k]);
                    close.insert(0, kinds[k + 1]);
                }
                return open + pick(r, ATOMS) + close;
            }
            case 1: {
                String op = pick(r, List.of(" + ", " ~ ", " and ", " or ", " * ", " == ", ".", "?.", " ?? "));
                StringBuilder sb = new StringBuilder("record.n");
                int terms = r.nextBoolean() ? levels : 1000 + r.nextInt(20_000);
                for (int i = 0; i < terms; i++) {
                    sb.append(op).append(op.contains(".") ? "obj" : "record.n");
                }
                return sb.toString();
            }
            case 2:
                return "1" + "0".repeat(r.nextInt(100_000)) + pick(r, List.of("", ".5", "e5", " + 1"));
            case 3:
                return "'" + "x".repeat(r.nextInt(100_000)) + "'" + pick(r, List.of("", ".length()", " ~ 'y'",
                        ".repeat(2)", " matches '/(x+x+)+y/'"));
            case 4:
                return pick(r, List.of("record.long.repeat(3)", "record.long ~ record.long ~ record.long",
                        "'%2000000000s'.formatted(1)", "'a'.repeat(1000000000)", "1..100000",
                        "explode(',', ','.repeat(5000))", "toJSON([record.long, record.long, record.long])",
                        "record.long.split('')", "record.long matches '/(a|aa)*b/'", "round(1, 2000000000)",
                        "(-1) ** 9223372036854775807", "intval(record.long)", "date('r'.repeat(1000))",
                        "record.long.replaceAll('a', '$0$0$0')", "strtoupper(record.long.repeat(2))",
                        "fromJSON('[' ~ '['.repeat(2000) ~ ']'.repeat(2000) ~ ']')",
                        "fromJSON('\"' ~ 'x'.repeat(9000) ~ '\"')", "strtotime('+99999999999999 days')",
                        "date('Y', 9223372036854775807)", "strtotime('9999999999-01-01')"));
            case 5:
                return "-".repeat(levels) + "1";
            case 6:
                return "'unterminated " + "\\".repeat(r.nextInt(3)) + pick(r, ATOMS);
            default:
                return "record.obj" + "?.deep".repeat(levels);
        }
    }

    private static String pick(Random r, List<String> options) {
        return options.get(r.nextInt(options.size()));
    }
}

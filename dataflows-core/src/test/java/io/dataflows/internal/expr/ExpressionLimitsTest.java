package io.dataflows.internal.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import io.dataflows.ExpressionMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The limits of expressions, at and just past each one, in both evaluation modes: nesting, regular expression steps,
 * the size of text and lists. Each attack that used to crash the JVM, exhaust the heap or run for ever is here.
 *
 * <p>Runs alone ({@code @Isolated}): it builds text up to the size limits (tens of megabytes per expression) under
 * timeouts, so it needs the heap and the processors to itself.
 */
@Isolated
class ExpressionLimitsTest {

    private static final ExpressionLimits SMALL = new ExpressionLimits(1000, 100, 1_000_000);

    private static MapContext context() {
        Map<String, Object> deep = new LinkedHashMap<>();
        deep.put("a", deep); // deep.a.a.a... as far as anyone asks
        return new MapContext()
                .record(DataRecord.of("x", "a".repeat(30), "ab", "ab".repeat(50_000),
                        "big", new BigDecimal("9".repeat(60_000)), "tiny", new BigDecimal("1E-50000")))
                .put("deep", deep);
    }

    private static Object eval(ExpressionMode mode, ExpressionLimits limits, String expression) {
        return new ExpressionEngine(mode, limits).compile(expression).evaluate(context());
    }

    private static Object eval(ExpressionMode mode, String expression) {
        return eval(mode, ExpressionLimits.DEFAULTS, expression);
    }

    // ---- nesting -------------------------------------------------------------------------------------------------

    /** Expression shapes by their number of levels: the expression itself plus each enclosing part. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                shape("parentheses", n -> "(".repeat(n - 1) + "1" + ")".repeat(n - 1)),
                shape("lists", n -> "[".repeat(n - 1) + "1" + "]".repeat(n - 1)),
                shape("additions", n -> "1" + " + 1".repeat(n - 1)),
                shape("concatenations", n -> "'a'" + " ~ 'a'".repeat(n - 1)),
                shape("conjunctions", n -> "true" + " and true".repeat(n - 1)),
                shape("negations", n -> "-".repeat(n - 1) + "1"),
                shape("conditionals", n -> "0 ? 0 : ".repeat(n - 1) + "1"),
                shape("coalescing", n -> "null ?? ".repeat(n - 1) + "1"),
                shape("function calls", n -> "abs(".repeat(n - 1) + "1" + ")".repeat(n - 1)),
                shape("member accesses", n -> "deep" + ".a".repeat(n - 1)),
                shape("index accesses", n -> "deep" + "['a']".repeat(n - 1)),
                shape("method calls", n -> "'x'" + ".trim()".repeat(n - 1)));
    }

    private static Arguments shape(String name, IntFunction<String> expression) {
        return Arguments.of(name, expression);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void expressionsNestUpTo128Levels(String name, IntFunction<String> shape) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            eval(mode, shape.apply(128));
            assertThatThrownBy(() -> eval(mode, shape.apply(129)))
                    .as(mode.name())
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageStartingWith("Expression nests too deeply: more than 128 levels of brackets,"
                            + " operators, calls or member accesses (at position ");
        }
    }

    /** The attacks of the report: they crashed the parser with a StackOverflowError. */
    static Stream<String> attacks() {
        return Stream.of("(".repeat(2000) + "1" + ")".repeat(2000),
                "1" + "+1".repeat(200_000),
                "'a'" + " ~ 'b'".repeat(200_000),
                "x" + " and x".repeat(200_000),
                "[".repeat(100_000),
                "-".repeat(200_000) + "1");
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void deepOrLongExpressionsFailToCompileWithAShortMessage(String expression) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThatThrownBy(() -> new ExpressionEngine(mode).compile(expression))
                    .as(mode.name())
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageStartingWith("Expression nests too deeply: more than 128 levels")
                    .hasMessageEndingWith("...' (" + expression.length() + " characters)");
        }
    }

    // ---- regular expressions -------------------------------------------------------------------------------------

    static Stream<Arguments> backtracking() {
        return Stream.of(
                Arguments.of("record.x matches '/(.*){1,32000}[bc]/'", "(.*){1,32000}[bc]"),
                Arguments.of("record.x =~ '(.*){1,32000}[bc]'", "(.*){1,32000}[bc]"),
                Arguments.of("record.x !~ '(x+x+)+y|(.*){1,32000}[bc]'", "(x+x+)+y|(.*){1,32000}[bc]"),
                Arguments.of("record.x.matches('(.*){1,32000}[bc]')", "(.*){1,32000}[bc]"),
                Arguments.of("record.x.split('(.*){1,32000}[bc]')", "(.*){1,32000}[bc]"),
                Arguments.of("record.x.replaceAll('(.*){1,32000}[bc]', '')", "(.*){1,32000}[bc]"),
                Arguments.of("record.x.replaceFirst('(.*){1,32000}[bc]', '')", "(.*){1,32000}[bc]"));
    }

    @ParameterizedTest
    @MethodSource("backtracking")
    void catastrophicBacktrackingGivesUpAfterTheStepLimit(String expression, String pattern) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                assertThatThrownBy(() -> eval(mode, SMALL, expression))
                        .as(mode.name())
                        .isInstanceOf(ExpressionException.class)
                        .hasMessage("Regular expression " + pattern + " gave up after 1000000 steps on a text of 30"
                                + " characters (catastrophic backtracking); simplify the pattern or raise"
                                + " regexStepLimit in expression '" + expression + "'");
            });
        }
    }

    @Test
    void theDefaultStepLimitStopsTheReportedPattern() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(
                () -> eval(ExpressionMode.COMPILED, "record.x matches '/(.*){1,32000}[bc]/'"))
                .hasMessageStartingWith("Regular expression (.*){1,32000}[bc] gave up after 100000000 steps"));
    }

    @Test
    void aRegexThatRecursesTooDeeplyIsAnErrorNamingThePattern() {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThatThrownBy(() -> eval(mode, "record.ab matches '/^(a|b)*$/'"))
                    .as(mode.name())
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageStartingWith("Regular expression ^(a|b)*$ recursed too deeply on a text of 100000"
                            + " characters; a repeated group with alternatives such as (a|b)* recurses once per"
                            + " repetition in Java: use a character class ([ab]*) or a possessive quantifier"
                            + " ((a|b)*+)");
            assertThat(eval(mode, "record.ab matches '/^[ab]*$/'")).isEqualTo(1L);
        }
    }

    @Test
    void ordinaryMatchesStayWellInsideTheLimit() {
        ExpressionLimits tight = new ExpressionLimits(1000, 100, 200);
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThat(eval(mode, tight, "record.x matches '/^a+$/'")).isEqualTo(1L);
            assertThat(eval(mode, tight, "record.x.split('a').size()")).isEqualTo(0L);
        }
    }

    // ---- size of text and lists ----------------------------------------------------------------------------------

    static Stream<Arguments> sizes() {
        return Stream.of(
                size("'a'.repeat(1000)", "'a'.repeat(1001)",
                        "repeat() would produce text of 1001 characters; the limit is 1000 (maxStringLength)"),
                size("'a'.repeat(999) ~ 'b'", "'a'.repeat(1000) ~ 'b'",
                        "'~' would produce text of 1001 characters; the limit is 1000 (maxStringLength)"),
                size("'a'.repeat(999).concat('b')", "'a'.repeat(1000).concat('b')",
                        "concat() would produce text of 1001 characters; the limit is 1000 (maxStringLength)"),
                size("'ab'.replace('a', 'a'.repeat(999))", "'abb'.replace('a', 'a'.repeat(999))",
                        "replace() would produce text of 1001 characters; the limit is 1000 (maxStringLength)"),
                size("'ab'.replaceAll('a', 'a'.repeat(999))", "'abb'.replaceAll('a', 'a'.repeat(999))",
                        "replaceAll() would produce text of 1001 characters; the limit is 1000 (maxStringLength)"),
                size("'aa'.replaceAll('a', '$0'.repeat(500))", "'aaa'.replaceAll('a', '$0'.repeat(334))",
                        "replaceAll() would produce text of 1002 characters; the limit is 1000 (maxStringLength)"),
                size("implode(',', ['a'.repeat(500), 'a'.repeat(499)])",
                        "implode(',', ['a'.repeat(500), 'a'.repeat(500)])",
                        "implode() would produce text of 1001 characters; the limit is 1000 (maxStringLength)"),
                size("['a'.repeat(996)] ~ ''", "['a'.repeat(997)] ~ ''",
                        "The text of a list would be longer than 1000 characters (maxStringLength)"),
                size("toJSON(['a'.repeat(996)])", "toJSON(['a'.repeat(997)])",
                        "toJSON() would produce more than 1000 characters (maxStringLength)"),
                size("date('Y'.repeat(31), 0)", "date('Y'.repeat(32), 0)",
                        "The format of date() is too long: 32 characters could produce up to 1024 characters of"
                                + " text; the limit is 1000 (maxStringLength)"),
                size("1..100", "1..101", "Range 1..101 is too large: the limit is 100 items (maxListSize)"),
                size("explode(',', ','.repeat(99))", "explode(',', ','.repeat(100))",
                        "explode() would produce a list of 101 items; the limit is 100 (maxListSize)"),
                size("'a,'.repeat(100).split(',')", "'a,'.repeat(101).split(',')",
                        "split() would produce a list of 101 items; the limit is 100 (maxListSize)"),
                size("fromJSON('[' ~ '0,'.repeat(99) ~ '0]')", "fromJSON('[' ~ '0,'.repeat(100) ~ '0]')",
                        "fromJSON() would produce a list of 101 items; the limit is 100 (maxListSize)"),
                size("fromJSON('[[' ~ '0,'.repeat(98) ~ '0]]')", "fromJSON('[[' ~ '0,'.repeat(99) ~ '0]]')",
                        "fromJSON() would produce a list of 101 items; the limit is 100 (maxListSize)"));
    }

    private static Arguments size(String atLimit, String pastLimit, String message) {
        return Arguments.of(atLimit, pastLimit, message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("sizes")
    void whatAnExpressionBuildsIsRefusedPastTheLimit(String atLimit, String pastLimit, String message) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            eval(mode, SMALL, atLimit);
            assertThatThrownBy(() -> eval(mode, SMALL, pastLimit))
                    .as(mode.name())
                    .isInstanceOf(ExpressionException.class)
                    .hasMessage(message + " in expression '" + pastLimit + "'");
        }
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void listAndMapLiteralsOverTheLimitDoNotCompile(ExpressionMode mode) {
        ExpressionEngine engine = new ExpressionEngine(mode, SMALL);
        engine.compile("[" + "0, ".repeat(99) + "0]");
        String list = "[" + "0, ".repeat(100) + "0]";
        assertThatThrownBy(() -> engine.compile(list))
                .hasMessage("The list literal would produce a list of 101 items; the limit is 100 (maxListSize) in"
                        + " expression '" + list.substring(0, 200) + "...' (303 characters)");
        StringBuilder map = new StringBuilder("{");
        for (int i = 0; i <= 100; i++) {
            map.append(i == 0 ? "" : ", ").append("k").append(i).append(": 0");
        }
        String text = map.append('}').toString();
        assertThatThrownBy(() -> engine.compile(text))
                .hasMessageStartingWith("The map literal would produce a list of 101 items; the limit is 100");
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void templatesAreRefusedPastTheTextLimit(ExpressionMode mode) {
        ExpressionEngine engine = new ExpressionEngine(mode, SMALL);
        assertThat(engine.template("x${{ 'a'.repeat(999) }}").evaluate(context())).isEqualTo("x" + "a".repeat(999));
        String past = "xy${{ 'a'.repeat(999) }}";
        assertThatThrownBy(() -> engine.template(past).evaluate(context()))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("The template would produce text of 1001 characters; the limit is 1000 (maxStringLength)"
                        + " in expression '" + past + "'");
    }

    /** The memory bombs of the report, with the default limits. */
    static Stream<Arguments> bombs() {
        return Stream.of(
                Arguments.of("'%2000000000s'.formatted(record.x)",
                        "Method 'formatted' is not available in expressions (allowed: booleanValue, charAt,"),
                Arguments.of("'a'.repeat(1000000000)", "repeat() would produce text of 1000000000 characters;"
                        + " the limit is 16777216 (maxStringLength)"),
                Arguments.of("'a'.repeat(9223372036854775807)", "repeat() would produce text of"
                        + " 9223372036854775807 characters; the limit is 16777216 (maxStringLength)"),
                Arguments.of("'ab'.repeat(16777216 / 2) ~ 'c'", "'~' would produce text of 16777217 characters;"
                        + " the limit is 16777216 (maxStringLength)"),
                Arguments.of("'x'.replace('', 'y'.repeat(16777216))", "replace() would produce text of"
                        + " 33554433 characters; the limit is 16777216 (maxStringLength)"),
                Arguments.of("-9223372036854775807..9223372036854775807", "Range -9223372036854775807.."
                        + "9223372036854775807 is too large: the limit is 1048576 items (maxListSize)"),
                Arguments.of("record.big * record.big", "The result of '*' would be a decimal number of more"
                        + " than 100000 digits"),
                Arguments.of("record.big + record.tiny", "The result of '+' would be a decimal number of more"
                        + " than 100000 digits"));
    }

    @ParameterizedTest
    @MethodSource("bombs")
    void memoryBombsAreRefusedBeforeTheyAllocate(String expression, String message) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThatThrownBy(() -> eval(mode, expression))
                    .as(mode.name())
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageStartingWith(message);
        }
    }

    /** Operations that used to take quadratic or unbounded time, or allocate a number of a billion digits. */
    static Stream<Arguments> slow() {
        return Stream.of(
                Arguments.of("''.repeat(2000000000)", ""),
                Arguments.of("(-1) ** 9223372036854775807", -1L),
                Arguments.of("2 ** 62", 4611686018427387904L),
                Arguments.of("3 ** 40", 1.2157665459056929E19),
                Arguments.of("intval('a'.repeat(1000000))", 0L),
                Arguments.of("intval('12' ~ 'a'.repeat(1000000))", 12L),
                Arguments.of("round(1.5, 2000000000)", 1.5),
                Arguments.of("round(1.5, -2000000000)", 0.0));
    }

    @ParameterizedTest
    @MethodSource("slow")
    void arithmeticAndConversionsTakeBoundedTime(String expression, Object expected) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThat(eval(mode, expression)).as(mode.name()).isEqualTo(expected));
        }
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ExpressionLimits(0, 1, 1)).hasMessage("maxStringLength must be positive: 0");
        assertThatThrownBy(() -> new ExpressionLimits(1, 0, 1)).hasMessage("maxListSize must be positive: 0");
        assertThatThrownBy(() -> new ExpressionLimits(1, 1, 0)).hasMessage("regexStepLimit must be positive: 0");
        assertThat(List.of(ExpressionLimits.DEFAULTS.maxStringLength(), ExpressionLimits.DEFAULTS.maxListSize()))
                .containsExactly(16 * 1024 * 1024, 1024 * 1024);
    }
}

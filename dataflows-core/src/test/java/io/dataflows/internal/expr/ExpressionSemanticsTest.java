package io.dataflows.internal.expr;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import io.dataflows.ExpressionMode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every expression case runs through both evaluation paths — compiled closures and JEXL — and must give the same,
 * exact result.
 */
class ExpressionSemanticsTest {

    private static MapContext context() {
        return new MapContext()
                .record(DataRecord.of("a", "1", "b", "a_1_b", "n", 5, "x", 2.5, "s", "Hello", "nil", null,
                        "list", List.of(3L, 2L, 1L), "obj", map("k", "v", "deep", map("id", 7L))))
                .put("dataflow", map("name", "basic", "vars", map("something", 0L, "abc", List.of(1L, 2L, 3L),
                        "threshold", 50L)))
                .put("a", List.of(3L, 2L, 1L, 2L, map("id", 1L)))
                .put("m", map("b", null, "c", null, "d", map("e", "f")))
                .put("text", "[3,2,1]");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // literals and arithmetic
                c("1 + 2", 3L),
                c("'1' + '1'", 2L),
                c("'1.5' + 1", 2.5),
                c("7 / 2", 3.5),
                c("8 / 2", 4L),
                c("7 % 3", 1L),
                c("-7 % 3", -1L),
                c("2 ** 10", 1024L),
                c("2 ** -1", 0.5),
                c("9223372036854775807 + 1", 9.223372036854775808E18),
                c("-(3)", -3L),
                c("+'4'", 4L),
                c("10 - 2 - 3", 5L),
                c("2 + 3 * 4", 14L),
                c("(2 + 3) * 4", 20L),
                c("'a' ~ (1 + 2)", "a3"),
                c("'v' ~ 1 * 2", "v2"),
                c("'x' ~ 'y' ~ 'z'", "xyz"),
                c("1 ~ 2", "12"),
                c("true ~ '|' ~ false ~ '|' ~ null", "1||"),
                c("1.0 ~ ''", "1"),
                c("(0.1 + 0.2) ~ ''", "0.3"),
                c("0.1 + 0.2 ~ ''", 0.30000000000000004),
                // comparison: PHP 8 loose semantics
                c("record.nil < false", false),
                c("+record.nil", 0L),
                c("-record.nil", 0L),
                c("-+record.nil", 0L),
                c("-+record.nil?.repeat(3) ?? 1", 0L),
                c("record.nil < true", true),
                c("record.nil < 1", true),
                c("record.nil > -1", false),
                c("record.nil <= 0", true),
                c("record.nil >= ''", true),
                c("record.nil < false not in record.list", true),
                c("(record.nil < false not in record.list ? dataflow.vars.abc : record.obj)", List.of(1L, 2L, 3L)),
                c("'1' == 1", true),
                c("'x' == 1", false),
                c("'abc' == 0", false),
                c("null == 0", true),
                c("!(null)", true),
                c("!null ? 't' : 'f'", "t"),
                c("not record.nil", true),
                c("null == '0'", false),
                c("null == ''", true),
                c("'1e1' == '10'", true),
                c("'abc' < 'abd'", true),
                c("'a_9_b' >= 'a_3_b'", true),
                c("'2022-01-01T01:02:03' < 0", false),
                c("'10' > '9'", true),
                c("'10' > '9a'", false),
                c("1 === 1", true),
                c("1 === 1.0", false),
                c("'1' === 1", false),
                c("1 !== '1'", true),
                c("[1, 2] == [1, 2]", true),
                c("1 != 2", true),
                // logic and truthiness
                c("not 0", true),
                c("!'0'", true),
                c("not ''", true),
                c("not []", true),
                c("not 'false'", false),
                c("1 and 0", false),
                c("0 or 'x'", true),
                c("true && false || true", true),
                c("not 1 == 2", false),
                c("1 ? 'yes' : 'no'", "yes"),
                c("0 ? 'yes' : 'no'", "no"),
                c("'' ?: 'fallback'", "fallback"),
                c("'v' ?: 'fallback'", "v"),
                c("record.n >= 5 ? 'A' : 'B'", "A"),
                // membership, regex, ranges, bitwise
                c("2 in [1, 2, 3]", true),
                c("'2' in [1, 2, 3]", true),
                c("4 not in [1, 2, 3]", true),
                c("'v' in record.obj", true),
                c("'hello world' matches '/world/'", 1L),
                c("'Hello' matches '/^hello$/i'", 1L),
                c("'abc' matches '/^b/'", 0L),
                c("'abc' =~ 'b'", true),
                c("2 =~ [1, 2]", true),
                c("'abc' !~ '^z'", true),
                c("1..4", List.of(1L, 2L, 3L, 4L)),
                c("3..1", List.of(3L, 2L, 1L)),
                c("6 | 3", 7L),
                c("6 & 3", 2L),
                c("6 ^ 3", 5L),
                // variables and records
                c("record.a", "1"),
                c("record['b']", "a_1_b"),
                c("record.obj.deep.id", 7L),
                c("record.obj['deep']['id'] + 1", 8L),
                c("record.list[0]", 3L),
                c("record.list['1']", 2L),
                c("record.nil", null),
                c("dataflow.vars.abc", List.of(1L, 2L, 3L)),
                c("dataflow.vars.threshold * 2", 100L),
                c("m.d.e", "f"),
                c("record.a + record.n", 6L),
                // isset, ?? and ?.
                c("isset(a)", true),
                c("isset(a[0])", true),
                c("isset(a[4]['id'])", true),
                c("isset(a[4]['somefield'])", false),
                c("isset(m['d'].e)", true),
                c("isset(m['e'])", false),
                c("isset(m['d'].f)", false),
                c("isset(m['b'])", false),
                c("isset(record.missing)", false),
                c("isset(nothere.x.y)", false),
                c("isset(record.a, record.n)", true),
                c("isset(record.a, record.zzz)", false),
                c("record.missing ?? 'dflt'", "dflt"),
                c("record.nil ?? 'dflt'", "dflt"),
                c("record.a ?? 'dflt'", "1"),
                c("nothere ?? 3", 3L),
                c("record?.obj?.k", "v"),
                c("record.nil?.k", null),
                // functions
                c("count(a)", 5L),
                c("count(record.obj)", 2L),
                c("count(record)", 8L),
                c("fromJSON(text)", List.of(3L, 2L, 1L)),
                c("fromJSON('{\"a\":{\"b\":[1,2]}}').a.b[1]", 2L),
                c("fromJSON(5)", 5L),
                c("toJSON(record.obj)", "{\"k\":\"v\",\"deep\":{\"id\":7}}"),
                // the same text writer_stream writes (PHP json_encode)
                c("toJSON([1e25, 2.0, 0.1, 1.5e-7, 'a/é'])", "[1.0e+25,2.0,0.1,1.5e-7,\"a/é\"]"),
                c("round(2.5)", 3.0),
                c("round(-2.5)", -3.0),
                c("round(1.955, 2)", 1.96),
                c("intval('12abc')", 12L),
                c("intval('abc')", 0L),
                c("intval(3.9)", 3L),
                c("intval('ff', 16)", 255L),
                c("strtolower('ABC')", "abc"),
                c("strtoupper(record.s)", "HELLO"),
                c("strlen('héllo')", 5L),
                c("trim('  x ')", "x"),
                c("abs(-3)", 3L),
                c("max(1, 5, 3)", 5L),
                c("min([4, 2, 8])", 2L),
                c("implode(',', [1, 2])", "1,2"),
                c("explode(',', 'a,b')", List.of("a", "b")),
                c("time()", 1_700_000_000L),
                c("date('Y-m-d H:i:s', 0)", "1970-01-01 00:00:00"),
                c("date('D, d M Y', 86400)", "Fri, 02 Jan 1970"),
                c("date('jS F y', 1700000000)", "14th November 23"),
                c("strtotime('1970-01-02')", 86400L),
                c("strtotime('2022-01-01T01:02:03Z')", 1640998923L),
                c("strtotime('+1 day', 0)", 86400L),
                c("strtotime('1970-01-01 +2 hours 30 minutes')", 9000L),
                c("strtotime('3 days ago', 864000)", 604800L),
                c("strtotime('tomorrow', 100)", 86400L),
                c("strtotime('not a date')", false),
                c("get_var('dataflow.name')", "basic"),
                c("get_var('dataflow.nothere', 'd')", "d"),
                // literals
                c("[1, 'two', [3]]", List.of(1L, "two", List.of(3L))),
                c("{a: 1, 'b c': 'x'}", map("a", 1L, "b c", "x")),
                c("\"it's\" ~ 'it\\'s'", "it'sit's"),
                c("1_000 + 0.5e1", 1005.0),
                c("TRUE", true),
                c("Null", null),
                // method calls (the allow-list of Methods in both modes)
                c("record.s.toUpperCase()", "HELLO"),
                c("record.s.substring(1, 3)", "el"),
                c("'a,b'.split(',')", List.of("a", "b")),
                c("record.list.size()", 3L),
                c("record.s.length() + 1", 6L));
    }

    private static Arguments c(String expression, Object expected) {
        return Arguments.of(expression, expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void compiledAndJexlAgree(String expression, Object expected) {
        Object compiled = new ExpressionEngine(ExpressionMode.COMPILED).compile(expression).evaluate(context());
        Object jexl = new ExpressionEngine(ExpressionMode.JEXL).compile(expression).evaluate(context());
        assertThat(compiled).as("compiled").isEqualTo(expected);
        assertThat(jexl).as("jexl").isEqualTo(expected);
        if (expected != null) {
            assertThat(compiled.getClass()).as("compiled type").isEqualTo(expected.getClass().getSuperclass()
                    == Number.class || expected instanceof String || expected instanceof Boolean
                    ? expected.getClass() : compiled.getClass());
            assertThat(jexl.getClass()).as("jexl type").isEqualTo(compiled.getClass());
        }
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                e("record.missing == 1", "Unknown variable 'record.missing' (known: a, b, n, x, s, nil, list, obj)"),
                e("nothere + 1", "Unknown variable 'nothere'"),
                e("record.obj.deep.nope", "Unknown variable 'record.obj.deep.nope' (known: id)"),
                e("record.list[7]", "index 7 is out of range; the list has 3 items"),
                e("record.s.x", "Cannot read 'x' of 'Hello'"),
                e("record.nil.k", "Cannot read 'k' of null ('record.nil' is null)"),
                e("'abc' + 1", "Unsupported operand for '+': 'abc' is not a number"),
                e("'a' ~ 1 + 2", "Unsupported operand for '+': 'a1' is not a number"),
                e("[1] * 2", "Unsupported operand for '*': a list is not a number"),
                e("1 / 0", "Division by zero"),
                e("5 % 0", "Modulo by zero"),
                e("1 in 'abc'", "The right operand of 'in' must be a list or map"),
                e("count('abc')", "count() expects a list or map, not 'abc'"),
                e("fromJSON('{bad')", "fromJSON(): invalid JSON"),
                e("1..2000000", "is too large"),
                e("'x' matches '/(/'", "Invalid regular expression /(/"),
                e("''.getClass()", "Method 'getClass' is not available in expressions"),
                e("''.getClass().forName('java.lang.Runtime')", "Method 'getClass' is not available"),
                e("record.s.class", "Cannot read 'class' of 'Hello'"),
                e("'x'.wait()", "Method 'wait' is not available"),
                e("record.obj.getClass()", "Method 'getClass' is not available"));
    }

    private static Arguments e(String expression, String message) {
        return Arguments.of(expression, message);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("errors")
    void failuresAreStrictAndNameTheExpression(String expression, String message) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThatThrownBy(() -> new ExpressionEngine(mode).compile(expression).evaluate(context()))
                    .as(mode.name())
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining(message)
                    .hasMessageContaining("in expression '" + expression + "'");
        }
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                e("1 +", "Unexpected end of expression at position 4"),
                e("(1", "Expected ')' but found end of expression"),
                e("'abc", "Unterminated string starting at position 1"),
                e("foo(1)", "Unknown function 'foo' (known: abs, ceil, count"),
                e("count(1, 2)", "Function 'count' takes 1 argument but was given 2"),
                e("1 # 2", "Unexpected character '#' at position 3"),
                e("{a: 1, a: 2}", "Duplicate map key 'a'"),
                e("", "Empty expression"),
                e("a b", "Unexpected 'b' at position 3"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("syntaxErrors")
    void syntaxErrorsAreReportedAtCompileTime(String expression, String message) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThatThrownBy(() -> new ExpressionEngine(mode).compile(expression))
                    .as(mode.name())
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining(message);
        }
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void templatesAreTypedWhenWholeAndTextOtherwise(ExpressionMode mode) {
        ExpressionEngine engine = new ExpressionEngine(mode);
        MapContext c = context();
        assertThat(engine.template("${{ 1 + 2 }}").evaluate(c)).isEqualTo(3L);
        assertThat(engine.template("${{record.list}}").evaluate(c)).isEqualTo(List.of(3L, 2L, 1L));
        assertThat(engine.template("n=${{ record.n }}, ok=${{ record.n > 1 }}").evaluate(c)).isEqualTo("n=5, ok=1");
        assertThat(engine.template(" ${{ 1 }}").evaluate(c)).isEqualTo(" 1");
        assertThat(engine.template("plain text").evaluate(c)).isEqualTo("plain text");
        assertThat(engine.template("${{ {a: {b: 1}} }}").evaluate(c)).isEqualTo(map("a", map("b", 1L)));
        assertThat(engine.template("x ${{ record.obj }}").evaluate(c))
                .isEqualTo("x {\"k\":\"v\",\"deep\":{\"id\":7}}");
        assertThat(engine.template("${{ record.a }}${{ record.n }}").evaluate(c)).isEqualTo("15");
        assertThatThrownBy(() -> engine.template("a ${{ 1 + 2 "))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("Unterminated expression: '${{' at position 3 has no closing '}}'");
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void conditionsAcceptBareOrWrappedExpressions(ExpressionMode mode) {
        ExpressionEngine engine = new ExpressionEngine(mode);
        assertThat(engine.compileCondition("record.n > 1").test(context())).isTrue();
        assertThat(engine.compileCondition("${{ record.n > 1 }}").test(context())).isTrue();
        assertThat(engine.compileCondition("  ${{record.n < 1}} ").test(context())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void referencedStepsAreCollectedForValidation(ExpressionMode mode) {
        CompiledExpression e = new ExpressionEngine(mode)
                .compile("steps.reader.config.x + steps['writer'].vars.y + record.steps");
        assertThat(e.referencedSteps()).containsExactly("reader", "writer");
        assertThat(e.roots()).contains("steps", "record");
    }

    @SuppressWarnings("unused")
    private static List<Object> listOf(Object... values) {
        return Arrays.asList(values);
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> unused() {
        return Map.of();
    }
}

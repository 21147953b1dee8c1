package io.dataflows.internal.expr;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import io.dataflows.ExpressionMode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expressions may call exactly the methods of {@link Methods}: each allowed method works (in both evaluation
 * modes), and every other public method of the value classes an expression can hold is refused with a clear error.
 */
class MethodAllowListTest {

    private static MapContext context() {
        return new MapContext()
                .record(DataRecord.of("s", "Hello", "n", 5L, "d", new BigDecimal("2.50"), "nil", null,
                        "list", List.of(3L, 2L, 1L), "obj", map("k", "v")));
    }

    private static Object eval(ExpressionMode mode, String expression) {
        return new ExpressionEngine(mode).compile(expression).evaluate(context());
    }

    private static final List<Case> CASES = List.of(
            c(Methods.Receiver.TEXT, "length", "record.s.length()", 5L),
            c(Methods.Receiver.TEXT, "isEmpty", "''.isEmpty()", true),
            c(Methods.Receiver.TEXT, "isBlank", "' '.isBlank()", true),
            c(Methods.Receiver.TEXT, "trim", "' a '.trim()", "a"),
            c(Methods.Receiver.TEXT, "strip", "'\u2003a '.strip()", "a"),
            c(Methods.Receiver.TEXT, "stripLeading", "' a '.stripLeading()", "a "),
            c(Methods.Receiver.TEXT, "stripTrailing", "' a '.stripTrailing()", " a"),
            c(Methods.Receiver.TEXT, "toUpperCase", "'title'.toUpperCase()", "TITLE"),
            c(Methods.Receiver.TEXT, "toLowerCase", "'TITLE'.toLowerCase()", "title"),
            c(Methods.Receiver.TEXT, "toString", "record.s.toString()", "Hello"),
            c(Methods.Receiver.TEXT, "substring", "record.s.substring(1) ~ record.s.substring(1, 3)", "elloel"),
            c(Methods.Receiver.TEXT, "charAt", "record.s.charAt(1)", "e"),
            c(Methods.Receiver.TEXT, "indexOf", "[record.s.indexOf('l'), record.s.indexOf('l', 3)]",
                    List.of(2L, 3L)),
            c(Methods.Receiver.TEXT, "lastIndexOf", "[record.s.lastIndexOf('l'), record.s.lastIndexOf('l', 2)]",
                    List.of(3L, 2L)),
            c(Methods.Receiver.TEXT, "contains", "record.s.contains('ell')", true),
            c(Methods.Receiver.TEXT, "startsWith", "record.s.startsWith('He')", true),
            c(Methods.Receiver.TEXT, "endsWith", "record.s.endsWith('lo')", true),
            c(Methods.Receiver.TEXT, "equals", "record.s.equals('Hello')", true),
            c(Methods.Receiver.TEXT, "equalsIgnoreCase", "record.s.equalsIgnoreCase('HELLO')", true),
            c(Methods.Receiver.TEXT, "compareTo", "'a'.compareTo('c')", -2L),
            c(Methods.Receiver.TEXT, "compareToIgnoreCase", "'A'.compareToIgnoreCase('a')", 0L),
            c(Methods.Receiver.TEXT, "concat", "'a'.concat('b')", "ab"),
            c(Methods.Receiver.TEXT, "repeat", "'ab'.repeat(3)", "ababab"),
            c(Methods.Receiver.TEXT, "replace", "'a-b-c'.replace('-', '')", "abc"),
            c(Methods.Receiver.TEXT, "replaceAll", "'a1b22'.replaceAll('(\\\\d+)', '<$1>')", "a<1>b<22>"),
            c(Methods.Receiver.TEXT, "replaceFirst", "'a1b22'.replaceFirst('\\\\d', '#')", "a#b22"),
            c(Methods.Receiver.TEXT, "matches", "'2024'.matches('\\\\d{4}')", true),
            c(Methods.Receiver.TEXT, "split", "['a,b,,'.split(','), 'a,b,,'.split(',', -1)]",
                    List.of(List.of("a", "b"), List.of("a", "b", "", ""))),
            c(Methods.Receiver.NUMBER, "intValue", "record.d.intValue()", 2L),
            c(Methods.Receiver.NUMBER, "longValue", "2.9.longValue()", 2L),
            c(Methods.Receiver.NUMBER, "doubleValue", "record.n.doubleValue()", 5.0),
            c(Methods.Receiver.NUMBER, "isNaN", "record.n.isNaN()", false),
            c(Methods.Receiver.NUMBER, "isInfinite", "(1.0e308 * 10).isInfinite()", true),
            c(Methods.Receiver.NUMBER, "compareTo", "record.n.compareTo(7)", -1L),
            c(Methods.Receiver.NUMBER, "equals", "record.n.equals(5)", true),
            c(Methods.Receiver.NUMBER, "toString", "[record.n.toString(), 2.5.toString(), record.d.toString()]",
                    List.of("5", "2.5", "2.50")),
            c(Methods.Receiver.BOOLEAN, "booleanValue", "true.booleanValue()", true),
            c(Methods.Receiver.BOOLEAN, "compareTo", "true.compareTo(false)", 1L),
            c(Methods.Receiver.BOOLEAN, "equals", "false.equals(false)", true),
            c(Methods.Receiver.BOOLEAN, "toString", "true.toString()", "true"),
            c(Methods.Receiver.LIST, "size", "record.list.size()", 3L),
            c(Methods.Receiver.LIST, "isEmpty", "[].isEmpty()", true),
            c(Methods.Receiver.LIST, "contains", "record.list.contains(2)", true),
            c(Methods.Receiver.LIST, "containsAll", "record.list.containsAll([1, 3])", true),
            c(Methods.Receiver.LIST, "get", "record.list.get(0)", 3L),
            c(Methods.Receiver.LIST, "indexOf", "record.list.indexOf(1)", 2L),
            c(Methods.Receiver.LIST, "lastIndexOf", "[1, 2, 1].lastIndexOf(1)", 2L),
            c(Methods.Receiver.LIST, "subList", "record.list.subList(1, 3)", List.of(2L, 1L)),
            c(Methods.Receiver.LIST, "equals", "record.list.equals([3, 2, 1])", true),
            c(Methods.Receiver.MAP, "size", "record.size()", 6L),
            c(Methods.Receiver.MAP, "isEmpty", "{}.isEmpty()", true),
            c(Methods.Receiver.MAP, "containsKey", "record.obj.containsKey('k')", true),
            c(Methods.Receiver.MAP, "containsValue", "record.obj.containsValue('v')", true),
            c(Methods.Receiver.MAP, "get", "record.get('s')", "Hello"),
            c(Methods.Receiver.MAP, "getOrDefault", "record.obj.getOrDefault('x', 'd')", "d"),
            c(Methods.Receiver.MAP, "keySet", "record.obj.keySet()", List.of("k")),
            c(Methods.Receiver.MAP, "values", "{a: 1, b: 2}.values()", List.of(1L, 2L)),
            c(Methods.Receiver.MAP, "equals", "record.obj.equals({k: 'v'})", true));

    private record Case(Methods.Receiver receiver, String method, String expression, Object expected) {
        @Override
        public String toString() {
            return expression;
        }
    }

    private static Case c(Methods.Receiver receiver, String method, String expression, Object expected) {
        return new Case(receiver, method, expression, expected);
    }

    static Stream<Case> allowed() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void everyAllowedMethodWorks(Case c) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThat(eval(mode, c.expression())).as(mode.name()).isEqualTo(c.expected());
        }
    }

    @Test
    void theCasesCoverTheWholeAllowList() {
        Map<Methods.Receiver, Set<String>> covered = new EnumMap<>(Methods.Receiver.class);
        for (Case c : CASES) {
            covered.computeIfAbsent(c.receiver(), k -> new TreeSet<>()).add(c.method());
        }
        assertThat(covered).isEqualTo(Methods.allowed());
    }

    /** A value of each receiver kind, as expression text, and the classes whose methods it stands for. */
    static Stream<Arguments> receivers() {
        return Stream.of(
                Arguments.of(Methods.Receiver.TEXT, "record.s", List.of(String.class, CharSequence.class,
                        Comparable.class, Object.class)),
                Arguments.of(Methods.Receiver.NUMBER, "record.n", List.of(Long.class, Number.class, Object.class)),
                Arguments.of(Methods.Receiver.NUMBER, "2.5", List.of(Double.class)),
                Arguments.of(Methods.Receiver.NUMBER, "record.d", List.of(BigDecimal.class)),
                Arguments.of(Methods.Receiver.BOOLEAN, "true", List.of(Boolean.class)),
                Arguments.of(Methods.Receiver.LIST, "record.list", List.of(ArrayList.class, List.class,
                        java.util.Collection.class, Iterable.class)),
                Arguments.of(Methods.Receiver.MAP, "record.obj", List.of(LinkedHashMap.class, Map.class)),
                Arguments.of(Methods.Receiver.MAP, "record", List.of(DataRecord.class)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("receivers")
    void everyOtherPublicMethodIsRefused(Methods.Receiver kind, String receiver, List<Class<?>> classes) {
        Set<String> tried = new TreeSet<>();
        for (Class<?> type : classes) {
            for (Method m : type.getMethods()) {
                int arity = m.getParameterCount();
                if (Methods.isAllowed(kind, m.getName(), arity) || !tried.add(m.getName() + "/" + arity)) {
                    continue;
                }
                String args = Stream.generate(() -> "1").limit(arity).collect(Collectors.joining(", "));
                String expression = receiver + "." + m.getName() + "(" + args + ")";
                for (ExpressionMode mode : ExpressionMode.values()) {
                    assertThatThrownBy(() -> eval(mode, expression))
                            .as(mode + " " + expression + (Modifier.isStatic(m.getModifiers()) ? " (static)" : ""))
                            .isInstanceOf(ExpressionException.class)
                            .hasMessageStartingWith(expectedRefusal(kind, m.getName(), arity));
                }
            }
        }
        assertThat(tried).contains("getClass/0", "wait/0", "hashCode/0");
    }

    private static String expectedRefusal(Methods.Receiver kind, String name, int arity) {
        boolean anywhere = Methods.allowed().values().stream().anyMatch(names -> names.contains(name));
        if (!anywhere) {
            return "Method '" + name + "' is not available in expressions (allowed: booleanValue, charAt, ";
        }
        boolean otherArity = false;
        for (Methods.Receiver k : Methods.Receiver.values()) {
            otherArity |= Methods.isAllowed(k, name, arity);
        }
        if (!otherArity) {
            return "Method '" + name + "' does not take " + arity + " argument" + (arity == 1 ? "" : "s");
        }
        return "Method '" + name + "' is not available on " + kind.description + " (methods of "
                + kind.description + ": " + String.join(", ", Methods.allowed().get(kind)) + ")";
    }

    static Stream<String> escapes() {
        return Stream.of("''.getClass()", "''.getClass().forName('java.lang.Runtime')", "''.class.forName('x')",
                "record.s.getClass().getClassLoader()", "'x'.exec('id')", "record.getRuntime()",
                "'%2000000000s'.formatted(1)", "'a'.formatted()", "'a\\nb'.indent(2000000000)",
                "'x'.getBytes()", "'x'.toCharArray()", "'x'.chars()", "'x'.lines()", "'x'.intern()",
                "'x'.describeConstable()", "'x'.transform(1)", "record.list.toArray()", "record.list.stream()",
                "record.list.iterator()", "record.obj.entrySet()", "record.obj.put('k', 1)", "record.list.clear()",
                "record.list.add(1)", "record.obj.remove('k')", "record.list.forEach(1)", "record.n.notifyAll()");
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void sandboxEscapesDoNotCompile(String expression) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThatThrownBy(() -> new ExpressionEngine(mode).compile(expression))
                    .as(mode.name())
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("is not available in expressions (allowed: booleanValue, charAt, ");
        }
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void wrongReceiversArgumentsAndNullsAreClearErrors(ExpressionMode mode) {
        assertThatThrownBy(() -> eval(mode, "record.list.trim()"))
                .hasMessageStartingWith("Method 'trim' is not available on a list (methods of a list: contains,"
                        + " containsAll, equals, get, indexOf, isEmpty, lastIndexOf, size, subList) in expression");
        assertThatThrownBy(() -> eval(mode, "record.nil.trim()"))
                .hasMessage("Cannot call 'trim()' on null ('record.nil' is null) in expression 'record.nil.trim()'");
        assertThat(eval(mode, "record.nil?.trim()")).isNull();
        assertThat(eval(mode, "record.missing?.trim()")).isNull();
        assertThatThrownBy(() -> eval(mode, "record.s.substring('x')"))
                .hasMessage("substring(): argument 1 must be a whole number that fits in 32 bits, not 'x' in"
                        + " expression 'record.s.substring('x')'");
        assertThatThrownBy(() -> eval(mode, "record.s.substring(9)"))
                .hasMessage("substring(): begin 9, end 5, length 5 in expression 'record.s.substring(9)'");
        assertThatThrownBy(() -> eval(mode, "record.s.repeat(-1)"))
                .hasMessage("repeat(): argument 1 must be a whole number of at least 0, not -1 in expression"
                        + " 'record.s.repeat(-1)'");
        assertThatThrownBy(() -> eval(mode, "record.s.contains([1])"))
                .hasMessage("contains(): argument 1 must be text, not a list in expression"
                        + " 'record.s.contains([1])'");
        assertThatThrownBy(() -> eval(mode, "record.s.split('(')"))
                .hasMessageStartingWith("Invalid regular expression (: Unclosed group in expression");
        assertThatThrownBy(() -> eval(mode, "record.s.replaceAll('l', '$2')"))
                .hasMessage("replaceAll(): No group 2 in expression 'record.s.replaceAll('l', '$2')'");
        assertThatThrownBy(() -> eval(mode, "record.s.substring(1, 2, 3)"))
                .hasMessage("Method 'substring' does not take 3 arguments in expression"
                        + " 'record.s.substring(1, 2, 3)'");
    }
}

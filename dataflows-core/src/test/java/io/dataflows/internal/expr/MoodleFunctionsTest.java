package io.dataflows.internal.expr;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import io.dataflows.ExpressionMode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The functions tool_dataflows flows call besides PHP's own: Moodle's {@code format_time()} and {@code userdate()},
 * PHP's {@code get_object_vars()}, and {@code matches}, which is PHP's {@code preg_match()} and so yields 1 or 0.
 * Expected values are what PHP 8.2 printed for the same calls (Moodle's functions run with its English strings,
 * in UTC); both evaluation paths must agree.
 */
class MoodleFunctionsTest {

    /** 2026-12-03 04:29:11 UTC, a Thursday. */
    private static final long THURSDAY = 1_796_272_151L;

    private static MapContext context() {
        return new MapContext()
                .record(DataRecord.of("name", "Bob", "n", 2L))
                .put("t", THURSDAY)
                .put("frac", THURSDAY + 0.25)
                .put("obj", map("a", 1L, "b", "x"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // format_time(): the two largest units, singular for exactly 1, "now" for 0, the sign dropped
                Arguments.of("format_time(0)", "now"),
                Arguments.of("format_time(1)", "1 sec"),
                Arguments.of("format_time(59)", "59 secs"),
                Arguments.of("format_time(61)", "1 min 1 sec"),
                Arguments.of("format_time(90.5)", "1 min 30.5 secs"),
                Arguments.of("format_time(3661)", "1 hour 1 min"),
                Arguments.of("format_time(90061)", "1 day 1 hour"),
                Arguments.of("format_time(-7200)", "2 hours"),
                Arguments.of("format_time(31536000 + 2 * 86400 + 3600)", "1 year 2 days"),
                Arguments.of("format_time(63072000 + 86400)", "2 years 1 day"),
                // userdate(): Moodle's default format, leading zeros of the day and the 12-hour hour removed
                Arguments.of("userdate(t)", "Thursday, 3 December 2026, 4:29 AM"),
                Arguments.of("userdate(frac)", "Thursday, 3 December 2026, 4:29 AM"),
                Arguments.of("userdate(t, '%d/%m/%Y %H:%M')", "3/12/2026 04:29"),
                Arguments.of("userdate(t, '%d/%m/%Y %H:%M', 'Australia/Perth')", "3/12/2026 12:29"),
                Arguments.of("userdate(t, '%d/%m/%Y %I', 99, false, false)", "03/12/2026 04"),
                Arguments.of("userdate(t + 38000, '%a %b %e %j %p')", "Thu Dec  3 337 PM"),
                Arguments.of("userdate(t, '%d %H:%M', 5.5)", "3 09:59"),
                // get_object_vars(): a map's keys and values
                Arguments.of("get_object_vars(obj)", map("a", 1L, "b", "x")),
                Arguments.of("get_object_vars(record)", map("name", "Bob", "n", 2L)),
                Arguments.of("count(get_object_vars(obj))", 2L),
                // matches: 1 or 0, usable as a number and printed as one
                Arguments.of("('abc' matches '/b/') + 1", 2L),
                Arguments.of("'n=' ~ ('abc' matches '/x/')", "n=0"),
                Arguments.of("record.name matches '/^B/'", 1L),
                Arguments.of("(record.name matches '/^b/') ? 'yes' : 'no'", "no"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void givesWhatPhpGives(String expression, Object expected) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThat(new ExpressionEngine(mode).compile(expression).evaluate(context())).as(mode.name())
                    .isEqualTo(expected);
        }
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("get_object_vars('text')", "get_object_vars() expects a map, not 'text'"),
                Arguments.of("userdate(t, '', 'Mars/Olympus')", "userdate(): unknown time zone 'Mars/Olympus'"),
                Arguments.of("userdate(t, '', 24)", "userdate(): a zone offset must be within 18 hours of UTC, not 24"),
                Arguments.of("format_time('soon')", "format_time() expects a number, not 'soon'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("errors")
    void refusesWhatPhpCouldNotMeanClearly(String expression, String message) {
        for (ExpressionMode mode : ExpressionMode.values()) {
            assertThatThrownBy(() -> new ExpressionEngine(mode).compile(expression).evaluate(context()))
                    .as(mode.name()).isInstanceOf(ExpressionException.class).hasMessageStartingWith(message);
        }
    }
}

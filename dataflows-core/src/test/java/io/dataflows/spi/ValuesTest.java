package io.dataflows.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void numericStringsEqualTheirNumbers() {
        assertThat(Values.looseEquals("1", 1L)).isTrue();
        assertThat(Values.looseEquals(1L, "1.0")).isTrue();
        assertThat(Values.looseEquals("10", "1e1")).isTrue();
        assertThat(Values.looseEquals(1L, 1.0)).isTrue();
        assertThat(Values.looseEquals(" 1", 1L)).isTrue();
    }

    @Test
    void nonNumericStringsCompareAsTextWithNumbersAsInPhp8() {
        assertThat(Values.looseEquals("abc", 0L)).isFalse();
        assertThat(Values.looseEquals("1abc", 1L)).isFalse();
        assertThat(Values.looseEquals("abc", "ABC")).isFalse();
        assertThat(Values.looseEquals("NZ", "NZ")).isTrue();
    }

    @Test
    void nullAndBooleansCompareByTruthiness() {
        assertThat(Values.looseEquals(null, "")).isTrue();
        assertThat(Values.looseEquals(null, "0")).isFalse();
        assertThat(Values.looseEquals(null, 0L)).isTrue();
        assertThat(Values.looseEquals(null, false)).isTrue();
        assertThat(Values.looseEquals(true, "x")).isTrue();
        assertThat(Values.looseEquals(false, "0")).isTrue();
        assertThat(Values.looseEquals(true, List.of())).isFalse();
    }

    @Test
    void listsAndMapsCompareElementWise() {
        assertThat(Values.looseEquals(List.of(1L, "2"), List.of("1", 2L))).isTrue();
        assertThat(Values.looseEquals(List.of(1L), List.of(1L, 2L))).isFalse();
        assertThat(Values.looseEquals(Map.of("a", 1L), Map.of("a", "1"))).isTrue();
        assertThat(Values.looseEquals(Map.of("a", 1L), Map.of("b", 1L))).isFalse();
        assertThat(Values.looseEquals(List.of(), "")).isFalse();
    }

    @Test
    void textAndTruthinessFollowPhp() {
        assertThat(Values.text(true)).isEqualTo("1");
        assertThat(Values.text(false)).isEmpty();
        assertThat(Values.text(1.0)).isEqualTo("1");
        assertThat(Values.text(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Values.text(1e25)).isEqualTo("1.0E+25");
        assertThat(Values.text(List.of(1L, "a"))).isEqualTo("[1,\"a\"]");
        assertThat(Values.truthy("0")).isFalse();
        assertThat(Values.truthy("0.0")).isTrue();
        assertThat(Values.compare("10", "9")).isPositive();
        assertThat(Values.parseNumber(" 12 ")).isEqualTo(12L);
        assertThat(Values.parseNumber("12abc")).isNull();
    }
}

package io.dataflows.steps.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhpEqualityTest {

    @Test
    void numericStringsEqualTheirNumbers() {
        assertThat(PhpEquality.looseEquals("1", 1L)).isTrue();
        assertThat(PhpEquality.looseEquals(1L, "1.0")).isTrue();
        assertThat(PhpEquality.looseEquals("10", "1e1")).isTrue();
        assertThat(PhpEquality.looseEquals(1L, 1.0)).isTrue();
        assertThat(PhpEquality.looseEquals(" 1", 1L)).isTrue();
    }

    @Test
    void nonNumericStringsCompareAsTextWithNumbersAsInPhp8() {
        assertThat(PhpEquality.looseEquals("abc", 0L)).isFalse();
        assertThat(PhpEquality.looseEquals("1abc", 1L)).isFalse();
        assertThat(PhpEquality.looseEquals("abc", "ABC")).isFalse();
        assertThat(PhpEquality.looseEquals("NZ", "NZ")).isTrue();
    }

    @Test
    void nullAndBooleansCompareByTruthiness() {
        assertThat(PhpEquality.looseEquals(null, "")).isTrue();
        assertThat(PhpEquality.looseEquals(null, "0")).isFalse();
        assertThat(PhpEquality.looseEquals(null, 0L)).isTrue();
        assertThat(PhpEquality.looseEquals(null, false)).isTrue();
        assertThat(PhpEquality.looseEquals(true, "x")).isTrue();
        assertThat(PhpEquality.looseEquals(false, "0")).isTrue();
        assertThat(PhpEquality.looseEquals(true, List.of())).isFalse();
    }

    @Test
    void listsAndMapsCompareElementWise() {
        assertThat(PhpEquality.looseEquals(List.of(1L, "2"), List.of("1", 2L))).isTrue();
        assertThat(PhpEquality.looseEquals(List.of(1L), List.of(1L, 2L))).isFalse();
        assertThat(PhpEquality.looseEquals(Map.of("a", 1L), Map.of("a", "1"))).isTrue();
        assertThat(PhpEquality.looseEquals(Map.of("a", 1L), Map.of("b", 1L))).isFalse();
        assertThat(PhpEquality.looseEquals(List.of(), "")).isFalse();
    }
}

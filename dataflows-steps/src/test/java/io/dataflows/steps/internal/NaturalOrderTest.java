package io.dataflows.steps.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

    private static List<String> sorted(String... values) {
        List<String> list = new ArrayList<>(List.of(values));
        list.sort(NaturalOrder.CASE_INSENSITIVE);
        return list;
    }

    @Test
    void numbersInsideTextSortByValue() {
        assertThat(sorted("img12.png", "img10.png", "IMG2.png", "img1.png"))
                .containsExactly("img1.png", "IMG2.png", "img10.png", "img12.png");
    }

    @Test
    void lettersCompareIgnoringCase() {
        assertThat(sorted("John", "bob", "Foo")).containsExactly("bob", "Foo", "John");
        assertThat(NaturalOrder.CASE_INSENSITIVE.compare("abc", "ABC")).isZero();
    }

    @Test
    void leadingZerosAndFractionsCompareDigitByDigit() {
        assertThat(sorted("1.010", "1.002", "1.1")).containsExactly("1.002", "1.010", "1.1");
        assertThat(NaturalOrder.CASE_INSENSITIVE.compare("007", "7")).isZero();
    }

    @Test
    void emptyTextSortsFirstAndWhitespaceIsSkipped() {
        assertThat(sorted("b", "", "a")).containsExactly("", "a", "b");
        assertThat(NaturalOrder.CASE_INSENSITIVE.compare("a  b", "a b")).isZero();
    }
}

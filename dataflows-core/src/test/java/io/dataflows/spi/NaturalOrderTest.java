package io.dataflows.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

    private static List<String> sorted(String... values) {
        return sorted(NaturalOrder.CASE_INSENSITIVE, values);
    }

    private static List<String> sorted(NaturalOrder order, String... values) {
        List<String> list = new ArrayList<>(List.of(values));
        list.sort(order);
        return list;
    }

    /** PHP 8.2: natsort(["file10.txt", "a.csv", "File10.txt", "file2.txt"]): File10.txt a.csv file2.txt file10.txt. */
    @Test
    void caseSensitiveOrderIsPhpNatsort() {
        assertThat(sorted(NaturalOrder.CASE_SENSITIVE, "file10.txt", "a.csv", "File10.txt", "file2.txt"))
                .containsExactly("File10.txt", "a.csv", "file2.txt", "file10.txt");
        // natsort(["x10", "X9", "x9", "x010"]): X9 x010 x9 x10
        assertThat(sorted(NaturalOrder.CASE_SENSITIVE, "x10", "X9", "x9", "x010"))
                .containsExactly("X9", "x010", "x9", "x10");
        // natsort of these twelve names, as PHP 8.2 gives them
        assertThat(sorted(NaturalOrder.CASE_SENSITIVE, "img12.png", "img10.png", "IMG2.png", "img1.png", "Img3.png",
                "file 2", "file 10", "a01", "a1", "a001", "x-1", "x-2"))
                .containsExactly("IMG2.png", "Img3.png", "a001", "a01", "a1", "file 2", "file 10", "img1.png",
                        "img10.png", "img12.png", "x-1", "x-2");
        assertThat(NaturalOrder.CASE_SENSITIVE.compare("a", "A")).isPositive();
    }

    /** PHP 8.2: strnatcasecmp("é", "É") is 1 and natcasesort(["b", "é", "É", "B", "a"]) gives a b B É é. */
    @Test
    void caseInsensitiveOrderFoldsOnlyAsciiLettersAsPhp() {
        assertThat(NaturalOrder.CASE_INSENSITIVE.compare("é", "É")).isPositive();
        assertThat(sorted("b", "é", "É", "B", "a")).containsExactly("a", "b", "B", "É", "é");
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

package io.dataflows.sftp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.spi.ListConstraints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tool_dataflows' list constraints of the SFTP listing, with its own test vectors, and its fnmatch patterns. */
class ListConstraintsTest {

    private static final List<String> LISTING = List.of("test.txt", "test.pdf", "test.csv",
            "2019-08-03-123451001.csv", "2019-08-03-123451002.csv", "2019-08-03-123451003.csv",
            "output/2019-08-03-123451002-final.csv");

    private static List<String> apply(String returnValue, String sort, long offset, long limit, String basePath,
            String pattern) {
        List<ListConstraints.Entry> entries = new ArrayList<>();
        for (String path : LISTING) {
            entries.add(new ListConstraints.Entry(path, "/remote/" + path, false));
        }
        return ListConstraints.apply(entries, returnValue, sort, offset, limit, false, basePath,
                FnMatch.compile(pattern)::matches);
    }

    @Test
    void aStarMatchesAcrossSlashesAndTheListIsSorted() {
        List<String> all = List.of("2019-08-03-123451001.csv", "2019-08-03-123451002.csv",
                "2019-08-03-123451003.csv", "output/2019-08-03-123451002-final.csv", "test.csv");
        assertThat(apply("relativepath", "alpha", 0, 0, "", "*.csv")).isEqualTo(all);
    }

    @Test
    void theLimitTakesTheFirstAfterSorting() {
        assertThat(apply("relativepath", "alpha_reverse", 0, 1, "", "*.csv")).containsExactly("test.csv");
        assertThat(apply("relativepath", "alpha", 0, 1, "", "*.csv")).containsExactly("2019-08-03-123451001.csv");
        assertThat(apply("relativepath", "alpha", 0, 1, "", "2019-08-03-*.csv"))
                .containsExactly("2019-08-03-123451001.csv");
        assertThat(apply("relativepath", "alpha_reverse", 0, 1, "", "2019-08-03-*.csv"))
                .containsExactly("2019-08-03-123451003.csv");
    }

    @Test
    void returnValuesAreBaseNamesPathsRelativeToTheBaseOrAbsolutePaths() {
        assertThat(apply("basename", "alpha", 0, 1, "", "output/*"))
                .containsExactly("2019-08-03-123451002-final.csv");
        assertThat(apply("relativepath", "alpha", 0, 1, "output", "output/*"))
                .containsExactly("2019-08-03-123451002-final.csv");
        assertThat(apply("relativepath", "alpha", 0, 1, "", "output/*"))
                .containsExactly("output/2019-08-03-123451002-final.csv");
        assertThat(apply("absolutepath", "alpha", 0, 0, "", "test.*"))
                .containsExactly("/remote/test.csv", "/remote/test.pdf", "/remote/test.txt");
    }

    @Test
    void theOffsetSkipsEntriesAfterSorting() {
        // "-" sorts before ".": 002-final.csv comes before 002.csv
        assertThat(apply("basename", "alpha", 2, 2, "", "*")).containsExactly("2019-08-03-123451002.csv",
                "2019-08-03-123451003.csv");
        assertThat(apply("basename", "alpha", 7, 0, "", "*")).isEmpty();
    }

    @Test
    void fnmatchPatterns() {
        assertThat(FnMatch.compile("*").matches(".hidden")).isTrue();
        assertThat(FnMatch.compile("*.csv").matches("a/b.csv")).isTrue();
        assertThat(FnMatch.compile("?.csv").matches("ab.csv")).isFalse();
        assertThat(FnMatch.compile("?.csv").matches("a.csv")).isTrue();
        assertThat(FnMatch.compile("[a-c].txt").matches("b.txt")).isTrue();
        assertThat(FnMatch.compile("[!a-c].txt").matches("b.txt")).isFalse();
        assertThat(FnMatch.compile("[!a-c].txt").matches("d.txt")).isTrue();
        assertThat(FnMatch.compile("\\*.txt").matches("*.txt")).isTrue();
        assertThat(FnMatch.compile("\\*.txt").matches("a.txt")).isFalse();
        assertThat(FnMatch.compile("[.txt").matches("[.txt")).isTrue();
        assertThat(FnMatch.compile("a+(b).txt").matches("a+(b).txt")).isTrue();
    }
}

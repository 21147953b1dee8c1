package io.dataflows.steps.internal.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.spi.ListConstraints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tool_dataflows' apply_list_constraints vectors. */
class ListConstraintsTest {

    private static final List<String> LIST = List.of("test.txt", "test.pdf", "test.csv", "2019-08-03-123451001.csv",
            "2019-08-03-123451002.csv", "2019-08-03-123451003.csv", "output/2019-08-03-123451002-final.csv");

    private static List<ListConstraints.Entry> entries() {
        List<ListConstraints.Entry> out = new ArrayList<>();
        for (String p : LIST) {
            out.add(new ListConstraints.Entry(p, "/base/" + p, false));
        }
        return out;
    }

    private static List<String> apply(String returnValue, String sort, long offset, long limit, String basePath,
            String pattern) {
        return ListConstraints.apply(entries(), returnValue, sort, offset, limit, false, basePath,
                FilePattern.fnmatch(pattern)::matchesPath);
    }

    @Test
    void theListConstraintVectorsOfToolDataflows() {
        List<String> allCsv = List.of("2019-08-03-123451001.csv", "2019-08-03-123451002.csv",
                "2019-08-03-123451003.csv", "output/2019-08-03-123451002-final.csv", "test.csv");
        assertThat(apply("relativepath", "alpha", 0, 0, "", "*.csv")).isEqualTo(allCsv);
        assertThat(apply("relativepath", "alpha_reverse", 0, 1, "", "*.csv")).containsExactly("test.csv");
        assertThat(apply("relativepath", "alpha", 0, 1, "", "*.csv")).containsExactly("2019-08-03-123451001.csv");
        assertThat(apply("relativepath", "alpha", 0, 1, "", "2019-08-03-*.csv"))
                .containsExactly("2019-08-03-123451001.csv");
        assertThat(apply("relativepath", "alpha_reverse", 0, 1, "", "2019-08-03-*.csv"))
                .containsExactly("2019-08-03-123451003.csv");
        assertThat(apply("basename", "alpha", 0, 1, "", "output/*"))
                .containsExactly("2019-08-03-123451002-final.csv");
        assertThat(apply("relativepath", "alpha", 0, 1, "output", "output/*"))
                .containsExactly("2019-08-03-123451002-final.csv");
        assertThat(apply("relativepath", "alpha", 0, 1, "", "output/*"))
                .containsExactly("output/2019-08-03-123451002-final.csv");
    }

    @Test
    void offsetLimitAndOtherReturnValues() {
        assertThat(apply("basename", "alpha", 1, 2, "", "*.csv"))
                .containsExactly("2019-08-03-123451002-final.csv", "2019-08-03-123451002.csv");
        assertThat(apply("basename", "alpha", 10, 0, "", "*")).isEmpty();
        assertThat(apply("absolutepath", "alpha", 0, 0, "", "test.*"))
                .containsExactly("/base/test.csv", "/base/test.pdf", "/base/test.txt");
    }

    @Test
    void naturalSortOrdersNumbersByValueAndUpperCaseFirstAsPhpNatsort() {
        List<ListConstraints.Entry> files = new ArrayList<>();
        for (String name : List.of("img12.png", "img10.png", "IMG2.png", "img1.png")) {
            files.add(new ListConstraints.Entry(name, "/" + name, false));
        }
        // PHP 8.2: natsort(["img12.png", "img10.png", "IMG2.png", "img1.png"]): IMG2.png img1.png img10.png img12.png
        assertThat(ListConstraints.apply(files, "basename", "natural", 0, 0, false, "", null))
                .containsExactly("IMG2.png", "img1.png", "img10.png", "img12.png");
        assertThat(ListConstraints.apply(files, "basename", "alpha", 0, 0, false, "", null))
                .containsExactly("IMG2.png", "img1.png", "img10.png", "img12.png");
    }

    @Test
    void directoriesAreListedOnlyWhenAskedFor() {
        List<ListConstraints.Entry> files = List.of(new ListConstraints.Entry("a.txt", "/a.txt", false),
                new ListConstraints.Entry("sub", "/sub", true));
        assertThat(ListConstraints.apply(files, "basename", "alpha", 0, 0, false, "", null)).containsExactly("a.txt");
        assertThat(ListConstraints.apply(files, "basename", "alpha", 0, 0, true, "", null))
                .containsExactly("a.txt", "sub");
    }

    @Test
    void patternsFollowFnmatchWithBraces() {
        assertThat(FilePattern.fnmatch("*.csv").matches("output/x.csv")).isTrue();
        assertThat(FilePattern.glob("*.csv").matches("output/x.csv")).isFalse();
        assertThat(FilePattern.glob("*/*.csv").matches("output/x.csv")).isTrue();
        assertThat(FilePattern.glob("?").matches("/")).isFalse();
        assertThat(FilePattern.glob("[!a]").matches("/")).isFalse();
        assertThat(FilePattern.glob("out/*").depth()).isEqualTo(2);
        assertThat(FilePattern.glob("?.txt").matches("a.txt")).isTrue();
        assertThat(FilePattern.glob("?.txt").matches("ab.txt")).isFalse();
        assertThat(FilePattern.glob("[a-c].txt").matches("b.txt")).isTrue();
        assertThat(FilePattern.glob("[!a-c].txt").matches("b.txt")).isFalse();
        assertThat(FilePattern.glob("[!a-c].txt").matches("d.txt")).isTrue();
        assertThat(FilePattern.glob("{a,b}.txt").matches("b.txt")).isTrue();
        assertThat(FilePattern.glob("{a,b}.txt").matches("c.txt")).isFalse();
        assertThat(FilePattern.glob("a\\*.txt").matches("a*.txt")).isTrue();
        assertThat(FilePattern.glob("a\\*.txt").matches("ab.txt")).isFalse();
        assertThat(FilePattern.glob("a+(b).txt").matches("a+(b).txt")).isTrue();
    }
}

package io.dataflows.steps.internal.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    private static List<List<String>> rows(String text, char delimiter) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CsvParser p = new CsvParser(new StringReader(text), delimiter)) {
            String[] row;
            while ((row = p.next()) != null) {
                out.add(List.of(row));
            }
        }
        return out;
    }

    @Test
    void splitsRowsAndFieldsWithEveryLineEnding() throws IOException {
        assertThat(rows("a,b\r\nc,d\re,f\ng,h", ','))
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"), List.of("g", "h"));
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        assertThat(rows("id,text\n1,\"a, \"\"b\"\"\nc\"\n2,\"\"\n", ','))
                .containsExactly(List.of("id", "text"), List.of("1", "a, \"b\"\nc"), List.of("2", ""));
    }

    @Test
    void emptyFieldsAndOtherDelimitersAreKept() throws IOException {
        assertThat(rows(";x;;\n", ';')).containsExactly(List.of("", "x", "", ""));
    }

    @Test
    void blankLinesAndAByteOrderMarkAreSkipped() throws IOException {
        assertThat(rows("\uFEFFa,b\n\n\r\n1,2\n\n", ',')).containsExactly(List.of("a", "b"), List.of("1", "2"));
    }

    @Test
    void rowLineIsThePhysicalLineWhereTheRowStarts() throws IOException {
        try (CsvParser p = new CsvParser(new StringReader("h1,h2\n\"multi\nline\",x\n\nlast,row\n"), ',')) {
            p.next();
            assertThat(p.rowLine()).isEqualTo(1);
            p.next();
            assertThat(p.rowLine()).isEqualTo(2);
            p.next();
            assertThat(p.rowLine()).isEqualTo(5);
            assertThat(p.next()).isNull();
        }
    }

    @Test
    void linesLongerThanTheBufferAreReadWhole() throws IOException {
        String longField = "x".repeat(100_000);
        assertThat(rows("a," + longField + "\n\"" + longField + "\",b\n", ','))
                .containsExactly(List.of("a", longField), List.of(longField, "b"));
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        assertThatThrownBy(() -> rows("a,b\n1,\"open\n", ','))
                .isInstanceOf(CsvParser.UnterminatedQuoteException.class)
                .hasMessageContaining("Row #2");
    }

    @Test
    void readsInSmallChunksAsCorrectlyAsInOne() throws IOException {
        String text = "a,\"b\"\"c\"\r\n\"d\r\ne\",f\n";
        Reader oneCharAtATime = new Reader() {
            private final StringReader in = new StringReader(text);

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                return in.read(cbuf, off, Math.min(1, len));
            }

            @Override
            public void close() {}
        };
        List<List<String>> out = new ArrayList<>();
        try (CsvParser p = new CsvParser(oneCharAtATime, ',')) {
            String[] row;
            while ((row = p.next()) != null) {
                out.add(List.of(row));
            }
        }
        assertThat(out).containsExactly(List.of("a", "b\"c"), List.of("d\r\ne", "f"));
    }
}

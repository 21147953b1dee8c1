package io.dataflows.steps.internal.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    /** The rows of {@code text}; the byte parser (the reader's default) and the character parser must agree. */
    private static List<List<String>> rows(String text, char delimiter) throws IOException {
        List<List<String>> chars = all(new CsvParser(new StringReader(text), delimiter));
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (int buffer : new int[] {4, 7, 64 * 1024}) {
            assertThat(all(new Utf8CsvParser(new ByteArrayInputStream(utf8), delimiter, buffer, Long.MAX_VALUE)))
                    .as("byte parser, buffer %d", buffer).isEqualTo(chars);
        }
        return chars;
    }

    private static List<List<String>> all(CsvRows p) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (p) {
            String[] row;
            while ((row = p.next()) != null) {
                out.add(List.of(row));
            }
        }
        return out;
    }

    /** Rows and their start lines, or the error, as text: what a comparison of two parsers compares. */
    private static String trace(CsvRows p) {
        StringBuilder sb = new StringBuilder();
        try (p) {
            String[] row;
            while ((row = p.next()) != null) {
                sb.append(p.rowLine()).append(':').append(List.of(row)).append('\n');
            }
        } catch (IOException e) {
            sb.append(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        }
        return sb.toString();
    }

    @Test
    void theByteParserReadsWhatTheCharacterParserReads() {
        // Random texts of delimiters, quotes, line ends, ASCII, multi-byte characters, a byte order mark and
        // malformed UTF-8, parsed from bytes (with tiny and normal buffers) and from the decoded characters.
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        byte[][] pieces = {
            {','}, {';'}, {'"'}, {'"', '"'}, {'\n'}, {'\r'}, {'\r', '\n'}, {'a'}, {'b', 'c'}, {' '},
            "é".getBytes(StandardCharsets.UTF_8), "€".getBytes(StandardCharsets.UTF_8),
            "😀".getBytes(StandardCharsets.UTF_8), {(byte) 0xE2}, {(byte) 0xF0, (byte) 0x9F}, {(byte) 0xFF},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}
        };
        for (int round = 0; round < 3000; round++) {
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                byte[] piece = pieces[random.nextInt(pieces.length)];
                text.write(piece, 0, piece.length);
            }
            byte[] bytes = text.toByteArray();
            char delimiter = random.nextBoolean() ? ',' : ';';
            String expected = trace(CsvParser.decoding(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8,
                    delimiter, Long.MAX_VALUE));
            for (int buffer : new int[] {4, 5, 64 * 1024}) {
                assertThat(trace(new Utf8CsvParser(new ByteArrayInputStream(bytes), delimiter, buffer, Long.MAX_VALUE)))
                        .as("round %d, buffer %d, bytes %s", round, buffer, java.util.Arrays.toString(bytes))
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void theByteParserTakesAsciiDelimitersOnly() {
        assertThat(Utf8CsvParser.supports(',')).isTrue();
        assertThat(Utf8CsvParser.supports('\t')).isTrue();
        assertThat(Utf8CsvParser.supports('§')).isFalse();
        assertThat(Utf8CsvParser.supports('"')).isFalse();
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

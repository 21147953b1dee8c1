package io.dataflows.steps.internal.reader;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * Splits CSV text into rows of fields (RFC 4180): fields separated by one delimiter character, rows ended by
 * {@code \n}, {@code \r\n} or {@code \r}, fields optionally enclosed in double quotes, inside which the delimiter and
 * line breaks are literal and {@code ""} stands for one quote. No line length limit. Blank lines are skipped. A quote
 * inside an unquoted field is kept as text, as are characters after a closing quote.
 *
 * <p>{@link #rowLine()} is the physical line number (1-based) where the last row started, for messages. Text that
 * is not valid in its character set is an error naming its line ({@link #decoding}); so is a row longer than the
 * limit. Not thread-safe; one parser per file.
 */
final class CsvParser implements CsvRows {

    /**
     * What the decoder of {@link #decoding} puts where the text is malformed: a lone low surrogate, which no decoder
     * produces from valid text (a low surrogate there always follows a high one).
     */
    private static final char MALFORMED = '\uDFFF';

    /** The file ended inside a quoted field. */
    static final class UnterminatedQuoteException extends CsvFormatException {
        private static final long serialVersionUID = 1L;

        UnterminatedQuoteException(String message) {
            super(message);
        }
    }

    private static final int EOF = -1;

    private final Reader in;
    private final char delimiter;
    private final long maxRowSize;
    private final String charset;
    private final char[] buf = new char[32 * 1024];
    private int pos;
    private int len;
    private int line = 1;
    /** The line where the field being read started. */
    private int fieldLine;
    /** Characters of the buffers before the current one. */
    private long consumed;
    /** Where the row being read started (a character offset), or -1 between rows. */
    private long rowStart = -1;
    private boolean started;
    private int rowLine;
    private String[] fields = new String[16];
    /** The array {@link #next} returns, reused while rows keep their width (the record copies it anyway). */
    private String[] row = new String[0];
    private int count;
    private final StringBuilder field = new StringBuilder();

    /** A parser of text that is already characters (a configured header line), without a row limit. */
    CsvParser(Reader in, char delimiter) {
        this(in, delimiter, Long.MAX_VALUE, "text");
    }

    private CsvParser(Reader in, char delimiter, long maxRowSize, String charset) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxRowSize = maxRowSize;
        this.charset = charset;
    }

    /**
     * A parser of the bytes {@code in} in {@code charset}, where malformed text is an error.
     *
     * @param maxRowSize the most characters a row may take
     */
    static CsvParser decoding(InputStream in, Charset charset, char delimiter, long maxRowSize) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(MALFORMED));
        return new CsvParser(new InputStreamReader(in, decoder), delimiter, maxRowSize, charset.name());
    }

    /** The physical line number where the row last returned by {@link #next} started. */
    @Override
    public int rowLine() {
        return rowLine;
    }

    /**
     * The next row's fields (an array the next call reuses: copy what you keep), or null at the end of the text.
     *
     * @throws UnterminatedQuoteException when the text ends inside a quoted field
     */
    @Override
    public String[] next() throws IOException {
        rowStart = -1;
        if (!skipBlankLines()) {
            return null;
        }
        rowLine = line;
        rowStart = consumed + pos;
        count = 0;
        while (true) {
            int end = readField();
            if (end != delimiter) {
                break;
            }
        }
        if (row.length != count) {
            row = new String[count];
        }
        System.arraycopy(fields, 0, row, 0, count);
        return row;
    }

    /** Skips empty lines; returns false at the end of the text. */
    private boolean skipBlankLines() throws IOException {
        while (true) {
            if (pos >= len && !fill()) {
                return false;
            }
            char c = buf[pos];
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos++;
                if (peek() == '\n') {
                    pos++;
                }
                line++;
            } else {
                return true;
            }
        }
    }

    /**
     * Reads one field and the character that ended it: the delimiter, or {@link #EOF} / a line end (both reported as
     * EOF, meaning the row is complete).
     */
    private int readField() throws IOException {
        fieldLine = line;
        if (pos >= len && !fill()) {
            add("");
            return EOF;
        }
        if (buf[pos] == '"') {
            pos++;
            return readQuoted();
        }
        // Fast path: the whole field lies in the buffer.
        int start = pos;
        for (int i = pos; i < len; i++) {
            char c = buf[i];
            if (c == delimiter || c == '\n' || c == '\r') {
                add(new String(buf, start, i - start));
                pos = i;
                return endOfField();
            }
        }
        field.setLength(0);
        field.append(buf, start, len - start);
        pos = len;
        return readRest();
    }

    /** Continues an unquoted field that crossed a buffer boundary, or text after a closing quote. */
    private int readRest() throws IOException {
        while (true) {
            if (pos >= len && !fill()) {
                add(field.toString());
                return EOF;
            }
            char c = buf[pos];
            if (c == delimiter || c == '\n' || c == '\r') {
                add(field.toString());
                return endOfField();
            }
            field.append(c);
            pos++;
        }
    }

    private int readQuoted() throws IOException {
        field.setLength(0);
        int startLine = line;
        while (true) {
            if (pos >= len && !fill()) {
                throw new UnterminatedQuoteException("Row #" + rowLine + ": the quoted field starting on line "
                        + startLine + " is not closed before the end of the file");
            }
            char c = buf[pos++];
            if (c == '"') {
                if (peek() == '"') {
                    pos++;
                    field.append('"');
                    continue;
                }
                return readRest();
            }
            if (c == '\n') {
                line++;
            } else if (c == '\r' && peek() != '\n') {
                line++;
            }
            field.append(c);
        }
    }

    /** Consumes the delimiter or line end at {@code pos}; returns the delimiter, or EOF for a line end. */
    private int endOfField() throws IOException {
        char c = buf[pos++];
        if (c == delimiter) {
            return delimiter;
        }
        if (c == '\r' && peek() == '\n') {
            pos++;
        }
        line++;
        return EOF;
    }

    private int peek() throws IOException {
        if (pos >= len && !fill()) {
            return EOF;
        }
        return buf[pos];
    }

    private boolean fill() throws IOException {
        consumed += len;
        if (rowStart >= 0 && consumed - rowStart > maxRowSize) {
            throw CsvFormatException.rowTooLong(rowLine, maxRowSize, "characters");
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            pos = 0;
            len = 0;
            return false;
        }
        pos = 0;
        len = n;
        if (!started) {
            started = true;
            if (buf[0] == '\uFEFF') { // a UTF-8 byte order mark is not part of the first header
                pos = 1;
                return pos < len || fill();
            }
        }
        return true;
    }

    /**
     * Adds a field, failing when it holds the decoder's mark of malformed text — a constant-time test for text of
     * Latin-1 characters, which cannot hold it. The line named is that of the mark: line breaks inside a quoted field
     * count.
     */
    private void add(String value) throws CsvFormatException {
        int bad = value.indexOf(MALFORMED);
        while (bad > 0 && Character.isHighSurrogate(value.charAt(bad - 1))) {
            bad = value.indexOf(MALFORMED, bad + 1); // the second half of a valid pair
        }
        if (bad >= 0) {
            int at = fieldLine;
            for (int i = 0; i < bad; i++) {
                char c = value.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= value.length() || value.charAt(i + 1) != '\n'))) {
                    at++;
                }
            }
            throw CsvFormatException.malformed(at, charset);
        }
        if (count == fields.length) {
            fields = Arrays.copyOf(fields, count * 2);
        }
        fields[count++] = value;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package io.dataflows.steps.internal.reader;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits CSV text into rows of fields (RFC 4180): fields separated by one delimiter character, rows ended by
 * {@code \n}, {@code \r\n} or {@code \r}, fields optionally enclosed in double quotes, inside which the delimiter and
 * line breaks are literal and {@code ""} stands for one quote. No line length limit. Blank lines are skipped. A quote
 * inside an unquoted field is kept as text, as are characters after a closing quote.
 *
 * <p>{@link #rowLine()} is the physical line number (1-based) where the last row started, for messages. Not
 * thread-safe; one parser per file.
 */
final class CsvParser implements CsvRows {

    /** The file ended inside a quoted field. */
    static final class UnterminatedQuoteException extends IOException {
        private static final long serialVersionUID = 1L;

        UnterminatedQuoteException(String message) {
            super(message);
        }
    }

    private static final int EOF = -1;

    private final Reader in;
    private final char delimiter;
    private final char[] buf = new char[32 * 1024];
    private int pos;
    private int len;
    private int line = 1;
    private boolean started;
    private int rowLine;
    private String[] fields = new String[16];
    private int count;
    private final StringBuilder field = new StringBuilder();

    CsvParser(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The physical line number where the row last returned by {@link #next} started. */
    @Override
    public int rowLine() {
        return rowLine;
    }

    /**
     * The next row's fields (a new array the caller may keep), or null at the end of the text.
     *
     * @throws UnterminatedQuoteException when the text ends inside a quoted field
     */
    @Override
    public String[] next() throws IOException {
        if (!skipBlankLines()) {
            return null;
        }
        rowLine = line;
        count = 0;
        while (true) {
            int end = readField();
            if (end != delimiter) {
                break;
            }
        }
        return Arrays.copyOf(fields, count);
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

    private void add(String value) {
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

package io.dataflows.steps.internal.reader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link CsvParser}'s rules over the bytes of a UTF-8 text, for delimiters below U+0080: the delimiter, quotes and
 * line ends are single bytes that never occur inside a multi-byte character, so fields are found in the bytes and
 * each is decoded once ({@code new String(bytes, UTF_8)}: a copy for ASCII) — no character buffer in between.
 *
 * <p>Malformed UTF-8 is an error naming its line. The JDK decodes it to U+FFFD, so only a field whose text holds
 * U+FFFD has its bytes checked — a constant-time test for text of Latin-1 characters, which cannot hold it. A row
 * longer than the limit is an error, checked each time the buffer is refilled, so a hostile file costs at most the
 * limit plus one buffer of memory. Not thread-safe; one parser per file.
 */
final class Utf8CsvParser implements CsvRows {

    private static final int EOF = -1;

    /** What the JDK decodes malformed UTF-8 to. */
    private static final char REPLACEMENT = '\uFFFD';

    private final InputStream in;
    private final long maxRowSize;
    private final byte delimiter;
    private final byte[] buf;
    private int pos;
    private int len;
    private int line = 1;
    /** The line where the field being read started. */
    private int fieldLine;
    /** Bytes of the buffers before the current one. */
    private long consumed;
    /** Where the row being read started (a byte offset), or -1 between rows. */
    private long rowStart = -1;
    private boolean started;
    private int rowLine;
    private String[] fields = new String[16];
    /** The array {@link #next} returns, reused while rows keep their width (the record copies it anyway). */
    private String[] row = new String[0];
    private int count;
    /** A field that is quoted or crosses the end of the buffer, as bytes. */
    private byte[] field = new byte[256];
    private int fieldLength;

    Utf8CsvParser(InputStream in, char delimiter, long maxRowSize) {
        this(in, delimiter, 16 * 1024, maxRowSize);
    }

    /**
     * @param bufferSize the bytes read at a time
     * @param maxRowSize the most bytes a row may take
     */
    Utf8CsvParser(InputStream in, char delimiter, int bufferSize, long maxRowSize) {
        this(in, delimiter, bufferSize, maxRowSize, 1, true);
    }

    /**
     * A parser for a part of a text that starts at the start of a row: its lines are numbered from
     * {@code firstLine}, and a byte order mark is looked for only when {@code atTextStart}.
     *
     * @param firstLine the line number of the first line of {@code in}
     * @param atTextStart whether {@code in} starts at the start of the text
     */
    Utf8CsvParser(InputStream in, char delimiter, long maxRowSize, int firstLine, boolean atTextStart) {
        this(in, delimiter, 16 * 1024, maxRowSize, firstLine, atTextStart);
    }

    private Utf8CsvParser(InputStream in, char delimiter, int bufferSize, long maxRowSize, int firstLine,
            boolean atTextStart) {
        if (delimiter >= 0x80 || delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("not a delimiter for the byte parser: " + delimiter);
        }
        this.in = in;
        this.maxRowSize = maxRowSize;
        this.delimiter = (byte) delimiter;
        this.buf = new byte[Math.max(bufferSize, 4)];
        this.line = firstLine;
        this.started = !atTextStart;
    }

    /** True when {@code delimiter} can be found in UTF-8 bytes directly. */
    static boolean supports(char delimiter) {
        return delimiter < 0x80 && delimiter != '"' && delimiter != '\n' && delimiter != '\r';
    }

    @Override
    public int rowLine() {
        return rowLine;
    }

    @Override
    public String[] next() throws IOException {
        rowStart = -1;
        if (!skipBlankLines()) {
            return null;
        }
        rowLine = line;
        rowStart = consumed + pos;
        count = 0;
        while (readField() == delimiter) {
            // next field
        }
        if (row.length != count) {
            row = new String[count];
        }
        System.arraycopy(fields, 0, row, 0, count);
        return row;
    }

    private boolean skipBlankLines() throws IOException {
        while (true) {
            if (pos >= len && !fill()) {
                return false;
            }
            byte c = buf[pos];
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

    /** Reads one field; returns the delimiter, or EOF for the end of the row (a line end or the end of the text). */
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
        byte[] b = buf;
        byte d = delimiter;
        int start = pos;
        for (int i = start, n = len; i < n; i++) {
            byte c = b[i];
            if (c == d || c == '\n' || c == '\r') {
                String text = new String(b, start, i - start, StandardCharsets.UTF_8);
                if (text.indexOf(REPLACEMENT) >= 0) {
                    checkWellFormed(b, start, i);
                }
                add(text);
                pos = i;
                return endOfField();
            }
        }
        fieldLength = 0;
        append(b, start, len - start);
        pos = len;
        return readRest();
    }

    /** Continues an unquoted field that crossed the end of the buffer, or text after a closing quote. */
    private int readRest() throws IOException {
        while (true) {
            if (pos >= len && !fill()) {
                add(fieldText());
                return EOF;
            }
            byte c = buf[pos];
            if (c == delimiter || c == '\n' || c == '\r') {
                add(fieldText());
                return endOfField();
            }
            append(c);
            pos++;
        }
    }

    private int readQuoted() throws IOException {
        fieldLength = 0;
        int startLine = line;
        while (true) {
            if (pos >= len && !fill()) {
                throw new CsvParser.UnterminatedQuoteException("Row #" + rowLine + ": the quoted field starting on"
                        + " line " + startLine + " is not closed before the end of the file");
            }
            byte c = buf[pos++];
            if (c == '"') {
                if (peek() == '"') {
                    pos++;
                    append((byte) '"');
                    continue;
                }
                return readRest();
            }
            if (c == '\n') {
                line++;
            } else if (c == '\r' && peek() != '\n') {
                line++;
            }
            append(c);
        }
    }

    private int endOfField() throws IOException {
        byte c = buf[pos++];
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
        return buf[pos] & 0xFF;
    }

    private boolean fill() throws IOException {
        consumed += len;
        if (rowStart >= 0 && consumed - rowStart > maxRowSize) {
            throw CsvFormatException.rowTooLong(rowLine, maxRowSize, "bytes");
        }
        int n = in.read(buf, 0, buf.length);
        while (n == 0) {
            n = in.read(buf, 0, buf.length);
        }
        if (n < 0) {
            pos = 0;
            len = 0;
            return false;
        }
        pos = 0;
        len = n;
        if (!started) {
            return skipByteOrderMark();
        }
        return true;
    }

    /** A UTF-8 byte order mark (EF BB BF) at the start of the text is not part of the first header. */
    private boolean skipByteOrderMark() throws IOException {
        // The mark may arrive split over reads: gather up to three bytes first.
        while (len < 3) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                break;
            }
            len += n;
        }
        started = true;
        if (len >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
            pos = 3;
            return pos < len || fill();
        }
        return true;
    }

    private void append(byte c) {
        if (fieldLength == field.length) {
            field = Arrays.copyOf(field, fieldLength * 2);
        }
        field[fieldLength++] = c;
    }

    private void append(byte[] b, int from, int n) {
        if (fieldLength + n > field.length) {
            field = Arrays.copyOf(field, Math.max(field.length * 2, fieldLength + n));
        }
        System.arraycopy(b, from, field, fieldLength, n);
        fieldLength += n;
    }

    private String fieldText() throws CsvFormatException {
        String text = new String(field, 0, fieldLength, StandardCharsets.UTF_8);
        if (text.indexOf(REPLACEMENT) >= 0) {
            checkWellFormed(field, 0, fieldLength);
        }
        return text;
    }

    /**
     * Fails when the bytes of the field that started on {@link #fieldLine} are malformed (its U+FFFD was not
     * written as such), naming the line of the first malformed byte: line breaks inside a quoted field count.
     */
    private void checkWellFormed(byte[] b, int from, int to) throws CsvFormatException {
        int bad = Utf8Validation.firstMalformed(b, from, to);
        if (bad < 0) {
            return;
        }
        int at = fieldLine;
        for (int i = from; i < bad; i++) {
            if (b[i] == '\n' || (b[i] == '\r' && (i + 1 >= to || b[i + 1] != '\n'))) {
                at++;
            }
        }
        throw CsvFormatException.malformed(at, "UTF-8");
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

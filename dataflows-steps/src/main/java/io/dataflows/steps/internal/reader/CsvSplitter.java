package io.dataflows.steps.internal.reader;

import io.dataflows.spi.ReadSplit;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a UTF-8 CSV text can be cut into parts that {@link Utf8CsvParser} reads on their own: at the start of
 * a row, never inside a quoted field (which may span lines), never between the CR and LF of one line end. It follows
 * the parser's rules without building fields — a quote opens a quoted field only at the start of a field, two
 * quotes inside one are a quote, CR, LF and CRLF end a line — and counts lines as the parser does, so that each part
 * knows the number of its first line. The header row (the first row that is not blank), when the text has one, is in
 * no part. One pass over the bytes; memory is one buffer.
 */
final class CsvSplitter {

    private static final int START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int AFTER_QUOTE = 3;

    private CsvSplitter() {}

    /**
     * The parts of the text {@code in} of {@code size} bytes, about {@code targetBytes} each, or
     * {@code List.of(ReadSplit.WHOLE)} when there would be fewer than two.
     *
     * @param headerInFile whether the first row that is not blank is a header, in no part
     */
    static List<ReadSplit> split(InputStream in, byte delimiter, boolean headerInFile, long size, long targetBytes)
            throws IOException {
        if (size <= targetBytes) {
            return List.of(ReadSplit.WHOLE);
        }
        List<ReadSplit> parts = new ArrayList<>();
        byte[] buf = new byte[64 * 1024];
        long offset = 0;
        long line = 1;
        int state = START;
        boolean atRowStart = true;
        boolean rowHasBytes = false;
        boolean headerPending = headerInFile;
        byte prev = 0;
        long partStart = -1;
        long partLine = 1;
        long nextCut = 0;
        boolean first = true;
        int n;
        while ((n = in.read(buf)) >= 0) {
            int i = 0;
            if (first && n > 0) {
                first = false;
                // The parser drops a byte order mark at the start of the text; it is part of no field.
                while (n < 3) {
                    int more = in.read(buf, n, buf.length - n);
                    if (more < 0) {
                        break;
                    }
                    n += more;
                }
                if (n >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
                    i = 3;
                }
            }
            for (; i < n; i++) {
                byte b = buf[i];
                if (atRowStart) {
                    if (prev == '\r' && b == '\n') {
                        prev = b; // the LF of a CRLF: the line end, already counted
                        continue;
                    }
                    long at = offset + i;
                    if (partStart < 0) {
                        if (!headerPending) {
                            partStart = at;
                            partLine = line;
                            nextCut = at + targetBytes;
                        }
                    } else if (at >= nextCut) {
                        parts.add(new ReadSplit(partStart, at, partLine));
                        partStart = at;
                        partLine = line;
                        nextCut = at + targetBytes;
                    }
                    atRowStart = false;
                    rowHasBytes = false;
                    state = START;
                }
                switch (state) {
                    case START, UNQUOTED, AFTER_QUOTE -> {
                        if (b == '\n' || b == '\r') {
                            line++;
                            atRowStart = true;
                            if (rowHasBytes) {
                                headerPending = false;
                            }
                        } else if (b == delimiter) {
                            rowHasBytes = true;
                            state = START;
                        } else if (b == '"' && state == START) {
                            rowHasBytes = true;
                            state = QUOTED;
                        } else if (b == '"' && state == AFTER_QUOTE) {
                            state = QUOTED; // two quotes: a quote inside the field
                        } else {
                            rowHasBytes = true;
                            state = UNQUOTED;
                        }
                    }
                    default -> { // QUOTED
                        if (b == '"') {
                            state = AFTER_QUOTE;
                        } else if (b == '\r' || (b == '\n' && prev != '\r')) {
                            line++;
                        }
                    }
                }
                prev = b;
            }
            offset += n;
        }
        if (partStart < 0 || parts.isEmpty()) {
            return List.of(ReadSplit.WHOLE);
        }
        parts.add(new ReadSplit(partStart, Math.max(partStart, offset), partLine));
        return parts;
    }
}

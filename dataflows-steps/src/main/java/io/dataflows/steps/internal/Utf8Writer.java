package io.dataflows.steps.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * A buffered {@link Writer} that encodes UTF-8 straight into its byte buffer. Unlike
 * {@code BufferedWriter(OutputStreamWriter)} it takes no lock per call and has no intermediate char buffer, which
 * matters for encoders that write a record as many small pieces. Unpaired surrogates are written as {@code ?}, as
 * the JDK's encoder does. Not thread-safe; one writer per output.
 */
public final class Utf8Writer extends Writer {

    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    private char pendingHigh;

    /** A writer to {@code out} with a byte buffer of {@code bufferSize}. */
    public Utf8Writer(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[Math.max(bufferSize, 16)];
    }

    @Override
    public void write(int c) throws IOException {
        if (c < 0x80 && pendingHigh == 0) {
            if (pos == buf.length) {
                flushBuffer();
            }
            buf[pos++] = (byte) c;
        } else {
            encode((char) c);
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && pendingHigh == 0) {
                if (pos == buf.length) {
                    flushBuffer();
                }
                buf[pos++] = (byte) c;
            } else {
                encode(c);
            }
        }
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = chars[i];
            if (c < 0x80 && pendingHigh == 0) {
                if (pos == buf.length) {
                    flushBuffer();
                }
                buf[pos++] = (byte) c;
            } else {
                encode(c);
            }
        }
    }

    @Override
    public Writer append(CharSequence csq) throws IOException {
        if (csq instanceof String) {
            String s = (String) csq;
            write(s, 0, s.length());
        } else {
            CharSequence text = csq == null ? "null" : csq;
            for (int i = 0; i < text.length(); i++) {
                write(text.charAt(i));
            }
        }
        return this;
    }

    @Override
    public Writer append(CharSequence csq, int start, int end) throws IOException {
        if (csq instanceof String) {
            write((String) csq, start, end - start);
        } else {
            CharSequence text = csq == null ? "null" : csq;
            for (int i = start; i < end; i++) {
                write(text.charAt(i));
            }
        }
        return this;
    }

    @Override
    public Writer append(char c) throws IOException {
        write(c);
        return this;
    }

    private void encode(char c) throws IOException {
        if (pos + 4 > buf.length) {
            flushBuffer();
        }
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(high, c);
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
                return;
            }
            buf[pos++] = '?';
            write(c);
            return;
        }
        if (c < 0x80) {
            buf[pos++] = (byte) c;
        } else if (c < 0x800) {
            buf[pos++] = (byte) (0xC0 | (c >> 6));
            buf[pos++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            buf[pos++] = '?';
        } else {
            buf[pos++] = (byte) (0xE0 | (c >> 12));
            buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[pos++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void flushBuffer() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    /** Writes the buffer (and a dangling high surrogate as {@code ?}) to the stream and flushes it. */
    @Override
    public void flush() throws IOException {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            write('?');
        }
        flushBuffer();
        out.flush();
    }

    /**
     * A view of this writer that takes bytes that are already UTF-8 (from an encoder that makes them itself) into the
     * same buffer, so that they stay in order with what is written as characters. Flushing or closing the view does
     * neither to this writer.
     */
    public OutputStream bytes() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                if (pos == buf.length) {
                    flushBuffer();
                }
                buf[pos++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (pos == buf.length) {
                        flushBuffer();
                    }
                    int n = Math.min(len, buf.length - pos);
                    System.arraycopy(b, off, buf, pos, n);
                    pos += n;
                    off += n;
                    len -= n;
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}

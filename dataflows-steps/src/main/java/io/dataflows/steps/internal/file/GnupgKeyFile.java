package io.dataflows.steps.internal.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A key file of gpg-agent ({@code private-keys-v1.d/<keygrip>.key}), read into the canonical S-expression that
 * Bouncy Castle's key parser reads without surprises.
 * <p>
 * gpg-agent writes two formats, and may rewrite a key from one to the other when it uses it:
 * <ul>
 *   <li>the classic one: the file is one S-expression in canonical form ({@code (21:protected-private-key(3:rsa
 *       ...}), starting with {@code (};</li>
 *   <li>the extended one (the default of GnuPG 2.3 and later, and of some 2.2 builds): mail-header-like
 *       {@code Name: value} items, one of them {@code Key:}, whose value is the S-expression in libgcrypt's
 *       "advanced" text form and may continue on following lines that start with white space.</li>
 * </ul>
 * The advanced form writes each byte string the shortest readable way: a token ({@code rsa}), {@code #hex#}, or a
 * {@code "quoted string"} when all its bytes are printable. Which one a random value (a salt, an IV) gets therefore
 * changes from key to key, and Bouncy Castle reads a quoted string where it expects bytes as a string, and fails.
 * This reader turns every form into plain byte strings, so the same key reads the same way whatever form it was
 * written in.
 * <p>
 * A key file is small (an RSA key of 16384 bits is about 20 kB), so the file's size and the nesting of the
 * expression are bounded; a file beyond them, or not in either format, is an {@link IOException} saying why.
 */
final class GnupgKeyFile {

    /** The largest key file read. */
    static final int MAX_SIZE = 256 * 1024;
    /** How deep the S-expression of a key file may nest. */
    static final int MAX_DEPTH = 10;

    private static final String TOKEN_CHARS = "-./_:*+=";

    private final byte[] in;
    private int pos;

    private GnupgKeyFile(byte[] in) {
        this.in = in;
    }

    /**
     * The key expression of {@code file} in canonical form.
     *
     * @throws Unreadable naming the file when it cannot be read or is not a key file of either format
     */
    static byte[] canonical(Path file) throws Unreadable {
        byte[] content;
        try (InputStream stream = Files.newInputStream(file)) {
            content = stream.readNBytes(MAX_SIZE + 1);
        } catch (IOException e) {
            throw new Unreadable("the key file \"" + file + "\" cannot be read: " + e.getMessage(), e);
        }
        if (content.length > MAX_SIZE) {
            throw new Unreadable("the key file \"" + file + "\" is larger than " + MAX_SIZE + " bytes", null);
        }
        try {
            return canonical(content);
        } catch (IOException e) {
            throw new Unreadable("the key file \"" + file + "\" is not a GnuPG key file: " + e.getMessage(), e);
        }
    }

    /** A key file that cannot be read, with a message naming it. */
    static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The key expression of a key file's content in canonical form. */
    static byte[] canonical(byte[] content) throws IOException {
        if (content.length == 0) {
            throw new IOException("it is empty");
        }
        byte[] expression = content[0] == '(' ? content : keyItem(content);
        GnupgKeyFile reader = new GnupgKeyFile(expression);
        reader.skipSpace();
        if (reader.peek() != '(') {
            throw new IOException("the key is not an S-expression");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(expression.length);
        reader.list(out, 1);
        reader.skipSpace();
        if (reader.pos < expression.length) {
            throw new IOException("unexpected data after the key's S-expression");
        }
        return out.toByteArray();
    }

    /**
     * The value of the {@code Key:} item of the extended format, its continuation lines joined as gpg-agent joins
     * them: one leading blank of a continuation line is dropped (so more than one encodes a blank), trailing white
     * space is dropped, and a blank continuation line is a line break after which leading white space is dropped.
     */
    private static byte[] keyItem(byte[] content) throws IOException {
        List<byte[]> lines = lines(content);
        ByteArrayOutputStream key = null;
        boolean inKey = false;
        boolean swallow = false;
        boolean inItem = false;
        for (byte[] line : lines) {
            int first = 0;
            while (first < line.length && isSpace(line[first])) {
                first++;
            }
            if (inItem && (first > 0 || first == line.length)) { // a continuation line
                if (inKey) {
                    swallow = append(key, line, 0, swallow);
                }
                continue;
            }
            inKey = false;
            inItem = false;
            if (first == line.length || line[first] == '#') {
                continue; // a blank line or a comment
            }
            int colon = indexOf(line, (byte) ':', first);
            if (colon < 0 || !validName(line, first, colon)) {
                throw new IOException("a line is neither \"Name: value\" nor a continuation line");
            }
            inItem = true;
            if (new String(line, first, colon - first, StandardCharsets.US_ASCII).equalsIgnoreCase("Key")) {
                if (key != null) {
                    throw new IOException("it has more than one Key: item");
                }
                key = new ByteArrayOutputStream(content.length);
                inKey = true;
                swallow = append(key, line, colon + 1, false);
            }
        }
        if (key == null) {
            throw new IOException("it has no Key: item");
        }
        return key.toByteArray();
    }

    /** Appends one line of a value from {@code start}; returns whether the next line's leading blanks go. */
    private static boolean append(ByteArrayOutputStream value, byte[] line, int start, boolean swallow) {
        int from = start;
        if (swallow) {
            while (from < line.length && isSpace(line[from])) {
                from++;
            }
        } else if (from < line.length && isSpace(line[from])) {
            from++;
        }
        int to = line.length;
        while (to > from && isSpace(line[to - 1])) {
            to--;
        }
        if (to == from) {
            value.write('\n');
            return true;
        }
        value.write(line, from, to - from);
        return false;
    }

    private static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                if (i > start || i < content.length) {
                    byte[] line = new byte[i - start];
                    System.arraycopy(content, start, line, 0, line.length);
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** A name starts with a letter and holds letters, digits and hyphens. */
    private static boolean validName(byte[] line, int from, int to) {
        if (to == from || !isLetter(line[from])) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            if (!isLetter(line[i]) && !isDigit(line[i]) && line[i] != '-') {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] line, byte b, int from) {
        for (int i = from; i < line.length; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    // The S-expression, in libgcrypt's syntax: lists, and byte strings as tokens, N:raw bytes, #hex#, "quoted"
    // and |base64|.

    /** Reads the list at {@code pos} (at its "(") and writes it in canonical form. */
    private void list(ByteArrayOutputStream out, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("the key's S-expression nests deeper than " + MAX_DEPTH + " levels");
        }
        pos++; // (
        out.write('(');
        for (;;) {
            skipSpace();
            int c = peek();
            if (c < 0) {
                throw new IOException("the key's S-expression ends before its closing parenthesis");
            }
            if (c == ')') {
                pos++;
                out.write(')');
                return;
            }
            if (c == '(') {
                list(out, depth + 1);
            } else {
                byte[] value = string();
                out.writeBytes(Integer.toString(value.length).getBytes(StandardCharsets.US_ASCII));
                out.write(':');
                out.writeBytes(value);
            }
        }
    }

    /** Reads the byte string at {@code pos}. */
    private byte[] string() throws IOException {
        int c = peek();
        if (isDigit((byte) c)) {
            int length = 0;
            while (isDigit((byte) peek())) {
                length = length * 10 + (in[pos++] - '0');
                if (length > in.length) {
                    throw new IOException("a length in the key's S-expression is larger than the file");
                }
            }
            if (peek() != ':') {
                throw new IOException("a length in the key's S-expression is not followed by ':'");
            }
            pos++;
            if (length > in.length - pos) {
                throw new IOException("a length in the key's S-expression is larger than the file");
            }
            byte[] raw = new byte[length];
            System.arraycopy(in, pos, raw, 0, length);
            pos += length;
            return raw;
        }
        if (c == '#') {
            return hex();
        }
        if (c == '"') {
            return quoted();
        }
        if (c == '|') {
            return base64();
        }
        if (isLetter((byte) c) || TOKEN_CHARS.indexOf(c) >= 0) {
            int start = pos;
            while (pos < in.length && (isLetter(in[pos]) || isDigit(in[pos]) || TOKEN_CHARS.indexOf(in[pos]) >= 0)) {
                pos++;
            }
            byte[] token = new byte[pos - start];
            System.arraycopy(in, start, token, 0, token.length);
            return token;
        }
        throw new IOException("unexpected character " + describe(c) + " in the key's S-expression");
    }

    private byte[] hex() throws IOException {
        pos++; // #
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int high = -1;
        for (;;) {
            int c = next("hex string");
            if (c == '#') {
                break;
            }
            if (isSpace((byte) c)) {
                continue;
            }
            int digit = Character.digit(c, 16);
            if (digit < 0) {
                throw new IOException("unexpected character " + describe(c) + " in a hex string of the key");
            }
            if (high < 0) {
                high = digit;
            } else {
                out.write(high << 4 | digit);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IOException("a hex string of the key has an odd number of digits");
        }
        return out.toByteArray();
    }

    private byte[] quoted() throws IOException {
        pos++; // "
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (;;) {
            int c = next("quoted string");
            if (c == '"') {
                return out.toByteArray();
            }
            if (c != '\\') {
                out.write(c);
                continue;
            }
            c = next("quoted string");
            switch (c) {
                case 'b' -> out.write('\b');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case 'n' -> out.write('\n');
                case 'f' -> out.write('\f');
                case 'r' -> out.write('\r');
                case '"', '\'', '\\' -> out.write(c);
                case 'x' -> out.write(digits(16, 2));
                case '\r', '\n' -> { // a line continuation: the line break and its other half go
                    int other = c == '\r' ? '\n' : '\r';
                    if (peek() == other) {
                        pos++;
                    }
                }
                default -> {
                    if (c < '0' || c > '7') {
                        throw new IOException("unknown escape \\" + (char) c + " in a quoted string of the key");
                    }
                    pos--;
                    int value = digits(8, 3);
                    if (value > 0xff) {
                        throw new IOException("an octal escape in a quoted string of the key is above \\377");
                    }
                    out.write(value);
                }
            }
        }
    }

    private int digits(int radix, int count) throws IOException {
        int value = 0;
        for (int i = 0; i < count; i++) {
            int digit = Character.digit(next("quoted string"), radix);
            if (digit < 0) {
                throw new IOException("a bad escape in a quoted string of the key");
            }
            value = value * radix + digit;
        }
        return value;
    }

    private byte[] base64() throws IOException {
        pos++; // |
        int start = pos;
        while (next("base64 string") != '|') {
            // up to the closing bar
        }
        String text = new String(in, start, pos - 1 - start, StandardCharsets.ISO_8859_1).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("a base64 string of the key is not base64");
        }
    }

    private int next(String what) throws IOException {
        if (pos >= in.length) {
            throw new IOException("a " + what + " of the key is not closed");
        }
        return in[pos++] & 0xff;
    }

    private int peek() {
        return pos < in.length ? in[pos] & 0xff : -1;
    }

    private void skipSpace() {
        while (pos < in.length && isSpace(in[pos])) {
            pos++;
        }
    }

    private static String describe(int c) {
        return c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02X", c);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0b;
    }

    private static boolean isLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}

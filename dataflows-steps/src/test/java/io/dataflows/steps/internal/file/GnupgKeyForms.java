package io.dataflows.steps.internal.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a gpg-agent key file in each form gpg-agent may give it, from the canonical S-expression: the classic
 * file (the canonical form itself) and the extended format ({@code Name: value} items) with the key's byte strings
 * as hex or as quoted strings, the text form gpg-agent picks for a byte string whose bytes are all printable.
 * Which one a random salt gets is chance, so the tests write every form on purpose.
 */
final class GnupgKeyForms {

    /** The forms of a key file. */
    enum Form {
        /** The canonical S-expression alone (GnuPG 2.1 and 2.2 by default). */
        CLASSIC,
        /** The extended format, every byte string but the labels as {@code #hex#}. */
        EXTENDED_HEX,
        /** As {@link #EXTENDED_HEX}, with CRLF line ends (a file edited on Windows). */
        EXTENDED_HEX_CRLF,
        /** The extended format, every byte string but the labels as a quoted string, with every kind of escape. */
        EXTENDED_QUOTED
    }

    private GnupgKeyForms() {}

    /** Rewrites every key file of {@code home} in {@code form}. */
    static void rewrite(Path home, Form form) throws IOException {
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(home.resolve("private-keys-v1.d"), "*.key")) {
            for (Path key : keys) {
                Files.write(key, write(GnupgKeyFile.canonical(key), form));
            }
        }
    }

    /** The key file of {@code canonical} in {@code form}. */
    static byte[] write(byte[] canonical, Form form) {
        if (form == Form.CLASSIC) {
            return canonical.clone();
        }
        Object tree = parse(canonical, new int[] {0});
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        advanced(tree, form == Form.EXTENDED_QUOTED, true, text);
        byte[] value = text.toByteArray();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(("Created: 20261203T033607\n"
                + "# a comment line\n"
                + "Label: a label that goes\n"
                + "  on over two lines\n"
                + "Key:").getBytes(StandardCharsets.US_ASCII));
        // As gpg-agent wraps a value: each line starts with a blank, a break goes before a blank, not after it.
        int width = form == Form.EXTENDED_QUOTED ? 37 : 64;
        for (int offset = 0; offset < value.length; ) {
            int end = Math.min(value.length, offset + width);
            while (end < value.length && end - 1 > offset && value[end - 1] == ' ') {
                end--;
            }
            file.write(' ');
            file.write(value, offset, end - offset);
            file.write('\n');
            offset = end;
        }
        file.writeBytes("Token: D2760001240102000005000011730000 OPENPGP.1 -\n".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = file.toByteArray();
        if (form == Form.EXTENDED_HEX_CRLF) {
            return new String(bytes, StandardCharsets.ISO_8859_1).replace("\n", "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        return bytes;
    }

    /** A canonical S-expression as lists of lists and byte arrays. */
    private static Object parse(byte[] in, int[] pos) {
        if (in[pos[0]] == '(') {
            pos[0]++;
            List<Object> list = new ArrayList<>();
            while (in[pos[0]] != ')') {
                list.add(parse(in, pos));
            }
            pos[0]++;
            return list;
        }
        int colon = pos[0];
        while (in[colon] != ':') {
            colon++;
        }
        int length = Integer.parseInt(new String(in, pos[0], colon - pos[0], StandardCharsets.US_ASCII));
        byte[] value = new byte[length];
        System.arraycopy(in, colon + 1, value, 0, length);
        pos[0] = colon + 1 + length;
        return value;
    }

    private static void advanced(Object node, boolean quoted, boolean label, ByteArrayOutputStream out) {
        if (node instanceof List<?> list) {
            out.write('(');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.write(' ');
                }
                advanced(list.get(i), quoted, i == 0, out);
            }
            out.write(')');
            return;
        }
        byte[] value = (byte[]) node;
        if (label && value.length > 0 && Character.isLetter(value[0])) {
            out.writeBytes(value);
        } else if (quoted) {
            out.write('"');
            for (byte b : value) {
                int c = b & 0xff;
                switch (c) {
                    case '\b' -> out.writeBytes("\\b".getBytes(StandardCharsets.US_ASCII));
                    case '\t' -> out.writeBytes("\\t".getBytes(StandardCharsets.US_ASCII));
                    case 0x0b -> out.writeBytes("\\v".getBytes(StandardCharsets.US_ASCII));
                    case '\n' -> out.writeBytes("\\n".getBytes(StandardCharsets.US_ASCII));
                    case '\f' -> out.writeBytes("\\f".getBytes(StandardCharsets.US_ASCII));
                    case '\r' -> out.writeBytes("\\r".getBytes(StandardCharsets.US_ASCII));
                    case '"', '\'', '\\' -> {
                        out.write('\\');
                        out.write(c);
                    }
                    default -> {
                        if (c < 0x20) {
                            out.writeBytes(String.format("\\x%02x", c).getBytes(StandardCharsets.US_ASCII));
                        } else if (c >= 0x7f && c <= 0xa0) {
                            out.writeBytes(String.format("\\%03o", c).getBytes(StandardCharsets.US_ASCII));
                        } else {
                            out.write(c); // printable, and bytes above 0xa0 as they are, as libgcrypt writes them
                        }
                    }
                }
            }
            out.write('"');
        } else {
            out.writeBytes(("#" + HexFormat.of().withUpperCase().formatHex(value) + "#")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }
}

package io.dataflows.steps.internal.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a constant table of a hash algorithm from a resource of this package: hex words separated by white space,
 * lines starting with {@code #} being comments. Tables of thousands of words stay data, not code.
 */
final class HexTable {

    private HexTable() {}

    /** The {@code count} words of resource {@code name}. */
    static long[] read(String name, int count) {
        String text;
        try (InputStream in = HexTable.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from dataflows-steps");
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] words = new long[count];
        int n = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            for (String word : line.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    if (n == count) {
                        throw new IllegalStateException(name + " has more than " + count + " words");
                    }
                    words[n++] = Long.parseUnsignedLong(word, 16);
                }
            }
        }
        if (n != count) {
            throw new IllegalStateException(name + " has " + n + " words, not " + count);
        }
        return words;
    }
}

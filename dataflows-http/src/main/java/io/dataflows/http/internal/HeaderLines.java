package io.dataflows.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code headers} config: one {@code Name: value} per line, a line starting with a space or tab continuing the
 * previous one, as tool_dataflows read it. A name is an HTTP token; a value may be empty ({@code X-Empty:}). Values
 * keep their text as written, except that the spaces around them are not sent.
 */
final class HeaderLines {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** Headers the HTTP client sets itself; a flow cannot set them. */
    private static final Set<String> RESERVED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    /** Headers whose values the debug command never shows. */
    private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization", "cookie");

    private HeaderLines() {}

    /**
     * Parses the config's text.
     *
     * @return the headers in the order written, values as written (may start with a space)
     * @throws IllegalArgumentException saying which line is wrong and why
     */
    static List<Map.Entry<String, String>> parse(String text) {
        String content = text.strip();
        if (content.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        StringBuilder current = null;
        int number = 0;
        for (String line : content.split("\r\n|\n|\r", -1)) {
            number++;
            if (line.isBlank()) {
                throw new IllegalArgumentException("line " + number + " is empty");
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (current == null) {
                    throw new IllegalArgumentException("line " + number + " continues no header");
                }
                current.append(line);
            } else {
                if (current != null) {
                    lines.add(current.toString());
                }
                current = new StringBuilder(line);
            }
        }
        lines.add(current.toString());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + shorten(line) + "' has no ':'");
            }
            String name = line.substring(0, colon);
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + shorten(name) + "' is not a valid header name");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the HTTP client sets '" + name + "' itself");
            }
            String value = line.substring(colon + 1);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new IllegalArgumentException("the value of '" + name + "' holds a control character");
                }
            }
            headers.add(Map.entry(name, value));
        }
        return Collections.unmodifiableList(headers);
    }

    /** Whether the value of header {@code name} is a credential that the debug command hides. */
    static boolean isCredential(String name) {
        return CREDENTIALS.contains(name.toLowerCase(Locale.ROOT));
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}

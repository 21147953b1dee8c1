package io.dataflows.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the passwords of a database connection in any text the command shows or keeps (messages, logs, run
 * history): the password of {@code user:PASSWORD@host} in a URL, every {@code password=} value (PostgreSQL's
 * {@code ?password=}, H2's {@code ;PASSWORD=}, also {@code sslpassword=}), and each of those values and the
 * passwords given apart from the URL (environment variables) wherever they occur, as written and URL-decoded.
 * Immutable.
 */
final class PasswordMask {

    static final String MASK = "*****";

    /** A {@code password=} setting: its name (kept) and value (up to the next separator). */
    private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)(password\\s*=)([^&;]*)");
    /** The password of {@code //user:password@host}; the host starts after the last {@code @} of the authority. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:;]*:)([^/?#;]*)(@)");

    private final List<String> secrets;

    private PasswordMask(List<String> secrets) {
        this.secrets = secrets;
    }

    /** The mask for a connection to {@code url} (may be null) with the given other passwords (null ones ignored). */
    static PasswordMask of(String url, String... passwords) {
        Set<String> found = new LinkedHashSet<>();
        if (url != null) {
            collect(PASSWORD_SETTING.matcher(url), 2, found);
            collect(USER_INFO.matcher(url), 2, found);
        }
        for (String p : passwords) {
            add(p, found);
        }
        List<String> secrets = new ArrayList<>(found);
        secrets.sort(Comparator.comparingInt(String::length).reversed()); // a longer secret first: it may hold another
        return new PasswordMask(List.copyOf(secrets));
    }

    private static void collect(Matcher m, int group, Set<String> into) {
        while (m.find()) {
            add(m.group(group), into);
        }
    }

    private static void add(String secret, Set<String> into) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        into.add(secret);
        try {
            String decoded = URLDecoder.decode(secret, StandardCharsets.UTF_8);
            if (!decoded.isEmpty()) {
                into.add(decoded);
            }
        } catch (IllegalArgumentException e) {
            // not URL-encoded: the text as written is the secret
        }
    }

    /** Whether there is a password to mask: the URL holds one, or one was given apart from it. */
    boolean hasPasswords() {
        return !secrets.isEmpty();
    }

    /** {@code text} with every password of this connection masked; null stays null. */
    String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String s : secrets) {
            masked = masked.replace(s, MASK);
        }
        masked = PASSWORD_SETTING.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return USER_INFO.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
    }

    @Override
    public String toString() {
        return "PasswordMask[" + secrets.size() + " secrets]";
    }
}

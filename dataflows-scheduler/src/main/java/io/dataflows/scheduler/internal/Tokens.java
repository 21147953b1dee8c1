package io.dataflows.scheduler.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/** Compares secrets without telling their content or length through the time it takes. */
public final class Tokens {

    private Tokens() {}

    /**
     * Whether {@code presented} equals {@code expected}. Both are hashed first, so that
     * {@link MessageDigest#isEqual} compares two values of one length, in a time that depends on neither.
     */
    public static boolean matches(String expected, @Nullable String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header value, or null when the value is not one.
     */
    public static @Nullable String bearer(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        String v = authorization.strip();
        if (v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = v.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.dataflows.steps.internal.file;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Security;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The hash algorithms of {@code *_hash_file}: every {@link MessageDigest} algorithm the JDK offers, plus the CRC
 * checksums of {@code java.util.zip}. Names are matched case-insensitively ignoring {@code -} and {@code _}, so PHP's
 * {@code hash_algos()} names ({@code md5}, {@code sha1}, {@code sha256}, {@code sha512/256}, {@code sha3-256},
 * {@code crc32b}, {@code crc32c}) and the JDK's ({@code SHA-256}, {@code SHA3-256}) both work.
 */
final class HashAlgorithms {

    /** A running hash. */
    interface Hasher {
        void update(byte[] bytes, int off, int len);

        /** The hash as lower-case hex, as PHP's {@code hash_file()}. */
        String hex();
    }

    /** canonical name → (display name, factory) */
    private static final Map<String, Map.Entry<String, Supplier<Hasher>>> ALGORITHMS = load();

    private HashAlgorithms() {}

    private static Map<String, Map.Entry<String, Supplier<Hasher>>> load() {
        Map<String, Map.Entry<String, Supplier<Hasher>>> out = new TreeMap<>();
        for (String name : Security.getAlgorithms("MessageDigest")) {
            out.put(canonical(name), Map.entry(phpName(name), () -> digest(name)));
        }
        out.put("crc32b", Map.entry("crc32b", () -> checksum(new CRC32())));
        out.put("crc32c", Map.entry("crc32c", () -> checksum(new CRC32C())));
        return Collections.unmodifiableMap(out);
    }

    /** Lower case without {@code -} and {@code _}: {@code SHA3-256} and {@code sha3-256} → {@code sha3256}. */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").trim();
    }

    /** PHP's spelling of a JDK name: {@code SHA-256} → {@code sha256}, {@code SHA3-256} → {@code sha3-256}. */
    private static String phpName(String jdkName) {
        String lower = jdkName.toLowerCase(Locale.ROOT);
        return lower.startsWith("sha-") ? "sha" + lower.substring(4) : lower;
    }

    /** True when {@code name} names a supported algorithm. */
    static boolean isSupported(String name) {
        return ALGORITHMS.containsKey(canonical(name));
    }

    /** The supported names, for messages. */
    static String names() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Supplier<Hasher>> e : ALGORITHMS.values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey());
        }
        return sb.toString();
    }

    /**
     * A new hasher.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    static Hasher create(String name) {
        Map.Entry<String, Supplier<Hasher>> e = ALGORITHMS.get(canonical(name));
        if (e == null) {
            throw new IllegalArgumentException(unknown(name));
        }
        return e.getValue().get();
    }

    static String unknown(String name) {
        return "Config 'algorithm' is invalid. The hash algorithm '" + name + "' does not exist; use one of "
                + names() + ".";
    }

    private static Hasher digest(String name) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Hasher() {
            @Override
            public void update(byte[] bytes, int off, int len) {
                md.update(bytes, off, len);
            }

            @Override
            public String hex() {
                return java.util.HexFormat.of().formatHex(md.digest());
            }
        };
    }

    private static Hasher checksum(Checksum checksum) {
        return new Hasher() {
            @Override
            public void update(byte[] bytes, int off, int len) {
                checksum.update(bytes, off, len);
            }

            @Override
            public String hex() {
                return String.format("%08x", checksum.getValue());
            }
        };
    }
}

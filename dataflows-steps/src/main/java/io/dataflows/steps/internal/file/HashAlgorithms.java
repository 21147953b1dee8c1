package io.dataflows.steps.internal.file;

import com.dynatrace.hash4j.hashing.HashStream128;
import com.dynatrace.hash4j.hashing.HashStream32;
import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The hash algorithms of {@code *_hash_file}: every name of PHP 8's {@code hash_algos()}, hex spelled as PHP's
 * {@code hash_file()} spells it, plus every other {@link MessageDigest} the JDK offers by its own name. Names are
 * matched case-insensitively ignoring {@code -} and {@code _} ({@code SHA3-256}, {@code sha3-256} and
 * {@code sha3_256} are one).
 *
 * <p>Where each comes from: the JDK (MD2, MD5, the SHA-1, SHA-2 and SHA-3 families, {@code adler32},
 * {@code crc32b}, {@code crc32c}); Bouncy Castle (see {@link BouncyCastleHashes}), an optional dependency of this
 * module, for {@code md4}, {@code ripemd*}, {@code whirlpool} and {@code gost*} — without it those names are a
 * validation error naming the artifact to add, as the GPG steps do; hash4j for {@code xxh32}, {@code xxh64},
 * {@code xxh3}, {@code xxh128}, {@code murmur3a} and {@code murmur3f}; and implementations of this package, where
 * no maintained library streams them, for {@code crc32} (bzip2's), {@code fnv*}, {@code joaat}, {@code murmur3c},
 * {@code tiger*}, {@code snefru*} and {@code haval*}.
 */
final class HashAlgorithms {

    /** One algorithm: its PHP (or JDK) name, whether it needs Bouncy Castle, and how to start one. */
    private static final class Algorithm {
        final String name;
        final boolean needsBouncyCastle;
        final Supplier<Hasher> factory;

        Algorithm(String name, boolean needsBouncyCastle, Supplier<Hasher> factory) {
            this.name = name;
            this.needsBouncyCastle = needsBouncyCastle;
            this.factory = factory;
        }
    }

    /** One class of bcprov, loaded (not initialised) to tell whether Bouncy Castle is there. */
    private static final String BOUNCY_CASTLE_PROBE = "org.bouncycastle.crypto.digests.WhirlpoolDigest";

    /** PHP 8's {@code hash_algos()}, in its order: the list an unknown name's error shows. */
    private static final List<Algorithm> PHP = php();

    /** canonical name → algorithm: PHP's names, then the JDK's other message digests */
    private static final Map<String, Algorithm> ALGORITHMS = byName();

    private static final boolean BOUNCY_CASTLE = bouncyCastlePresent(HashAlgorithms.class.getClassLoader());

    private HashAlgorithms() {}

    private static List<Algorithm> php() {
        List<Algorithm> out = new ArrayList<>();
        jdk(out, "md2", "MD2");
        bc(out, "md4", () -> BouncyCastleHashes.md4());
        jdk(out, "md5", "MD5");
        jdk(out, "sha1", "SHA-1");
        jdk(out, "sha224", "SHA-224");
        jdk(out, "sha256", "SHA-256");
        jdk(out, "sha384", "SHA-384");
        jdk(out, "sha512/224", "SHA-512/224");
        jdk(out, "sha512/256", "SHA-512/256");
        jdk(out, "sha512", "SHA-512");
        for (int bits : new int[] {224, 256, 384, 512}) {
            jdk(out, "sha3-" + bits, "SHA3-" + bits);
        }
        for (int bits : new int[] {128, 160, 256, 320}) {
            bc(out, "ripemd" + bits, () -> BouncyCastleHashes.ripemd(bits));
        }
        bc(out, "whirlpool", () -> BouncyCastleHashes.whirlpool());
        for (int passes : new int[] {3, 4}) {
            for (int bits : new int[] {128, 160, 192}) {
                own(out, "tiger" + bits + "," + passes, () -> new Tiger(bits, passes));
            }
        }
        own(out, "snefru", Snefru::new);
        own(out, "snefru256", Snefru::new);
        bc(out, "gost", () -> BouncyCastleHashes.gost());
        bc(out, "gost-crypto", () -> BouncyCastleHashes.gostCrypto());
        own(out, "adler32", () -> checksum(new Adler32()));
        own(out, "crc32", Crc32Bzip2::new);
        own(out, "crc32b", () -> checksum(new CRC32()));
        own(out, "crc32c", () -> checksum(new CRC32C()));
        own(out, "fnv132", () -> new Fnv(false, false));
        own(out, "fnv1a32", () -> new Fnv(false, true));
        own(out, "fnv164", () -> new Fnv(true, false));
        own(out, "fnv1a64", () -> new Fnv(true, true));
        own(out, "joaat", Joaat::new);
        own(out, "murmur3a", () -> stream32(Hashing.murmur3_32().hashStream()));
        own(out, "murmur3c", Murmur3x86x128::new);
        own(out, "murmur3f", () -> stream128(Hashing.murmur3_128().hashStream(), false));
        own(out, "xxh32", () -> stream32(Hashing.xxh32().hashStream()));
        own(out, "xxh64", () -> stream64(Hashing.xxh64().hashStream()));
        own(out, "xxh3", () -> stream64(Hashing.xxh3_64().hashStream()));
        own(out, "xxh128", () -> stream128(Hashing.xxh3_128().hashStream(), true));
        for (int passes : new int[] {3, 4, 5}) {
            for (int bits : new int[] {128, 160, 192, 224, 256}) {
                own(out, "haval" + bits + "," + passes, () -> new Haval(bits, passes));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static void jdk(List<Algorithm> out, String php, String jdk) {
        out.add(new Algorithm(php, false, () -> digest(jdk)));
    }

    /**
     * {@code factory} calls {@link BouncyCastleHashes} from a lambda, never a method reference: a method reference
     * links that class, and with it Bouncy Castle's, when this class starts, which fails without the library.
     */
    private static void bc(List<Algorithm> out, String php, Supplier<Hasher> factory) {
        out.add(new Algorithm(php, true, factory));
    }

    private static void own(List<Algorithm> out, String php, Supplier<Hasher> factory) {
        out.add(new Algorithm(php, false, factory));
    }

    private static Map<String, Algorithm> byName() {
        Map<String, Algorithm> out = new LinkedHashMap<>();
        for (Algorithm a : PHP) {
            out.put(canonical(a.name), a);
        }
        for (String name : Security.getAlgorithms("MessageDigest")) {
            out.putIfAbsent(canonical(name), new Algorithm(name, false, () -> digest(name)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Lower case without {@code -} and {@code _}: {@code SHA3-256} and {@code sha3-256} → {@code sha3256}. */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").trim();
    }

    /** Whether {@code loader} has Bouncy Castle's digests. */
    static boolean bouncyCastlePresent(ClassLoader loader) {
        try {
            Class.forName(BOUNCY_CASTLE_PROBE, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** PHP's {@code hash_algos()}, in its order. */
    static List<String> phpNames() {
        List<String> names = new ArrayList<>(PHP.size());
        for (Algorithm a : PHP) {
            names.add(a.name);
        }
        return names;
    }

    /** The problem to report for {@code name}, or empty when it names an algorithm that can run here. */
    static Optional<String> problem(String name) {
        Algorithm a = ALGORITHMS.get(canonical(name));
        if (a == null) {
            return Optional.of("Config 'algorithm' is invalid. The hash algorithm '" + name + "' does not exist;"
                    + " use one of " + String.join(", ", phpNames()) + " (PHP's hash_algos()), or a JDK name such"
                    + " as SHA-256.");
        }
        if (a.needsBouncyCastle && !BOUNCY_CASTLE) {
            return Optional.of("Config 'algorithm' is invalid. The hash algorithm '" + name + "' needs Bouncy"
                    + " Castle, which is not on the class path: add the dependency " + bouncyCastleArtifact()
                    + " to the application.");
        }
        return Optional.empty();
    }

    /**
     * A new hasher.
     *
     * @throws IllegalArgumentException when {@link #problem} is not empty
     */
    static Hasher create(String name) {
        Optional<String> problem = problem(name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return ALGORITHMS.get(canonical(name)).factory.get();
    }

    /** The Maven coordinates of bcprov this module was built against. */
    private static String bouncyCastleArtifact() {
        Properties p = new Properties();
        try (InputStream in = HashAlgorithms.class.getResourceAsStream("openpgp-library.properties")) {
            if (in == null) {
                throw new IllegalStateException("openpgp-library.properties is missing from dataflows-steps");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("bcprov");
    }

    private static Hasher digest(String name) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Hasher.of(md::update, () -> HexFormat.of().formatHex(md.digest()));
    }

    private static Hasher checksum(Checksum checksum) {
        return Hasher.of(checksum::update, () -> Hasher.hex(checksum.getValue(), 8));
    }

    private static Hasher stream32(HashStream32 stream) {
        return Hasher.of(stream::putBytes, () -> Hasher.hex(Integer.toUnsignedLong(stream.getAsInt()), 8));
    }

    private static Hasher stream64(HashStream64 stream) {
        return Hasher.of(stream::putBytes, () -> Hasher.hex(stream.getAsLong(), 16));
    }

    /**
     * PHP prints a 128-bit hash as two 64-bit words, each big-endian: xxh128 its high word first (XXH128's
     * canonical form); murmur3f {@code h1}, then {@code h2}, which hash4j holds as the low and the high word.
     */
    private static Hasher stream128(HashStream128 stream, boolean highFirst) {
        return Hasher.of(stream::putBytes, () -> {
            HashValue128 v = stream.get();
            long first = highFirst ? v.getMostSignificantBits() : v.getLeastSignificantBits();
            long second = highFirst ? v.getLeastSignificantBits() : v.getMostSignificantBits();
            return Hasher.hex(first, 16) + Hasher.hex(second, 16);
        });
    }
}

package io.dataflows.steps.internal.file;

import io.dataflows.DataflowException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.RSAPublicBCPGKey;
import org.bouncycastle.gpg.PGPSecretKeyParser;
import org.bouncycastle.gpg.SExpression;
import org.bouncycastle.gpg.keybox.KeyBlob;
import org.bouncycastle.gpg.keybox.PublicKeyRingBlob;
import org.bouncycastle.gpg.keybox.bc.BcKeyBox;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.OpenedPGPKeyData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEProtectionRemoverFactory;

/**
 * The keys of a GnuPG home directory (what {@code gpg --homedir} names), read with Bouncy Castle, no {@code gpg}
 * process.
 * <ul>
 *   <li>Public keys: {@code pubring.kbx} (the keybox of GnuPG 2.1 and later), else {@code pubring.gpg} (GnuPG 1.x
 *       and 2.0), as {@code gpg} chooses.</li>
 *   <li>Secret keys: {@code private-keys-v1.d/*.key} (GnuPG 2.1 and later, the agent's S-expressions, protected by
 *       a passphrase or not), then {@code secring.gpg} (GnuPG 1.x and 2.0). A key file belongs to the public key
 *       whose parameters it holds (an RSA modulus, an elliptic curve point), so a wrong passphrase is reported for
 *       the right key. Bouncy Castle cannot read GnuPG's Curve25519 key files (the default of GnuPG 2.3 and
 *       later), so {@link GnupgCurve25519Key} reads those; a key of another curve that Bouncy Castle cannot read
 *       is reported with the way around it (an exported key ring).</li>
 * </ul>
 * Error messages name the directory and, for secret keys, the key id.
 */
final class GnupgKeys {

    /** How deep an S-expression of a key file may nest. */
    private static final int MAX_DEPTH = GnupgKeyFile.MAX_DEPTH;
    /** Why a well-formed S-expression is still not a key. */
    private static final String NOT_A_KEY = "not a key as GnuPG writes it (its S-expression has the wrong shape)";

    private GnupgKeys() {}

    /** Fails unless {@code home} is a directory this process can read. */
    static void requireReadable(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            throw new IOException("the GnuPG home \"" + home + "\" is not a directory");
        }
        if (!Files.isReadable(home) || !Files.isExecutable(home)) {
            throw new IOException("the GnuPG home \"" + home + "\" cannot be read (permission denied)");
        }
    }

    /** The public keys of {@code home}. */
    static PGPPublicKeyRingCollection publicRings(Path home) throws IOException {
        requireReadable(home);
        Path keybox = home.resolve("pubring.kbx");
        if (Files.exists(keybox)) {
            List<PGPPublicKeyRing> rings = new ArrayList<>();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(keybox))) {
                for (KeyBlob blob : new BcKeyBox(in).getKeyBlobs()) {
                    if (blob instanceof PublicKeyRingBlob) { // X.509 certificates (gpgsm) are skipped
                        rings.add(((PublicKeyRingBlob) blob).getPGPPublicKeyRing());
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot read the keybox \"" + keybox + "\": " + e.getMessage(), e);
            }
            return new PGPPublicKeyRingCollection(rings);
        }
        Path legacy = home.resolve("pubring.gpg");
        if (Files.exists(legacy)) {
            try (InputStream in = Files.newInputStream(legacy)) {
                return OpenPgp.publicRings(in);
            } catch (IOException e) {
                throw new IOException("cannot read \"" + legacy + "\": " + e.getMessage(), e);
            }
        }
        throw new IOException("the GnuPG home \"" + home + "\" has no public keys (neither pubring.kbx nor "
                + "pubring.gpg)");
    }

    /**
     * The encryption key for {@code userId} among the public keys of {@code home}, as
     * {@link OpenPgp#encryptionKey} finds it.
     *
     * @throws DataflowException when no key or several keys match, naming the directory
     */
    static PGPPublicKey encryptionKey(Path home, String userId) throws IOException {
        PGPPublicKeyRingCollection rings = publicRings(home);
        try {
            return OpenPgp.encryptionKey(rings, userId);
        } catch (DataflowException e) {
            String message = e.getOriginalMessage();
            throw new DataflowException(message.substring(0, message.length() - 1) + " in the GnuPG home \""
                    + home + "\".", e);
        }
    }

    /** The secret keys of {@code home}, unlocked with {@code passphrase} when protected. */
    static OpenPgp.SecretKeys secretKeys(Path home, char[] passphrase) throws IOException {
        requireReadable(home);
        return new Home(home, passphrase);
    }

    /** Finds a secret key by the public key it belongs to. */
    private static final class Home implements OpenPgp.SecretKeys {
        private final Path home;
        private final char[] passphrase;
        private PGPPublicKeyRingCollection publicRings;
        private PGPSecretKeyRingCollection legacy;
        /** Why the first key file that could not be read was not read, or null. */
        private String unreadable;

        Home(Path home, char[] passphrase) {
            this.home = home;
            this.passphrase = passphrase;
        }

        @Override
        public String where() {
            // A key file that could not be read may have held the key: say which and why.
            return " in the GnuPG home \"" + home + "\"" + (unreadable == null ? "" : " (" + unreadable + ")");
        }

        @Override
        public PGPPrivateKey privateKey(long keyId) throws IOException {
            Path keys = home.resolve("private-keys-v1.d");
            if (Files.isDirectory(keys)) {
                PGPPublicKey publicKey = publicKey(keyId);
                if (publicKey != null) {
                    PGPPrivateKey found = fromKeyFiles(keys, publicKey);
                    if (found != null) {
                        return found;
                    }
                }
            }
            PGPSecretKeyRingCollection rings = legacyRings();
            PGPSecretKey secret = rings == null ? null : rings.getSecretKey(keyId);
            return secret == null ? null : OpenPgp.unlock(secret, passphrase);
        }

        private PGPPublicKey publicKey(long keyId) throws IOException {
            if (publicRings == null) {
                boolean any = Files.exists(home.resolve("pubring.kbx")) || Files.exists(home.resolve("pubring.gpg"));
                publicRings = any ? publicRings(home) : new PGPPublicKeyRingCollection(List.of());
            }
            return publicRings.getPublicKey(keyId);
        }

        private PGPSecretKeyRingCollection legacyRings() throws IOException {
            Path file = home.resolve("secring.gpg");
            if (legacy == null && Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    legacy = OpenPgp.secretRings(in);
                } catch (IOException e) {
                    throw new IOException("cannot read \"" + file + "\": " + e.getMessage(), e);
                }
            }
            return legacy;
        }

        /** The private key of {@code publicKey} from the agent's key files, or null when none holds it. */
        private PGPPrivateKey fromKeyFiles(Path keys, PGPPublicKey publicKey) throws IOException {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(keys, "*.key")) {
                dir.forEach(files::add);
            }
            files.sort(null);
            String id = String.format("%016X", publicKey.getKeyID());
            for (Path file : files) {
                // Bouncy Castle is given the canonical form whatever form gpg-agent wrote the file in: the text
                // form, which Bouncy Castle reads itself, writes random values (salts, IVs) as quoted strings
                // when all their bytes happen to be printable, and Bouncy Castle fails on those.
                OpenedPGPKeyData data;
                try {
                    data = PGPSecretKeyParser.parse(new ByteArrayInputStream(GnupgKeyFile.canonical(file)),
                            MAX_DEPTH);
                } catch (IOException | RuntimeException e) {
                    // Not a key file that can be read; it may belong to another key, so it is reported only when
                    // no file holds the key asked for.
                    if (unreadable == null) {
                        unreadable = e instanceof GnupgKeyFile.Unreadable ? e.getMessage()
                                : "the key file \"" + file + "\" is " + NOT_A_KEY;
                    }
                    continue;
                }
                SExpression algorithm;
                boolean isProtected;
                try {
                    algorithm = algorithm(data);
                    if (algorithm == null || !sameKey(algorithm, publicKey)) {
                        continue;
                    }
                    isProtected = "protected-private-key".equals(data.getKeyExpression().getString(0));
                } catch (RuntimeException e) { // a list where a value belongs, a missing value
                    if (unreadable == null) {
                        unreadable = "the key file \"" + file + "\" is " + NOT_A_KEY;
                    }
                    continue;
                }
                if (GnupgCurve25519Key.isCurve25519(algorithm)) {
                    return GnupgCurve25519Key.privateKey(data.getKeyExpression(), algorithm, publicKey, passphrase,
                            file, id);
                }
                try {
                    JcePBEProtectionRemoverFactory remover = new JcePBEProtectionRemoverFactory(passphrase,
                            new BcPGPDigestCalculatorProvider()).setProvider(new BouncyCastleProvider());
                    return data.getKeyData(publicKey, new BcPGPDigestCalculatorProvider(), remover,
                            new BcKeyFingerprintCalculator(), MAX_DEPTH).extractPrivateKey(null);
                } catch (PGPException | IOException | RuntimeException e) {
                    // A wrong passphrase fails the check of the decrypted key (OCB tag or SHA-1 checksum).
                    if (isProtected && e instanceof PGPException) {
                        throw new IOException("cannot unlock the secret key " + id + " (" + file
                                + ") (wrong passphrase?)", e);
                    }
                    // Bouncy Castle's casts and indexes fail on an expression of the wrong shape: say what is
                    // wrong instead of which class could not be cast.
                    String why = e instanceof ClassCastException || e instanceof IndexOutOfBoundsException
                            || e instanceof NullPointerException ? NOT_A_KEY : e.getMessage();
                    throw new IOException("cannot read the secret key " + id + " from \"" + file + "\""
                            + curveNote(algorithm) + ": " + why, e);
                }
            }
            return null;
        }

        private static String curveNote(SExpression algorithm) {
            SExpression curve;
            try {
                curve = algorithm.getExpressionWithLabel("curve");
                if (curve == null || curve.getValues().size() < 2) {
                    return "";
                }
            } catch (RuntimeException e) {
                return "";
            }
            return " (a " + curve.getString(1) + " key, which Bouncy Castle cannot read from a GnuPG home: export "
                    + "it with gpg --export-secret-keys and name the file in 'secretkeyring')";
        }

        /** The algorithm part of a key file, {@code (rsa (n ...) ...)} or {@code (ecc (curve ...) (q ...) ...)}. */
        private static SExpression algorithm(OpenedPGPKeyData data) {
            SExpression key = data.getKeyExpression();
            if (key == null || key.getValues().size() < 2 || !(key.getValue(1) instanceof SExpression)) {
                return null;
            }
            return key.getExpression(1);
        }

        /** True when the key file's public parameters are those of {@code publicKey}. */
        private static boolean sameKey(SExpression algorithm, PGPPublicKey publicKey) {
            Object material = publicKey.getPublicKeyPacket().getKey();
            if (algorithm.hasLabel("rsa") && material instanceof RSAPublicBCPGKey) {
                SExpression n = algorithm.getExpressionWithLabel("n");
                return n != null && new BigInteger(1, n.getBytes(1)).equals(((RSAPublicBCPGKey) material)
                        .getModulus());
            }
            if (algorithm.hasLabel("ecc") && material instanceof ECPublicBCPGKey) {
                SExpression q = algorithm.getExpressionWithLabel("q");
                return q != null && new BigInteger(1, q.getBytes(1)).equals(((ECPublicBCPGKey) material)
                        .getEncodedPoint());
            }
            return false;
        }
    }
}

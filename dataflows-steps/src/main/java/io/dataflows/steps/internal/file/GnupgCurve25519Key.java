package io.dataflows.steps.internal.file;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.ECSecretBCPGKey;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.OCBBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.gpg.SExpression;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * The secret of a Curve25519 encryption key in a GnuPG key file ({@code private-keys-v1.d}), which Bouncy Castle's
 * reader of those files cannot take (it reads the curve as a Weierstrass curve and fails on the point). GnuPG makes
 * such keys by default since 2.3 ({@code future-default} before).
 *
 * <p>The file holds {@code (private-key (ecc (curve Curve25519) (flags djb-tweak) (q #40...#) (d #...#)))}, or,
 * protected by a passphrase, {@code (protected-private-key (ecc ... (q ...) (protected MODE ((sha1 SALT COUNT) IV)
 * ENCRYPTED) (protected-at ...)))}. In both modes the key is the OpenPGP iterated and salted SHA-1 of the passphrase
 * (AES-128). {@code openpgp-s2k3-ocb-aes} (the extended key format's): AES in OCB mode with a 16-byte tag, the
 * associated data the canonical form of the {@code (ecc ...)} list without its {@code protected} element, the plain
 * text {@code (((d #...#)))}. {@code openpgp-s2k3-sha1-aes-cbc} (the classic format's): AES in CBC mode, the plain
 * text {@code (((d #...#)) (hash sha1 #...#))} and padding, the hash that of the {@code (ecc ...)} list with the
 * secret parameters in place of the {@code protected} element. {@code d} is the scalar in big-endian order, as
 * OpenPGP's secret key packets hold it. Every secret is checked against the public point {@code q} before it is
 * used, so a damaged file is an error, never a wrong key.
 */
final class GnupgCurve25519Key {

    /** The protection gpg-agent writes in its extended key format (GnuPG 2.3 and later, and most 2.2 builds). */
    private static final String OCB = "openpgp-s2k3-ocb-aes";
    /** The protection of its classic key format. */
    private static final String CBC = "openpgp-s2k3-sha1-aes-cbc";
    /**
     * The most bytes the passphrase's hash may run over. GnuPG calibrates the count to some 100 ms (331,401,216 bytes
     * on a current machine); a key file cannot make a run hash for minutes.
     */
    static final long MAX_S2K_COUNT = 1L << 30;

    private GnupgCurve25519Key() {}

    /** True for the {@code (ecc ...)} list of a Curve25519 key. */
    static boolean isCurve25519(SExpression algorithm) {
        try {
            SExpression curve = algorithm.hasLabel("ecc") ? algorithm.getExpressionWithLabel("curve") : null;
            if (curve == null || curve.getValues().size() < 2) {
                return false;
            }
            String name = curve.getString(1).toLowerCase(Locale.ROOT);
            return name.equals("curve25519") || name.equals("cv25519");
        } catch (RuntimeException e) { // a list where the curve's name belongs
            return false;
        }
    }

    /**
     * The private key of {@code publicKey} held by the key file whose expression is {@code key} and whose
     * {@code (ecc ...)} list is {@code algorithm}.
     *
     * @param id the key id, for messages
     * @throws IOException naming the key and the file: a wrong passphrase, a protection that is not read here, a
     *     file whose secret does not fit its public point or that is not a key as GnuPG writes it
     */
    static PGPPrivateKey privateKey(SExpression key, SExpression algorithm, PGPPublicKey publicKey,
            char[] passphrase, Path file, String id) throws IOException {
        String where = "the secret key " + id + " (\"" + file + "\", a Curve25519 key)";
        byte[] d;
        try {
            d = "protected-private-key".equals(key.getString(0)) ? unprotect(algorithm, passphrase, where)
                    : algorithm.getExpressionWithLabelOrFail("d").getBytes(1);
        } catch (RuntimeException e) { // a list where a value belongs, a missing value
            throw new IOException("cannot read " + where + ": not a key as GnuPG writes it", e);
        }
        try {
            byte[] q = algorithm.getExpressionWithLabelOrFail("q").getBytes(1);
            if (d.length == 0 || d.length > 32 || q.length != 33 || q[0] != 0x40
                    || !Arrays.equals(publicPoint(d), Arrays.copyOfRange(q, 1, 33))) {
                throw new IOException("cannot read " + where + ": its secret does not belong to its public key");
            }
            return new PGPPrivateKey(publicKey.getKeyID(), publicKey.getPublicKeyPacket(),
                    new ECSecretBCPGKey(new BigInteger(1, d)));
        } catch (RuntimeException e) {
            throw new IOException("cannot read " + where + ": not a key as GnuPG writes it", e);
        } finally {
            Arrays.fill(d, (byte) 0);
        }
    }

    /** The X25519 public point (little-endian u) of the big-endian scalar {@code d}. */
    private static byte[] publicPoint(byte[] d) {
        byte[] scalar = new byte[32];
        for (int i = 0; i < d.length; i++) {
            scalar[i] = d[d.length - 1 - i];
        }
        byte[] u = new byte[32];
        X25519.scalarMultBase(scalar, 0, u, 0);
        Arrays.fill(scalar, (byte) 0);
        return u;
    }

    /** {@code d} from the {@code protected} element of {@code algorithm}. */
    private static byte[] unprotect(SExpression algorithm, char[] passphrase, String where) throws IOException {
        SExpression protection = algorithm.getExpressionWithLabelOrFail("protected");
        String mode = protection.getString(1);
        boolean ocb = mode.equals(OCB);
        if (!ocb && !mode.equals(CBC)) {
            throw new IOException("cannot read " + where + ": it is protected with " + mode + ", which is not read "
                    + "here; export it with gpg --export-secret-keys and name the file in 'secretkeyring'");
        }
        SExpression parameters = protection.getExpression(2);
        SExpression s2k = parameters.getExpression(0);
        byte[] salt = s2k.getBytes(1);
        long count = count(s2k.getString(2), where);
        byte[] iv = parameters.getBytes(1);
        byte[] encrypted = protection.getBytes(3);
        boolean shaped = ocb ? iv.length == 12 && encrypted.length > 16
                : iv.length == 16 && encrypted.length > 0 && encrypted.length % 16 == 0;
        if (!s2k.getString(0).equals("sha1") || salt.length != 8 || !shaped) {
            throw new IOException("cannot read " + where + ": its protection is not as GnuPG writes it");
        }
        byte[] aesKey = s2kSha1(passphrase, salt, count);
        byte[] plain = null;
        try {
            SExpression secrets;
            try {
                plain = ocb ? decryptOcb(aesKey, iv, encrypted, withoutProtection(algorithm))
                        : decryptCbc(aesKey, iv, encrypted);
                // OCB: (((d #...#))); CBC: (((d #...#)) (hash sha1 #...#)) and padding
                secrets = SExpression.parse(plain, GnupgKeyFile.MAX_DEPTH);
                if (!ocb && !checksumMatches(algorithm, secrets)) {
                    throw new InvalidCipherTextException("the checksum of the decrypted key does not match");
                }
            } catch (InvalidCipherTextException | IOException | RuntimeException e) {
                // OCB's tag, or CBC's checksum and the shape of what it decrypted to, fail for a wrong passphrase
                // as for altered bytes
                throw new IOException("cannot unlock " + where + " (wrong passphrase?)", e);
            }
            SExpression parameter = secrets.getExpression(0).getExpression(0);
            if (!parameter.hasLabel("d")) {
                throw new IOException("cannot read " + where + ": its protected part holds no secret");
            }
            return parameter.getBytes(1).clone();
        } finally {
            Arrays.fill(aesKey, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] decryptOcb(byte[] aesKey, byte[] nonce, byte[] encrypted, byte[] associated)
            throws InvalidCipherTextException {
        OCBBlockCipher ocb = new OCBBlockCipher(AESEngine.newInstance(), AESEngine.newInstance());
        ocb.init(false, new AEADParameters(new KeyParameter(aesKey), 128, nonce, associated));
        byte[] plain = new byte[ocb.getOutputSize(encrypted.length)];
        int n = ocb.processBytes(encrypted, 0, encrypted.length, plain, 0);
        ocb.doFinal(plain, n);
        return plain;
    }

    private static byte[] decryptCbc(byte[] aesKey, byte[] iv, byte[] encrypted) {
        BlockCipher cbc = CBCBlockCipher.newInstance(AESEngine.newInstance());
        cbc.init(false, new ParametersWithIV(new KeyParameter(aesKey), iv));
        byte[] plain = new byte[encrypted.length];
        for (int i = 0; i < encrypted.length; i += 16) {
            cbc.processBlock(encrypted, i, plain, i);
        }
        return plain;
    }

    /**
     * True when the SHA-1 in {@code secrets} ({@code (hash sha1 #...#)}) is that of {@code algorithm} with its
     * {@code protected} element replaced by the secret parameters, as GnuPG checks its older protection.
     */
    private static boolean checksumMatches(SExpression algorithm, SExpression secrets) {
        SExpression hash = secrets.getExpression(1);
        return hash.hasLabel("hash") && hash.getString(1).equals("sha1") && MessageDigest.isEqual(
                sha1().digest(replacingProtection(algorithm, secrets.getExpression(0).getValues())),
                hash.getBytes(2));
    }

    /** The canonical form of {@code algorithm} without its {@code protected} element: what OCB's tag covers. */
    private static byte[] withoutProtection(SExpression algorithm) {
        return replacingProtection(algorithm, List.of());
    }

    /** The canonical form of {@code algorithm} with {@code values} in place of its {@code protected} element. */
    private static byte[] replacingProtection(SExpression algorithm, List<Object> values) {
        List<Object> key = new ArrayList<>();
        for (Object value : algorithm.getValues()) {
            if (value instanceof SExpression && ((SExpression) value).hasLabel("protected")) {
                key.addAll(values);
            } else {
                key.add(value);
            }
        }
        return new SExpression(key).toCanonicalForm();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    private static long count(String text, String where) throws IOException {
        long count;
        try {
            count = Long.parseLong(text);
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 1 || count > MAX_S2K_COUNT) {
            throw new IOException("cannot read " + where + ": its passphrase hash count " + text + " is not a "
                    + "number from 1 to " + MAX_S2K_COUNT);
        }
        return count;
    }

    /**
     * OpenPGP's iterated and salted S2K with SHA-1: the hash of {@code salt} and the passphrase (UTF-8) repeated
     * until {@code count} bytes (at least once whole), cut to the 16 bytes of an AES-128 key.
     */
    static byte[] s2kSha1(char[] passphrase, byte[] salt, long count) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] unit = new byte[salt.length + encoded.remaining()];
        System.arraycopy(salt, 0, unit, 0, salt.length);
        encoded.get(unit, salt.length, encoded.remaining());
        Arrays.fill(encoded.array(), (byte) 0);
        MessageDigest sha1 = sha1();
        // The repetitions are hashed from a buffer of many of them: hundreds of millions of bytes in updates of a
        // few bytes each would take seconds.
        byte[] repeated = new byte[unit.length * Math.max(1, 8192 / unit.length)];
        for (int i = 0; i < repeated.length; i += unit.length) {
            System.arraycopy(unit, 0, repeated, i, unit.length);
        }
        long total = Math.max(count, unit.length);
        for (long done = 0; done < total; done += repeated.length) {
            sha1.update(repeated, 0, (int) Math.min(repeated.length, total - done));
        }
        Arrays.fill(unit, (byte) 0);
        Arrays.fill(repeated, (byte) 0);
        return Arrays.copyOf(sha1.digest(), 16);
    }
}

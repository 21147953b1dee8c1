package io.dataflows.steps.internal.file;

import io.dataflows.DataflowException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.util.encoders.Hex;

/**
 * OpenPGP encryption and decryption with Bouncy Castle's lightweight API (no JCA provider is registered), in the
 * formats GnuPG reads and writes: public-key encrypted session key, AES-256 with an integrity packet (MDC), ZIP
 * compression, a binary literal data packet; key rings as exported by {@code gpg --export} and
 * {@code gpg --export-secret-keys}, binary or ASCII-armoured.
 */
final class OpenPgp {

    private static final int BUFFER = 1 << 16;

    private OpenPgp() {}

    /** Reads public key rings (binary or armoured). */
    static PGPPublicKeyRingCollection publicRings(InputStream in) throws IOException {
        try {
            return new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(new BufferedInputStream(in)),
                    new BcKeyFingerprintCalculator());
        } catch (PGPException | IllegalArgumentException e) {
            throw new IOException("not an OpenPGP public key ring: " + e.getMessage(), e);
        }
    }

    /** Reads secret key rings (binary or armoured). */
    static PGPSecretKeyRingCollection secretRings(InputStream in) throws IOException {
        try {
            return new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(new BufferedInputStream(in)),
                    new BcKeyFingerprintCalculator());
        } catch (PGPException | IllegalArgumentException e) {
            throw new IOException("not an OpenPGP secret key ring: " + e.getMessage(), e);
        }
    }

    /** Where a decryption finds secret keys: a key ring file, or a GnuPG home ({@link GnupgKeys}). */
    interface SecretKeys {
        /**
         * The unlocked private key with {@code keyId}, or null when there is none.
         *
         * @throws IOException when the key is there but cannot be unlocked or read
         */
        PGPPrivateKey privateKey(long keyId) throws IOException;

        /** Where the keys are, for messages: empty or {@code " in ..."}. */
        String where();
    }

    /** The secret keys of {@code rings}, unlocked with {@code passphrase}. */
    static SecretKeys secretKeys(PGPSecretKeyRingCollection rings, char[] passphrase) {
        return new SecretKeys() {
            @Override
            public PGPPrivateKey privateKey(long keyId) throws IOException {
                PGPSecretKey secret = rings.getSecretKey(keyId);
                return secret == null ? null : unlock(secret, passphrase);
            }

            @Override
            public String where() {
                return "";
            }
        };
    }

    /**
     * The encryption key for {@code userId}, as {@code gpg -r} finds it: a key id or fingerprint in hex (optionally
     * {@code 0x}-prefixed), or text contained in a user id (case-insensitive); empty when the rings hold one key.
     * Within the matching key ring, the newest valid key allowed to encrypt is used.
     *
     * @throws DataflowException when no key or several keys match
     */
    static PGPPublicKey encryptionKey(PGPPublicKeyRingCollection rings, String userId) {
        List<PGPPublicKeyRing> matches = new ArrayList<>();
        for (Iterator<PGPPublicKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
            PGPPublicKeyRing ring = it.next();
            if (userId == null || userId.isBlank() || matches(ring, userId.trim())) {
                matches.add(ring);
            }
        }
        if (matches.isEmpty()) {
            throw new DataflowException("No public key matches the user id \"" + userId + "\".");
        }
        if (matches.size() > 1 && (userId == null || userId.isBlank())) {
            throw new DataflowException("The public key ring holds " + matches.size()
                    + " keys; set 'userid' to choose the recipient.");
        }
        PGPPublicKeyRing ring = matches.get(0);
        PGPPublicKey best = null;
        for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
            PGPPublicKey key = it.next();
            if (canEncrypt(ring, key) && (best == null || key.getCreationTime().after(best.getCreationTime()))) {
                best = key;
            }
        }
        if (best == null) {
            throw new DataflowException("The key " + fingerprint(ring.getPublicKey())
                    + " has no valid encryption key.");
        }
        return best;
    }

    private static boolean matches(PGPPublicKeyRing ring, String userId) {
        String hex = userId.toLowerCase(Locale.ROOT).replace(" ", "");
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (hex.matches("[0-9a-f]{8}|[0-9a-f]{16}|[0-9a-f]{40}|[0-9a-f]{64}")) {
            for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
                if (fingerprint(it.next()).endsWith(hex)) {
                    return true;
                }
            }
        }
        String wanted = userId.toLowerCase(Locale.ROOT);
        for (Iterator<String> it = ring.getPublicKey().getUserIDs(); it.hasNext(); ) {
            if (it.next().toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    static String fingerprint(PGPPublicKey key) {
        return Hex.toHexString(key.getFingerprint());
    }

    private static boolean canEncrypt(PGPPublicKeyRing ring, PGPPublicKey key) {
        if (!key.isEncryptionKey() || key.hasRevocation()) {
            return false;
        }
        long valid = key.getValidSeconds();
        if (valid > 0 && key.getCreationTime().getTime() + valid * 1000L < System.currentTimeMillis()) {
            return false;
        }
        // Key flags from the binding (subkey) or self (primary key) signatures, when present, must allow encryption.
        Integer flags = null;
        for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext(); ) {
            PGPSignature sig = it.next();
            boolean binding = key.isMasterKey() ? sig.getKeyID() == key.getKeyID()
                    : sig.getSignatureType() == PGPSignature.SUBKEY_BINDING;
            PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
            if (binding && hashed != null && hashed.hasSubpacket(
                    org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_FLAGS)) {
                flags = (flags == null ? 0 : flags) | hashed.getKeyFlags();
            }
        }
        return flags == null || (flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0;
    }

    /** Encrypts {@code in} for {@code key} onto {@code out}; {@code name} is the literal data's file name. */
    static void encrypt(InputStream in, OutputStream out, PGPPublicKey key, String name, Date modified,
            boolean armor) throws IOException {
        OutputStream target = armor ? new ArmoredOutputStream(out) : out;
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
                        .setSecureRandom(new SecureRandom()));
        generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key));
        try (OutputStream encrypted = generator.open(target, new byte[BUFFER])) {
            PGPCompressedDataGenerator compressor = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZIP);
            try (OutputStream compressed = compressor.open(encrypted)) {
                PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
                try (OutputStream plain = literal.open(compressed, PGPLiteralData.BINARY, name, modified,
                        new byte[BUFFER])) {
                    in.transferTo(plain);
                }
            }
        } catch (PGPException e) {
            throw new IOException("encryption failed: " + e.getMessage(), e);
        }
        if (armor) {
            target.close(); // writes the armour trailer; closes nothing else of ours that matters
        }
    }

    /**
     * Decrypts {@code in} (binary or armoured) with a key of {@code keys} onto {@code out}, within {@code limit}
     * (the message is compressed inside), and checks the integrity packet once everything is read.
     *
     * @throws IOException when no secret key fits, the passphrase is wrong, or the data is corrupt or was modified
     */
    static void decrypt(ExpansionLimit.CountingInputStream in, OutputStream out, SecretKeys keys,
            ExpansionLimit limit) throws IOException {
        try {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new BufferedInputStream(in)));
            Object object = factory.nextObject();
            while (object instanceof PGPMarker) {
                object = factory.nextObject();
            }
            if (!(object instanceof PGPEncryptedDataList)) {
                throw new IOException("not OpenPGP encrypted data");
            }
            PGPEncryptedDataList list = (PGPEncryptedDataList) object;
            PGPPublicKeyEncryptedData data = null;
            PGPPrivateKey privateKey = null;
            List<String> recipients = new ArrayList<>();
            for (Iterator<PGPEncryptedData> it = list.getEncryptedDataObjects(); it.hasNext(); ) {
                PGPEncryptedData candidate = it.next();
                if (candidate instanceof PGPPBEEncryptedData) {
                    continue;
                }
                PGPPublicKeyEncryptedData pk = (PGPPublicKeyEncryptedData) candidate;
                long keyId = pk.getKeyIdentifier().getKeyId();
                recipients.add(String.format("%016X", keyId));
                privateKey = keys.privateKey(keyId);
                if (privateKey != null) {
                    data = pk;
                    break;
                }
            }
            if (data == null) {
                throw new IOException("no secret key for the recipients " + recipients + keys.where());
            }
            if (!data.isIntegrityProtected()) {
                // as GnuPG 2.2 and later: data without a modification detection code may have been tampered with
                throw new IOException("the data is not integrity protected (no MDC); refusing to decrypt it");
            }
            InputStream clear = data.getDataStream(new BcPublicKeyDataDecryptorFactory(privateKey));
            BcPGPObjectFactory plain = new BcPGPObjectFactory(clear);
            Object message = plain.nextObject();
            if (message instanceof PGPCompressedData) {
                plain = new BcPGPObjectFactory(((PGPCompressedData) message).getDataStream());
                message = plain.nextObject();
            }
            // A signed message (gpg --sign --encrypt): the literal data follows; signatures are not verified.
            while (message instanceof PGPOnePassSignatureList || message instanceof PGPSignatureList) {
                message = plain.nextObject();
            }
            if (!(message instanceof PGPLiteralData)) {
                throw new IOException("unexpected OpenPGP content " + (message == null ? "(none)"
                        : message.getClass().getSimpleName()));
            }
            limit.copy(((PGPLiteralData) message).getInputStream(), in, out);
            if (!data.verify()) {
                throw new IOException("integrity check failed: the data was modified");
            }
        } catch (PGPException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static PGPPrivateKey unlock(PGPSecretKey secret, char[] passphrase) throws IOException {
        try {
            return secret.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(passphrase));
        } catch (PGPException e) {
            throw new IOException("cannot unlock the secret key " + String.format("%016X", secret.getKeyID())
                    + " (wrong passphrase?)", e);
        }
    }
}

package io.dataflows.sftp.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * A server host key the steps expect: an OpenSSH public key ({@code ssh-ed25519 AAAA... comment}), a
 * {@code known_hosts} line (the same, after the host names), or a {@code SHA256:} fingerprint as {@code ssh-keygen -l}
 * prints it.
 */
final class HostKey {

    private static final String FINGERPRINT_PREFIX = "SHA256:";

    private final String text;
    private final PublicKey key;
    private final String fingerprint;

    private HostKey(String text, PublicKey key, String fingerprint) {
        this.text = text;
        this.key = key;
        this.fingerprint = fingerprint;
    }

    /**
     * Reads an expected key.
     *
     * @throws IllegalArgumentException saying what is wrong when the text is none of the accepted forms
     */
    static HostKey parse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith(FINGERPRINT_PREFIX)) {
            String digest = trimmed.substring(FINGERPRINT_PREFIX.length());
            if (digest.isEmpty() || !digest.matches("[A-Za-z0-9+/]+=*")) {
                throw new IllegalArgumentException("a SHA256: fingerprint is followed by base64 text");
            }
            return new HostKey(trimmed, null, FINGERPRINT_PREFIX + digest.replaceAll("=+$", ""));
        }
        String[] tokens = trimmed.split("\\s+");
        // A public key line starts with the key type; a known_hosts line has the host names (and possibly a
        // @marker) first.
        for (int i = 0; i + 1 < tokens.length && i < 3; i++) {
            Optional<PublicKey> key = decode(tokens[i], tokens[i + 1]);
            if (key.isPresent()) {
                return new HostKey(trimmed, key.get(), fingerprint(key.get()));
            }
        }
        throw new IllegalArgumentException("expected an OpenSSH public key (ssh-ed25519 AAAA...), a known_hosts "
                + "line or a SHA256: fingerprint");
    }

    private static Optional<PublicKey> decode(String type, String data) {
        if (!data.matches("[A-Za-z0-9+/]+=*")) {
            return Optional.empty();
        }
        try {
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(type + " " + data)
                    .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
            return Optional.ofNullable(key);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The key's SHA-256 fingerprint as OpenSSH prints it: {@code SHA256:} and unpadded base64. */
    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    /** The key as one OpenSSH public key line ({@code ssh-ed25519 AAAA...}), as the trust-on-first-use store keeps it. */
    static String line(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    /** True when the server's {@code key} is this one. */
    boolean matches(PublicKey serverKey) {
        if (key != null) {
            return KeyUtils.compareKeys(key, serverKey);
        }
        return fingerprint.equals(fingerprint(serverKey));
    }

    /** The fingerprint of the expected key. */
    String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return text;
    }
}

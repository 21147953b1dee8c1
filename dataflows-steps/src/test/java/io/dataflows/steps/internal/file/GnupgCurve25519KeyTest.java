package io.dataflows.steps.internal.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.S2K;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The passphrase hash of gpg-agent's key protection (OpenPGP's iterated and salted S2K with SHA-1) against Bouncy
 * Castle's own, for counts that are and are not multiples of the salted passphrase's length, below and above the
 * size of the buffer the repetitions are hashed from, and for a passphrase outside ASCII.
 */
class GnupgCurve25519KeyTest {

    @ParameterizedTest(name = "[{index}] count byte {0}, passphrase {1}")
    @CsvSource({
        "0, correct horse battery staple", // 1,024 bytes
        "96, correct horse battery staple", // 65,536
        "97, x", // 69,632: a 9-byte unit, not a divisor
        "255, correct horse battery staple", // 65,011,712: GnuPG's largest encodable count
        "238, pässwörd ✓", // 29,360,128
        "17, ''"}) // 1,088, an empty passphrase: the salt alone is repeated
    void theKeyIsBouncyCastlesForEveryCount(int countByte, String passphrase) throws Exception {
        byte[] salt = {1, 2, 3, 4, (byte) 0xF5, (byte) 0xE6, 7, (byte) 0x88};
        long count = (16L + (countByte & 15)) << ((countByte >> 4) + 6);

        byte[] expected = new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                .build(passphrase.toCharArray()).makeKeyFromPassPhrase(SymmetricKeyAlgorithmTags.AES_128,
                        new S2K(HashAlgorithmTags.SHA1, salt, countByte));

        assertThat(GnupgCurve25519Key.s2kSha1(passphrase.toCharArray(), salt, count)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] count {0}")
    @CsvSource({"1", "20", "21", "22"})
    void aCountBelowTheSaltedPassphraseHashesItOnceWhole(long count) throws Exception {
        byte[] salt = {9, 8, 7, 6, 5, 4, 3, 2};
        byte[] unit = new byte[8 + 13];
        System.arraycopy(salt, 0, unit, 0, 8);
        System.arraycopy("thirteen char".getBytes(StandardCharsets.UTF_8), 0, unit, 8, 13);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(unit);
        if (count == 22) {
            sha1.update(unit, 0, 1); // one byte more than the unit: the next repetition begins
        }

        assertThat(GnupgCurve25519Key.s2kSha1("thirteen char".toCharArray(), salt, count))
                .isEqualTo(Arrays.copyOf(sha1.digest(), 16));
    }
}

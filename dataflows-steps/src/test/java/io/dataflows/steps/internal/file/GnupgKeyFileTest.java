package io.dataflows.steps.internal.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key files of gpg-agent in every form it writes them, read without {@code gpg}: the home under
 * {@code gnupg-home/} was made by GnuPG 2.2.40 ({@code gpg --quick-gen-key}, RSA 1024, throw-away keys) and holds
 * <ul>
 *   <li>Fixture &lt;fixture@example.org&gt;, protected by {@value #PASSPHRASE}, whose encryption subkey gpg-agent
 *       wrote with its salt as a quoted string (bytes that all happened to be printable), the case Bouncy Castle
 *       alone fails on with a ClassCastException;</li>
 *   <li>Plain &lt;plain@example.org&gt;, not protected.</li>
 * </ul>
 * The other forms are written from them ({@link GnupgKeyForms}).
 */
class GnupgKeyFileTest {

    private static final String PASSPHRASE = "fixture passphrase";
    /** The keygrip of Fixture's encryption subkey, the file with the quoted salt. */
    private static final String QUOTED_SALT_KEY = "85229E2782CBA93499FD2FEE046461BA94819BBB";
    private static final String FIXTURE_SUBKEY_ID = "8C37269FCFC3A849";
    private static final String PLAIN_KEYGRIP = "590D104D12AFA7A6FBB95F0348D8EDE2E2DDC0AA";
    private static final String PLAIN_SUBKEY_ID = "0E91BE0EB66CEE3E";
    private static final List<String> KEYGRIPS = List.of("0BA90E54FB2A0C641C272153A4FD05F9B12575FE",
            PLAIN_KEYGRIP, QUOTED_SALT_KEY, "9785C1717816656F3CCABCFC5303D79E01A42563");

    @TempDir
    Path dir;

    /** A copy of the committed home, with its key files rewritten in {@code form} (null: as gpg wrote them). */
    private Path home(GnupgKeyForms.Form form) throws IOException {
        Path home = Files.createDirectories(dir.resolve("home-" + form));
        Files.createDirectories(home.resolve("private-keys-v1.d"));
        Files.write(home.resolve("pubring.kbx"), resource("pubring.kbx"));
        for (String grip : KEYGRIPS) {
            Files.write(home.resolve("private-keys-v1.d/" + grip + ".key"),
                    resource("private-keys-v1.d/" + grip + ".key"));
        }
        if (form != null) {
            GnupgKeyForms.rewrite(home, form);
        }
        return home;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(GnupgKeyFileTest.class.getResourceAsStream("gnupg-home/"
                + name), name)) {
            return in.readAllBytes();
        }
    }

    static Stream<Arguments> formsAndKeys() {
        return Stream.of((GnupgKeyForms.Form) null, GnupgKeyForms.Form.CLASSIC, GnupgKeyForms.Form.EXTENDED_HEX,
                GnupgKeyForms.Form.EXTENDED_HEX_CRLF, GnupgKeyForms.Form.EXTENDED_QUOTED)
                .flatMap(form -> Stream.of(Arguments.of(form, "fixture@example.org", PASSPHRASE),
                        Arguments.of(form, "plain@example.org", "")));
    }

    /** What is encrypted for a key of the home decrypts with its secret key, whichever form its file has. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formsAndKeys")
    void decryptsWithTheKeyFileInEveryForm(GnupgKeyForms.Form form, String userId, String passphrase)
            throws Exception {
        Path home = home(form);

        byte[] message = encrypt(home, userId, "payroll,2026\n");

        assertThat(decrypt(home, message, passphrase)).isEqualTo("payroll,2026\n");
    }

    @ParameterizedTest
    @EnumSource(GnupgKeyForms.Form.class)
    void aWrongPassphraseIsReportedInEveryForm(GnupgKeyForms.Form form) throws Exception {
        Path home = home(form);
        byte[] message = encrypt(home, "fixture@example.org", "x");

        assertThatThrownBy(() -> decrypt(home, message, "wrong")).isInstanceOf(IOException.class).hasMessage(
                "cannot unlock the secret key " + FIXTURE_SUBKEY_ID + " (" + home.resolve("private-keys-v1.d/"
                        + QUOTED_SALT_KEY + ".key") + ") (wrong passphrase?)");
    }

    /** The committed file is the case that failed: gpg-agent wrote the salt of its S2K as a quoted string. */
    @Test
    void theFixtureHasTheSaltAsAQuotedString() throws Exception {
        String file = new String(resource("private-keys-v1.d/" + QUOTED_SALT_KEY + ".key"),
                StandardCharsets.ISO_8859_1).replace("\n ", "");

        assertThat(file).startsWith("Created: ").contains("Key: (protected-private-key (rsa (n #00")
                .containsPattern("\\(\\(sha1 \"[^\"]{8}\" \"\\d+\"\\)#[0-9A-F]{24}#\\)");
    }

    /** Every form of a key file reads as the same canonical S-expression, GnuPG's classic file. */
    @Test
    void everyFormReadsAsTheSameCanonicalExpression() throws Exception {
        for (String grip : KEYGRIPS) {
            byte[] canonical = GnupgKeyFile.canonical(resource("private-keys-v1.d/" + grip + ".key"));
            assertThat(new String(canonical, StandardCharsets.ISO_8859_1)).matches(
                    "(?s)\\((21:protected-private-key|11:private-key)\\(3:rsa\\(1:n129:.*\\)\\)");
            for (GnupgKeyForms.Form form : GnupgKeyForms.Form.values()) {
                assertThat(GnupgKeyFile.canonical(GnupgKeyForms.write(canonical, form))).as(grip + " " + form)
                        .isEqualTo(canonical);
            }
        }
    }

    static Stream<Arguments> corrupt() {
        return Stream.of(
                Arguments.of("", "it is empty"),
                Arguments.of("Created: 20261203T033607\n", "it has no Key: item"),
                Arguments.of("Key: (a)\nKey: (b)\n", "it has more than one Key: item"),
                Arguments.of("Key: (a)\nnot an item\n", "a line is neither \"Name: value\" nor a continuation line"),
                Arguments.of("1st: x\n", "a line is neither \"Name: value\" nor a continuation line"),
                Arguments.of("Key: private-key\n", "the key is not an S-expression"),
                Arguments.of("Key: (private-key (rsa (n #00AB#)\n", "the key's S-expression ends before its "
                        + "closing parenthesis"),
                Arguments.of("(11:private-key(3:rsa(1:n999:AB)))", "a length in the key's S-expression is larger "
                        + "than the file"),
                Arguments.of("(11:private-key(3:rsa(1:n99999999999:AB)))", "a length in the key's S-expression is "
                        + "larger than the file"),
                Arguments.of("(11:private-key 12 x)", "a length in the key's S-expression is not followed by ':'"),
                Arguments.of("Key: (private-key (n #00AZ#))", "unexpected character 'Z' in a hex string of the key"),
                Arguments.of("Key: (private-key (n #00A#))", "a hex string of the key has an odd number of digits"),
                Arguments.of("Key: (private-key (n #00A", "a hex string of the key is not closed"),
                Arguments.of("Key: (private-key (n \"abc))", "a quoted string of the key is not closed"),
                Arguments.of("Key: (private-key (n \"a\\qc\"))", "unknown escape \\q in a quoted string of the key"),
                Arguments.of("Key: (private-key (n \"a\\xZZ\"))", "a bad escape in a quoted string of the key"),
                Arguments.of("Key: (private-key (n \"\\777\"))", "an octal escape in a quoted string of the key is "
                        + "above \\377"),
                Arguments.of("Key: (private-key (n |!!|))", "a base64 string of the key is not base64"),
                Arguments.of("Key: (private-key (n [hint]x))", "unexpected character '[' in the key's "
                        + "S-expression"),
                Arguments.of("Key: (private-key (n \u0001))", "unexpected character 0x01 in the key's S-expression"),
                Arguments.of("Key: (private-key) (more)", "unexpected data after the key's S-expression"),
                Arguments.of("Key: " + "(a ".repeat(11) + ")".repeat(11), "the key's S-expression nests deeper "
                        + "than 10 levels"));
    }

    /** A corrupt or hostile file is an IOException saying what is wrong, whatever the bytes. */
    @ParameterizedTest
    @MethodSource("corrupt")
    void aCorruptKeyFileIsAClearError(String content, String message) {
        assertThatThrownBy(() -> GnupgKeyFile.canonical(content.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(IOException.class).hasMessage(message);
    }

    @Test
    void theOtherWaysOfWritingAByteStringReadAsTheSameBytes() throws Exception {
        // libgcrypt's text form as a file of the classic format may hold it: a line break is kept there
        byte[] canonical = GnupgKeyFile.canonical(("(private-key\n (a 3:x y|eHk=| \"x\\\n y\" \"\\170\\x79\""
                + "\n  x-y.z/_:*+= #78 79#))").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(new String(canonical, StandardCharsets.ISO_8859_1))
                .isEqualTo("(11:private-key(1:a3:x y2:xy3:x y2:xy11:x-y.z/_:*+=2:xy))");
    }

    @Test
    void aFileTooLargeForAKeyIsNotRead() throws Exception {
        Path file = dir.resolve("big.key");
        Files.write(file, new byte[GnupgKeyFile.MAX_SIZE + 1]);

        assertThatThrownBy(() -> GnupgKeyFile.canonical(file)).isInstanceOf(IOException.class)
                .hasMessage("the key file \"" + file + "\" is larger than 262144 bytes");
        Files.writeString(file, "Key: (x");
        assertThatThrownBy(() -> GnupgKeyFile.canonical(file)).isInstanceOf(IOException.class)
                .hasMessage("the key file \"" + file + "\" is not a GnuPG key file: the key's S-expression ends "
                        + "before its closing parenthesis");
    }

    /**
     * A corrupt key file in the home is named when no file holds the key asked for: it may have been that key.
     * Other keys still decrypt.
     */
    @Test
    void aCorruptKeyFileIsNamedWhenTheKeyIsNotFound() throws Exception {
        Path home = home(null);
        byte[] forPlain = encrypt(home, "plain@example.org", "x");
        byte[] forFixture = encrypt(home, "fixture@example.org", "y");
        Path plainKey = home.resolve("private-keys-v1.d/" + PLAIN_KEYGRIP + ".key");
        Files.writeString(plainKey, "Key: (private-key (rsa (n #00C0FFEE");

        assertThatThrownBy(() -> decrypt(home, forPlain, "")).isInstanceOf(IOException.class).hasMessage(
                "no secret key for the recipients [" + PLAIN_SUBKEY_ID + "] in the GnuPG home \"" + home + "\" "
                        + "(the key file \"" + plainKey + "\" is not a GnuPG key file: a hex string of the key is "
                        + "not closed)");
        assertThat(decrypt(home, forFixture, PASSPHRASE)).isEqualTo("y");
    }

    /** A well-formed S-expression of the wrong shape is reported as such, never as a ClassCastException. */
    @Test
    void anExpressionOfTheWrongShapeIsAClearError() throws Exception {
        Path home = home(GnupgKeyForms.Form.CLASSIC);
        byte[] forPlain = encrypt(home, "plain@example.org", "x");
        Path plainKey = home.resolve("private-keys-v1.d/" + PLAIN_KEYGRIP + ".key");
        String classic = new String(Files.readAllBytes(plainKey), StandardCharsets.ISO_8859_1);

        // the modulus is a list: the file cannot be matched with a public key
        Files.write(plainKey, classic.replaceFirst("\\(1:n129:", "(1:n(1:x)129:").getBytes(
                StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> decrypt(home, forPlain, "")).isInstanceOf(IOException.class).hasMessage(
                "no secret key for the recipients [" + PLAIN_SUBKEY_ID + "] in the GnuPG home \"" + home + "\" "
                        + "(the key file \"" + plainKey + "\" is not a key as GnuPG writes it (its S-expression has "
                        + "the wrong shape))");

        // the modulus matches, the private exponent is a list
        Files.write(plainKey, classic.replaceFirst("\\(1:d(\\d+):", "(1:d(1:x)$1:").getBytes(
                StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> decrypt(home, forPlain, "")).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot read the secret key " + PLAIN_SUBKEY_ID + " from \"" + plainKey
                        + "\": ")
                .message().doesNotContain("class ").doesNotContain("Exception");
    }

    private static byte[] encrypt(Path home, String userId, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenPgp.encrypt(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), out,
                GnupgKeys.encryptionKey(home, userId), "plain.txt", new Date(0), false);
        return out.toByteArray();
    }

    private String decrypt(Path home, byte[] message, String passphrase) throws IOException {
        Path file = Files.write(Files.createTempFile(dir, "message", ".gpg"), message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExpansionLimit.CountingInputStream in = new ExpansionLimit.CountingInputStream(
                Files.newInputStream(file))) {
            OpenPgp.decrypt(in, out, GnupgKeys.secretKeys(home, passphrase.toCharArray()),
                    new ExpansionLimit("Decrypting", file, 0, 0));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

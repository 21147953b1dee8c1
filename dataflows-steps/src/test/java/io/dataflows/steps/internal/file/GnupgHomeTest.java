package io.dataflows.steps.internal.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.steps.GnupgHome;
import io.dataflows.testkit.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code connector_gpg} with the keys of a GnuPG home directory instead of key ring files: tool_dataflows ran
 * {@code gpg --homedir <gpg_key_dir>}, so its flows name no key rings. The homes are made by Debian's {@code gpg}
 * (2.2: {@code pubring.kbx} and {@code private-keys-v1.d}) and, for the layout of GnuPG 1.x and 2.0
 * ({@code pubring.gpg}, {@code secring.gpg}), written from its exports; {@code gpg} decrypts what the step encrypts.
 */
class GnupgHomeTest {

    private static final String PASSPHRASE = "correct horse battery staple";
    /** RSA, protected by the passphrase. */
    private static final String ALICE = "Alice <alice@example.org>";
    /** RSA, no passphrase. */
    private static final String CAROL = "Carol <carol@example.org>";
    /** Ed25519 + Curve25519 (gpg's "future-default"), no passphrase. */
    private static final String BOB = "Bob <bob@example.org>";
    /** Ed25519 + Curve25519, protected by the passphrase (gpg-agent's OCB protection). */
    private static final String DAN = "Dan <dan@example.org>";
    /** Ed25519 + Curve25519, protected by the passphrase in gpg-agent's classic key format (CBC protection). */
    private static final String ERIN = "Erin <erin@example.org>";

    @TempDir
    static Path root;

    /** A GnuPG 2.1+ home: pubring.kbx and private-keys-v1.d. */
    private static Path modern;
    /** A GnuPG 1.x/2.0 home: pubring.gpg and secring.gpg. */
    private static Path legacy;
    /**
     * Copies of {@code modern} with the key files in the classic format and in the extended format with every byte
     * string quoted: gpg-agent picks hex or a quoted string for a random salt by chance, so both are made on purpose.
     */
    private static Path modernClassic;
    private static Path modernQuoted;
    /**
     * A copy of {@code modern} that the tests' own {@code gpg} calls use, so that no gpg-agent touches the homes the
     * steps read while they read them.
     */
    private static Path verifier;
    /** Alice's public key alone, exported. */
    private static Path aliceRing;
    /**
     * A home whose gpg-agent writes the classic key format ({@code disable-extended-key-format}), with Erin's keys
     * protected by {@code openpgp-s2k3-sha1-aes-cbc}; a copy in the extended format with quoted strings; a copy for
     * the tests' own {@code gpg} calls.
     */
    private static Path cbc;
    private static Path cbcQuoted;
    private static Path cbcVerifier;

    private static boolean gpgAvailable;

    @TempDir
    Path dir;

    @BeforeAll
    static void homes() throws Exception {
        gpgAvailable = available();
        if (!gpgAvailable) {
            return;
        }
        modern = Files.createDirectory(root.resolve("modern"));
        Files.setPosixFilePermissions(modern, PosixFilePermissions.fromString("rwx------"));
        gpg(modern, "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--quick-gen-key", ALICE, "default",
                "default", "never");
        gpg(modern, "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", CAROL, "default",
                "default", "never");
        gpg(modern, "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", BOB, "future-default",
                "default", "never");
        gpg(modern, "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--quick-gen-key", DAN,
                "future-default", "default", "never");
        legacy = Files.createDirectory(root.resolve("legacy"));
        Files.write(legacy.resolve("pubring.gpg"), gpg(modern, "--export"));
        Files.write(legacy.resolve("secring.gpg"), gpg(modern, "--pinentry-mode", "loopback", "--passphrase",
                PASSPHRASE, "--export-secret-keys", "alice@example.org", "bob@example.org"));
        aliceRing = root.resolve("alice.asc");
        Files.write(aliceRing, gpg(modern, "--armor", "--export", "alice@example.org"));
        killAgent(modern);
        verifier = copy(modern, "verifier");
        modernClassic = copy(modern, "modern-classic");
        GnupgKeyForms.rewrite(modernClassic, GnupgKeyForms.Form.CLASSIC);
        modernQuoted = copy(modern, "modern-quoted");
        GnupgKeyForms.rewrite(modernQuoted, GnupgKeyForms.Form.EXTENDED_QUOTED);
        cbc = Files.createDirectory(root.resolve("cbc"));
        Files.setPosixFilePermissions(cbc, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(cbc.resolve("gpg-agent.conf"), "disable-extended-key-format\n");
        gpg(cbc, "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--quick-gen-key", ERIN,
                "future-default", "default", "never");
        killAgent(cbc);
        cbcVerifier = copy(cbc, "cbc-verifier");
        cbcQuoted = copy(cbc, "cbc-quoted");
        GnupgKeyForms.rewrite(cbcQuoted, GnupgKeyForms.Form.EXTENDED_QUOTED);
        assertThat(modern.resolve("pubring.kbx")).exists();
        assertThat(modern.resolve("pubring.gpg")).doesNotExist();
        assertThat(modern.resolve("private-keys-v1.d")).isDirectory();
    }

    private static Path copy(Path home, String name) throws IOException {
        Path copy = Files.createDirectory(root.resolve(name));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
        copyFiles(home, copy);
        return copy;
    }

    /**
     * Copies the files and directories of {@code from}; the agent's sockets are not files, and they vanish as the
     * agent stops, which {@code gpgconf --kill} does not wait for.
     */
    private static void copyFiles(Path from, Path to) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
            for (Path p : entries) {
                Path target = to.resolve(p.getFileName().toString());
                try {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        copyFiles(p, Files.createDirectory(target));
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.copy(p, target);
                    }
                } catch (NoSuchFileException e) {
                    // gone meanwhile: a socket or lock file of the stopping agent
                }
            }
        }
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (gpgAvailable) {
            killAgent(verifier);
            killAgent(cbcVerifier);
        }
    }

    private static void killAgent(Path home) throws Exception {
        Process p = new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        p.getInputStream().readAllBytes();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    private static boolean available() {
        try {
            Process p = new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs gpg on {@code home}; returns its standard output. */
    private static byte[] gpg(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--quiet", "--trust-model", "always"));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(root, "gpg", ".err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("gpg timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("gpg failed (" + p.exitValue() + "): " + command + "\n"
                    + Files.readString(err));
        }
        return out;
    }

    private static DataflowEngine engine(Path home) {
        DataflowEngine.Builder builder = TestEngines.builder().permittedDirectory(root);
        if (home != null) {
            builder.service(GnupgHome.class, GnupgHome.of(home));
        }
        return builder.build();
    }

    private RunResult run(Path home, StepSpec... steps) {
        Dataflow.Builder flow = Dataflow.builder("gpg-home");
        String previous = null;
        for (int i = 0; i < steps.length; i++) {
            flow.step("s" + i, steps[i]);
            if (previous != null) {
                flow.dependsOn(previous);
            }
            previous = "s" + i;
        }
        return engine(home).run(flow.build(), RunOptions.builder().baseDir(dir).build());
    }

    private static StepSpec encrypt(String from, String to, String userId) {
        return StepSpec.of("connector_gpg").with("command", "encrypt").with("from", from).with("to", to)
                .with("userid", userId);
    }

    private static StepSpec decrypt(String from, String to, String passphrase) {
        return StepSpec.of("connector_gpg").with("command", "decrypt").with("from", from).with("to", to)
                .with("passphrase", passphrase);
    }

    private Path plain(String text) throws IOException {
        return Files.writeString(dir.resolve("plain.txt"), text);
    }

    // tool_dataflows: gpg --homedir <gpg_key_dir> --encrypt -r <userid>, and --decrypt with the passphrase.
    @ParameterizedTest
    @ValueSource(strings = {"modern", "modern-classic", "modern-quoted", "legacy"})
    void encryptsForAKeyOfTheHomeAndDecryptsWithItsSecretKey(String layout) throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        Path home = home(layout);
        plain("payroll,2026\n");

        RunResult result = run(home, encrypt("plain.txt", "plain.txt.gpg", "alice@example.org"),
                decrypt("plain.txt.gpg", "back.txt", PASSPHRASE));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.s0.vars.success")).contains(true);
        assertThat(result.variable("steps.s1.vars.success")).contains(true);
        assertThat(Files.readString(dir.resolve("back.txt"))).isEqualTo("payroll,2026\n");
        byte[] byGpg = gpg(verifier, "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--decrypt",
                dir.resolve("plain.txt.gpg").toString());
        assertThat(new String(byGpg, StandardCharsets.UTF_8)).isEqualTo("payroll,2026\n");
    }

    @Test
    void whatGpgEncryptsForAKeyWithoutPassphraseTheStepDecryptsFromTheHome() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        gpg(verifier, "-r", "carol@example.org", "-o", dir.resolve("c.gpg").toString(), "--encrypt",
                plain("for carol").toString());

        RunResult result = run(modern, decrypt("c.gpg", "c.txt", ""));

        assertThat(result.variable("steps.s0.vars.success")).contains(true);
        assertThat(Files.readString(dir.resolve("c.txt"))).isEqualTo("for carol");
    }

    private Path home(String layout) {
        return switch (layout) {
            case "modern" -> modern;
            case "modern-classic" -> modernClassic;
            case "modern-quoted" -> modernQuoted;
            default -> legacy;
        };
    }

    // GnuPG's default keys since 2.3: Bouncy Castle cannot read their key files; GnupgCurve25519Key does.
    @ParameterizedTest
    @ValueSource(strings = {"modern", "modern-classic", "modern-quoted", "legacy"})
    void curve25519KeysWithoutPassphraseDecryptFromEveryLayout(String layout) throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        gpg(verifier, "-r", "bob@example.org", "-o", dir.resolve("b.gpg").toString(), "--encrypt",
                plain("for bob").toString());

        RunResult result = run(home(layout), decrypt("b.gpg", "b.txt", layout.equals("legacy") ? PASSPHRASE : ""));

        assertThat(result.variable("steps.s0.vars.success")).contains(true);
        assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("for bob");
    }

    @ParameterizedTest
    @ValueSource(strings = {"modern", "modern-classic", "modern-quoted"})
    void curve25519KeysProtectedByAPassphraseDecryptWithItOnly(String layout) throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        gpg(verifier, "-r", "dan@example.org", "-o", dir.resolve("d.gpg").toString(), "--encrypt",
                plain("for dan").toString());

        RunResult result = run(home(layout), decrypt("d.gpg", "d.txt", PASSPHRASE));

        assertThat(result.variable("steps.s0.vars.success")).contains(true);
        assertThat(Files.readString(dir.resolve("d.txt"))).isEqualTo("for dan");
        assertThatThrownBy(() -> decryptDirectly(home(layout), "d.gpg", "hunter2")).hasMessageMatching(
                "cannot unlock the secret key [0-9A-F]{16} \\(\".*/private-keys-v1\\.d/[0-9A-F]{40}\\.key\", a "
                        + "Curve25519 key\\) \\(wrong passphrase\\?\\)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cbc", "cbc-quoted"})
    void curve25519KeysInTheClassicProtectionDecryptWithThePassphraseOnly(String layout) throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        Path home = layout.equals("cbc") ? cbc : cbcQuoted;
        assumeTrue(curve25519KeyFile(cbc).contains("openpgp-s2k3-sha1-aes-cbc"),
                "this gpg-agent does not write the classic protection");
        gpg(cbcVerifier, "-r", "erin@example.org", "-o", dir.resolve("e.gpg").toString(), "--encrypt",
                plain("for erin").toString());

        RunResult result = run(home, decrypt("e.gpg", "e.txt", PASSPHRASE));

        assertThat(result.variable("steps.s0.vars.success")).contains(true);
        assertThat(Files.readString(dir.resolve("e.txt"))).isEqualTo("for erin");
        assertThatThrownBy(() -> decryptDirectly(home, "e.gpg", "hunter2")).hasMessageMatching(
                "cannot unlock the secret key [0-9A-F]{16} \\(\".*/private-keys-v1\\.d/[0-9A-F]{40}\\.key\", a "
                        + "Curve25519 key\\) \\(wrong passphrase\\?\\)");
    }

    /** The first Curve25519 key file of {@code home} whose text (read as bytes) {@code also} accepts. */
    private static Path curve25519KeyFile(Path home, java.util.function.Predicate<String> also) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(home.resolve("private-keys-v1.d"), "*.key")) {
            for (Path f : files) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                if (text.contains("Curve25519") && also.test(text)) {
                    return f;
                }
            }
        }
        throw new AssertionError("no such Curve25519 key file in " + home);
    }

    /** The text of the Curve25519 key file of {@code home}. */
    private static String curve25519KeyFile(Path home) throws IOException {
        return Files.readString(curve25519KeyFile(home, text -> true), StandardCharsets.ISO_8859_1);
    }

    /**
     * A copy of {@code modern} in which the key file of the Curve25519 key {@code protectedKey} or not has the first
     * match of {@code pattern} replaced by what {@code replacement} makes of it.
     */
    private Path alteredCurve25519Home(boolean protectedKey, String pattern,
            java.util.function.Function<java.util.regex.MatchResult, String> replacement) throws Exception {
        Path home = copy(modern, "altered-" + System.nanoTime());
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern);
        Path f = curve25519KeyFile(home,
                text -> text.contains("protected-private-key") == protectedKey && p.matcher(text).find());
        String text = Files.readString(f, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = p.matcher(text);
        assertThat(m.find()).isTrue();
        Files.writeString(f, text.substring(0, m.start()) + replacement.apply(m) + text.substring(m.end()),
                StandardCharsets.ISO_8859_1);
        return home;
    }

    @Test
    void aCurve25519SecretThatDoesNotFitItsPublicKeyIsRefused() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        gpg(verifier, "-r", "bob@example.org", "-o", dir.resolve("b.gpg").toString(), "--encrypt",
                plain("for bob").toString());
        // The secret scalar of Bob's unprotected encryption key, one bit of its first byte flipped.
        Path home = alteredCurve25519Home(false, "\\(d #([0-9A-F]{2})", m -> "(d #"
                + String.format("%02X", Integer.parseInt(m.group(1), 16) ^ 1));

        assertThatThrownBy(() -> decryptDirectly(home, "b.gpg", "")).hasMessageMatching(
                "cannot read the secret key [0-9A-F]{16} \\(\".*\\.key\", a Curve25519 key\\): its secret does not "
                        + "belong to its public key");
    }

    @Test
    void aPassphraseHashCountBeyondTheLimitIsRefusedBeforeHashing() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        gpg(verifier, "-r", "dan@example.org", "-o", dir.resolve("d.gpg").toString(), "--encrypt",
                plain("for dan").toString());
        // Dan's encryption key file: its count of bytes to hash ("331401216" or the like) with 9 before and 00 after
        String[] count = new String[1];
        Path home = alteredCurve25519Home(true, "\"(\\d+)\"", m -> {
            count[0] = "9" + m.group(1) + "00";
            return "\"" + count[0] + "\"";
        });

        assertThatThrownBy(() -> decryptDirectly(home, "d.gpg", PASSPHRASE)).hasMessageMatching(
                "cannot read the secret key [0-9A-F]{16} \\(\".*\\.key\", a Curve25519 key\\): its passphrase hash "
                        + "count " + count[0] + " is not a number from 1 to 1073741824");
    }

    @Test
    void aWrongPassphraseIsReportedForTheRightKey() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        gpg(verifier, "-r", "alice@example.org", "-o", dir.resolve("a.gpg").toString(), "--encrypt",
                plain("x").toString());

        RunResult result = run(modern, decrypt("a.gpg", "a.txt", "wrong"));

        assertThat(result.variable("steps.s0.vars.success")).contains(false);
        assertThat(dir.resolve("a.txt")).doesNotExist();
        assertThatThrownBy(() -> decryptDirectly(modern, "a.gpg", "wrong")).hasMessageMatching(
                "cannot unlock the secret key [0-9A-F]{16} \\(.*/private-keys-v1\\.d/[0-9A-F]{40}\\.key\\) "
                        + "\\(wrong passphrase\\?\\)");
    }

    @Test
    void aMissingKeyIsNamedWithTheDirectory() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        Path other = Files.createDirectory(root.resolve("other-" + System.nanoTime()));
        Files.write(other.resolve("pubring.gpg"), gpg(verifier, "--export", "carol@example.org"));
        gpg(verifier, "-r", "alice@example.org", "-o", dir.resolve("a.gpg").toString(), "--encrypt",
                plain("x").toString());
        String aliceSubkey = keyIdOfEncryptionSubkey("alice@example.org");

        RunResult result = run(other, encrypt("plain.txt", "out.gpg", "alice@example.org"),
                decrypt("a.gpg", "a.txt", PASSPHRASE));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.s0.vars.success")).contains(false);
        assertThat(result.variable("steps.s1.vars.success")).contains(false);
        assertThat(dir.resolve("out.gpg")).doesNotExist();
        assertThatThrownBy(() -> GnupgKeys.encryptionKey(other, "alice@example.org"))
                .isInstanceOf(DataflowException.class)
                .hasMessage("No public key matches the user id \"alice@example.org\" in the GnuPG home \"" + other
                        + "\".");
        assertThatThrownBy(() -> decryptDirectly(other, "a.gpg", PASSPHRASE)).isInstanceOf(IOException.class)
                .hasMessage("no secret key for the recipients [" + aliceSubkey + "] in the GnuPG home \"" + other
                        + "\"");
        assertThatThrownBy(() -> GnupgKeys.publicRings(root.resolve("nowhere")))
                .hasMessage("the GnuPG home \"" + root.resolve("nowhere") + "\" is not a directory");
        Path empty = Files.createDirectory(root.resolve("empty-" + System.nanoTime()));
        assertThatThrownBy(() -> GnupgKeys.publicRings(empty)).hasMessage("the GnuPG home \"" + empty
                + "\" has no public keys (neither pubring.kbx nor pubring.gpg)");
    }

    /** A key ring file in the config wins over the home: the home's other keys are not used. */
    @Test
    void aKeyRingInTheConfigWinsOverTheHome() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        plain("x");

        RunResult result = run(modern,
                encrypt("plain.txt", "alice.gpg", "alice@example.org").with("publickeyring", aliceRing.toString()),
                encrypt("plain.txt", "carol.gpg", "carol@example.org").with("publickeyring", aliceRing.toString()),
                encrypt("plain.txt", "home.gpg", "carol@example.org"));

        assertThat(result.variable("steps.s0.vars.success")).contains(true);
        assertThat(result.variable("steps.s1.vars.success")).contains(false); // carol is only in the home
        assertThat(result.variable("steps.s2.vars.success")).contains(true);
    }

    @Test
    void withoutKeyRingsAFlowIsValidOnlyWithAHome() {
        Dataflow flow = Dataflow.builder("v")
                .step("enc", StepSpec.of("connector_gpg").with("command", "encrypt").with("from", "a")
                        .with("to", "b"))
                .step("dec", StepSpec.of("connector_gpg").with("command", "decrypt").with("from", "a")
                        .with("to", "b")).dependsOn("enc")
                .build();
        RunOptions options = RunOptions.builder().baseDir(dir).build();

        assertThat(engine(null).validate(flow, options).messages()).containsExactly(
                "Config 'publickeyring' is missing. It is required to encrypt, unless the engine has a GnuPG home "
                        + "directory (--gnupg-home DIR on the command line).",
                "Config 'secretkeyring' is missing. It is required to decrypt, unless the engine has a GnuPG home "
                        + "directory (--gnupg-home DIR on the command line).");
        assertThat(engine(dir).validate(flow, options).messages()).isEmpty();
    }

    @Test
    void aHomeThatIsNotThereFailsTheOperation() throws Exception {
        plain("x");
        RunResult result = run(dir.resolve("missing-home"), encrypt("plain.txt", "out.gpg", "alice@example.org"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.s0.vars.success")).contains(false);
    }

    private void decryptDirectly(Path home, String file, String passphrase) throws IOException {
        try (ExpansionLimit.CountingInputStream in = new ExpansionLimit.CountingInputStream(
                Files.newInputStream(dir.resolve(file)))) {
            OpenPgp.decrypt(in, new ByteArrayOutputStream(), GnupgKeys.secretKeys(home, passphrase.toCharArray()),
                    new ExpansionLimit("Decrypting", dir.resolve(file), 0, 0));
        }
    }

    /** The key id of the encryption subkey of {@code userId}, as gpg lists it. */
    private static String keyIdOfEncryptionSubkey(String userId) throws Exception {
        String listing = new String(gpg(verifier, "--with-colons", "--list-keys", userId), StandardCharsets.UTF_8);
        for (String line : listing.split("\n")) {
            String[] f = line.split(":");
            if (f[0].equals("sub") && f[11].contains("e")) {
                return f[4];
            }
        }
        throw new AssertionError("no encryption subkey in " + listing);
    }

}

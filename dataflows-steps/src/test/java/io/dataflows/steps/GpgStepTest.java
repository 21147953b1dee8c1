package io.dataflows.steps;

import static io.dataflows.steps.FileTrees.read;
import static io.dataflows.steps.FileTrees.write;
import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestEngines;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * {@code connector_gpg} / {@code flow_gpg} against GnuPG: keys are made by {@code gpg --batch --quick-gen-key} in a
 * throwaway GNUPGHOME and exported; the step's output is decrypted by {@code gpg}, and {@code gpg}'s output by the
 * step. Needs the {@code gpg} command (CI installs gnupg).
 */
class GpgStepTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    /** RSA keys (gpg's "default") and Curve25519 keys (gpg's "future-default": ed25519 + cv25519). */
    private static final String ALICE = "Alice <alice@example.org>";
    private static final String BOB = "Bob <bob@example.org>";

    @TempDir
    static Path home;

    @TempDir
    Path dir;

    private static boolean gpgAvailable;

    private final DataflowEngine engine = TestEngines.builder().build();

    @BeforeAll
    static void keys() throws Exception {
        gpgAvailable = available();
        if (!gpgAvailable) {
            return;
        }
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        gpg("--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--quick-gen-key", ALICE, "default",
                "default", "never");
        gpg("--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--quick-gen-key", BOB, "future-default",
                "default", "never");
        Files.write(home.resolve("public.asc"), gpg("--armor", "--export"));
        Files.write(home.resolve("secret.gpg"), gpg("--pinentry-mode", "loopback", "--passphrase", PASSPHRASE,
                "--export-secret-keys"));
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (gpgAvailable) {
            Process p = new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        }
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

    /** Runs gpg in the throwaway home; returns its standard output. */
    private static byte[] gpg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--quiet"));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(home, "gpg", ".err");
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

    private RunResult run(Dataflow flow) {
        return engine.run(flow, RunOptions.builder().baseDir(dir).build());
    }

    private static StepSpec encrypt(String from, String to, String userId) {
        return StepSpec.of("connector_gpg").with("command", "encrypt").with("from", from).with("to", to)
                .with("userid", userId).with("publickeyring", home.resolve("public.asc").toString());
    }

    private static StepSpec decrypt(String from, String to) {
        return StepSpec.of("connector_gpg").with("command", "decrypt").with("from", from).with("to", to)
                .with("passphrase", PASSPHRASE).with("secretkeyring", home.resolve("secret.gpg").toString());
    }

    private DataflowEngine engineWithHome() {
        return TestEngines.builder().permittedDirectory(home).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.org", "bob@example.org"})
    void whatTheStepEncryptsGpgDecrypts(String recipient) throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        String text = "Secret report\nwith two lines, ünïcödé\n";
        write(dir, "report.txt", text);
        Dataflow flow = Dataflow.builder("enc")
                .step("encrypt", encrypt("report.txt", "report.txt.gpg", recipient))
                .step("armored", encrypt("report.txt", "report.txt.asc", recipient).with("armor", true))
                .dependsOn("encrypt")
                .build();

        RunResult result = engineWithHome().run(flow, RunOptions.builder().baseDir(dir).build());

        assertThat(result.variable("steps.encrypt.vars.success")).contains(true);
        assertThat(result.variable("steps.armored.vars.success")).contains(true);
        assertThat(read(dir.resolve("report.txt.asc"))).startsWith("-----BEGIN PGP MESSAGE-----");
        for (String file : new String[] {"report.txt.gpg", "report.txt.asc"}) {
            byte[] plain = gpg("--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--decrypt",
                    dir.resolve(file).toString());
            assertThat(new String(plain, StandardCharsets.UTF_8)).as(file).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.org", "bob@example.org"})
    void whatGpgEncryptsTheStepDecrypts(String recipient) throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        Path plain = write(dir, "data.csv", "id,name\n1,Ann\n");
        gpg("--trust-model", "always", "-r", recipient, "-o", dir.resolve("data.csv.gpg").toString(), "--encrypt",
                plain.toString());
        gpg("--trust-model", "always", "-r", recipient, "--armor", "-o", dir.resolve("data.csv.asc").toString(),
                "--encrypt", plain.toString());
        gpg("--trust-model", "always", "-r", recipient, "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE,
                "--sign", "-o", dir.resolve("signed.gpg").toString(), "--encrypt", plain.toString());
        Dataflow flow = Dataflow.builder("dec")
                .step("binary", decrypt("data.csv.gpg", "binary.csv"))
                .step("armored", decrypt("data.csv.asc", "armored.csv")).dependsOn("binary")
                .step("signed", decrypt("signed.gpg", "signed.csv")).dependsOn("armored")
                .build();

        RunResult result = engineWithHome().run(flow, RunOptions.builder().baseDir(dir).build());

        for (String step : new String[] {"binary", "armored", "signed"}) {
            assertThat(result.variable("steps." + step + ".vars.success")).as(step).contains(true);
            assertThat(read(dir.resolve(step + ".csv"))).as(step).isEqualTo("id,name\n1,Ann\n");
        }
        assertThat(result.variables().toString()).doesNotContain(PASSPHRASE);
        assertThat(result.variable("steps.binary.config.passphrase")).contains("*****");
    }

    @Test
    void theFlowFormEncryptsOneFilePerRecordAndTheStepDecryptsItsOwnOutput() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        write(dir, "a.txt", "A");
        write(dir, "b.txt", "B");
        Dataflow flow = Dataflow.builder("flow")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("f", "a"), map("f", "b"))))
                .step("encrypt", StepSpec.of("flow_gpg").with("command", "encrypt")
                        .with("from", "${{ record.f }}.txt").with("to", "${{ record.f }}.gpg")
                        .with("userid", "Bob").with("publickeyring", home.resolve("public.asc").toString()))
                .dependsOn("reader")
                .step("decrypt", StepSpec.of("flow_gpg").with("command", "decrypt")
                        .with("from", "${{ record.f }}.gpg").with("to", "${{ record.f }}.out")
                        .with("passphrase", PASSPHRASE).with("secretkeyring", home.resolve("secret.gpg").toString()))
                .dependsOn("encrypt")
                .build();

        engineWithHome().run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();

        assertThat(read(dir.resolve("a.out"))).isEqualTo("A");
        assertThat(read(dir.resolve("b.out"))).isEqualTo("B");
    }

    @Test
    void aWrongPassphraseSetsSuccessFalseAndWritesNothing() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        Path plain = write(dir, "data.txt", "x");
        gpg("--trust-model", "always", "-r", "alice@example.org", "-o", dir.resolve("data.gpg").toString(),
                "--encrypt", plain.toString());

        RunResult result = engineWithHome().run(Dataflow.builder("dec")
                .step("decrypt", decrypt("data.gpg", "out.txt").with("passphrase", "wrong")).build(),
                RunOptions.builder().baseDir(dir).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.decrypt.vars.success")).contains(false);
        assertThat(FileTrees.snapshot(dir).keySet()).containsExactlyInAnyOrder("", "data.txt", "data.gpg");
    }

    @Test
    void anUnknownRecipientOrMissingInputSetsSuccessFalse() {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        write(dir, "data.txt", "x");

        RunResult result = engineWithHome().run(Dataflow.builder("enc")
                .step("nobody", encrypt("data.txt", "out.gpg", "carol@example.org"))
                .step("missing", encrypt("missing.txt", "out.gpg", "alice@example.org")).dependsOn("nobody")
                .step("ambiguous", encrypt("data.txt", "out.gpg", "")).dependsOn("missing")
                .build(), RunOptions.builder().baseDir(dir).build());

        assertThat(result.variable("steps.nobody.vars.success")).contains(false);
        assertThat(result.variable("steps.missing.vars.success")).contains(false);
        assertThat(result.variable("steps.ambiguous.vars.success")).contains(false);
        assertThat(FileTrees.snapshot(dir).keySet()).containsExactlyInAnyOrder("", "data.txt");
    }

    @Test
    void theKeyRingFieldTheCommandNeedsIsRequired() {
        Dataflow flow = Dataflow.builder("v")
                .step("enc", StepSpec.of("connector_gpg").with("command", "encrypt").with("from", "a")
                        .with("to", "b"))
                .step("dec", StepSpec.of("connector_gpg").with("command", "decrypt").with("from", "a")
                        .with("to", "b")).dependsOn("enc")
                .build();

        assertThat(engine.validate(flow, RunOptions.builder().baseDir(dir).build()).messages()).containsExactly(
                "Config 'publickeyring' is missing. It is required to encrypt, unless the engine has a GnuPG home "
                        + "directory (--gnupg-home DIR on the command line).",
                "Config 'secretkeyring' is missing. It is required to decrypt, unless the engine has a GnuPG home "
                        + "directory (--gnupg-home DIR on the command line).");
    }
}

package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --gnupg-home DIR} on {@code run}, {@code serve} and {@code validate}: a flow exported from tool_dataflows
 * names no key rings (the plugin ran {@code gpg --homedir} on its {@code gpg_key_dir}); with the option it validates
 * and runs unchanged. The home is made by {@code gpg} (Debian's GnuPG, which CI installs).
 */
class CliGnupgHomeTest {

    private static final String PASSPHRASE = "cli gnupg home passphrase";

    @TempDir
    static Path root;

    private static Path home;
    private static boolean gpgAvailable;

    @TempDir
    Path dir;

    /** As exported from tool_dataflows: no publickeyring, no secretkeyring. */
    private static final String FLOW = """
            name: gpg-roundtrip
            steps:
              encrypt:
                type: connector_gpg
                config: {command: encrypt, userid: alice@example.org, from: report.csv, to: report.csv.gpg}
              decrypt:
                type: connector_gpg
                depends_on: encrypt
                config:
                  command: decrypt
                  from: report.csv.gpg
                  to: back.csv
                  passphrase: ${{ secrets.gpg }}
            """;

    @BeforeAll
    static void makeHome() throws Exception {
        gpgAvailable = available();
        if (!gpgAvailable) {
            return;
        }
        home = Files.createDirectory(root.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        gpg("--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--quick-gen-key",
                "Alice <alice@example.org>", "default", "default", "never");
        stopAgent();
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

    private static void gpg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--quiet"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("gpg failed: " + command + "\n" + output);
        }
    }

    private Path flow(Path in) throws IOException {
        Files.writeString(in.resolve("report.csv"), "id,total\n1,42\n");
        return Files.writeString(in.resolve("roundtrip.yml"), FLOW);
    }

    private Path passphraseFile() throws IOException {
        return Files.writeString(dir.resolve("gpg.secret"), PASSPHRASE);
    }

    @Test
    void validateNeedsTheHomeOfAFlowWithoutKeyRings() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        Path flow = flow(dir);

        CliResult without = CliResult.run(Map.of(), "validate", flow.toString());
        CliResult with = CliResult.run(Map.of(), "validate", flow.toString(), "--gnupg-home", home.toString());

        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).isEqualTo(""
                + "encrypt: Config 'publickeyring' is missing. It is required to encrypt, unless the engine has a "
                + "GnuPG home directory (--gnupg-home DIR on the command line).\n"
                + "decrypt: Config 'secretkeyring' is missing. It is required to decrypt, unless the engine has a "
                + "GnuPG home directory (--gnupg-home DIR on the command line).\n");
        assertThat(with.exit()).as(with.err()).isZero();
        assertThat(with.out()).endsWith("dataflow 'gpg-roundtrip' is valid (2 steps)\n");
    }

    @Test
    void runEncryptsAndDecryptsWithTheKeysOfTheHome() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        Path flow = flow(dir);

        CliResult r = CliResult.run(Map.of(), "run", flow.toString(), "--state-dir", dir.resolve("state").toString(),
                "--gnupg-home", home.toString(), "--secret", "gpg=@" + passphraseFile());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("back.csv"))).isEqualTo("id,total\n1,42\n");
        assertThat(Files.readAllBytes(dir.resolve("report.csv.gpg"))).isNotEmpty();
        assertThat(r.out() + r.err()).doesNotContain(PASSPHRASE);
    }

    @Test
    void serveRunsTheFlowWithTheKeysOfTheHome() throws Exception {
        assumeTrue(gpgAvailable, "the gpg command is not installed");
        Path flows = Files.createDirectories(dir.resolve("flows"));
        flow(flows);
        Files.writeString(flows.resolve("roundtrip.yml"), FLOW.replace("""
                steps:
                  encrypt:
                    type: connector_gpg
                """, """
                steps:
                  hook:
                    type: trigger_webservice
                    config: {token: gnupg-hook-token}
                  encrypt:
                    type: connector_gpg
                    depends_on: hook
                """));
        CliProcess serve = CliProcess.start(dir.resolve("serve.log"), Map.of(),
                List.of("serve", flows.toString(), "--port", "0", "--state-dir", dir.resolve("state").toString(),
                        "--gnupg-home", home.toString(), "--secret", "gpg=@" + passphraseFile()));
        try {
            String base = null;
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); base == null; Thread.sleep(50)) {
                Matcher m = Pattern.compile("listening on (http://[0-9.]+:\\d+)").matcher(serve.output());
                if (m.find()) {
                    base = m.group(1);
                } else if (!serve.process().isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("serve did not start: " + serve.output());
                }
            }
            HttpResponse<String> called = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/hooks/gpg-roundtrip?wait=true")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer gnupg-hook-token").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(called.body()).contains("\"status\":\"finalised\"");
            assertThat(Files.readString(flows.resolve("back.csv"))).isEqualTo("id,total\n1,42\n");
        } finally {
            serve.kill();
        }
    }

    @Test
    void aHomeThatIsNotADirectoryIsAUsageError() throws Exception {
        Path flow = flow(dir);
        String missing = dir.resolve("no-such-home").toString();

        for (CliResult r : List.of(
                CliResult.run(Map.of(), "run", flow.toString(), "--state-dir", dir.resolve("state").toString(),
                        "--gnupg-home", missing),
                CliResult.run(Map.of(), "validate", flow.toString(), "--gnupg-home", missing),
                CliResult.run(Map.of(), "serve", dir.toString(), "--port", "0", "--state-dir",
                        dir.resolve("state").toString(), "--gnupg-home", missing))) {
            assertThat(r.exit()).as(r.err()).isEqualTo(64);
            assertThat(r.err().lines().findFirst().orElse("")).isEqualTo("--gnupg-home: not a directory: " + missing);
            assertThat(r.err()).doesNotContain("Exception");
        }
        assertThat(dir.resolve("report.csv.gpg")).doesNotExist();
    }
}

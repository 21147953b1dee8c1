package io.dataflows.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in with a private key file: OpenSSH keys, with and without a passphrase (given as {@code password}). */
class SftpKeyAuthTest {

    @TempDir
    Path remote;

    @TempDir
    Path local;

    private final TestKit kit = new TestKit();
    private final KeyPair user;
    private SftpTestServer server;

    SftpKeyAuthTest() throws Exception {
        user = SftpTestServer.newKey();
    }

    private SftpTestServer server() {
        if (server == null) {
            server = new SftpTestServer(remote);
        }
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private DataflowEngine engine() {
        return kit.builder().permittedDirectory(local).baseDirectory(local).build();
    }

    private Path writeKey(String name, String passphrase) throws Exception {
        Path file = local.resolve(name);
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setPassword(passphrase);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(user, "test", encryption, out);
        }
        return file;
    }

    private Dataflow download(String keyFile, String password) {
        return Definitions.readYaml(String.join("\n",
                "name: key-login",
                "steps:",
                "  copy:",
                "    type: connector_sftp",
                "    config:",
                "      host: 127.0.0.1",
                "      port: " + server().port(),
                "      username: " + SftpTestServer.USER,
                "      privkeyfile: " + keyFile,
                password == null ? "" : "      password: '" + password + "'",
                "      source: 'sftp://a.txt'",
                "      target: a.txt"), "key-login.yml");
    }

    @Test
    void logsInWithAnUnencryptedOpenSshKey() throws Exception {
        Files.writeString(remote.resolve("a.txt"), "with a key");
        server().authorize(user.getPublic());
        writeKey("id_plain", null);

        RunResult result = engine().run(download("id_plain", null));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(local.resolve("a.txt")).hasContent("with a key");
    }

    @Test
    void logsInWithAnEncryptedKeyWhosePassphraseIsThePassword() throws Exception {
        Files.writeString(remote.resolve("a.txt"), "with a key");
        server().authorize(user.getPublic());
        writeKey("id_locked", "key-passphrase");

        RunResult result = engine().run(download("id_locked", "key-passphrase"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(local.resolve("a.txt")).hasContent("with a key");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefused() throws Exception {
        Files.writeString(remote.resolve("a.txt"), "with a key");
        writeKey("id_plain", null);

        RunResult result = engine().run(download("id_plain", null));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getOriginalMessage()).isEqualTo("Authorisation failed. User "
                + "'partner' on 127.0.0.1:" + server().port() + ": No more authentication methods available");
    }

    @Test
    void aWrongPassphraseIsReportedWithTheKeyFileAndWithoutThePassphrase() throws Exception {
        server().authorize(user.getPublic());
        Path key = writeKey("id_locked", "key-passphrase");

        RunResult result = engine().run(download("id_locked", "not-the-passphrase"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getOriginalMessage())
                .startsWith("Cannot read the private key \"" + key + "\": ")
                .endsWith(" (config 'privkeyfile')")
                .doesNotContain("not-the-passphrase");
    }

    @Test
    void withoutAKeyFileAPasswordIsRequired() {
        var report = engine().validate(Definitions.readYaml(String.join("\n",
                "name: no-password",
                "steps:",
                "  copy:",
                "    type: connector_sftp",
                "    config: {host: h, username: u, source: 'sftp://a', target: a}"), "no-password.yml"));

        assertThat(report.problems()).extracting(Object::toString)
                .anySatisfy(p -> assertThat(p).contains("Config 'Password' is missing."));
    }
}

package io.dataflows.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.Definitions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.testkit.TestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/sftp.md, as written there but for the server's address and key, against a server on loopback. */
class SftpExampleTest {

    private static final Path DOC = Path.of("..", "docs", "sftp.md");

    @TempDir
    Path remote;

    @TempDir
    Path local;

    private SftpTestServer server;

    @BeforeEach
    void start() {
        server = new SftpTestServer(remote);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void thePartnersFileIsFetchedTransformedAndSentBack() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start))
                .replace("host: sftp.partner.example", "host: 127.0.0.1")
                .replace("port: 22", "port: " + server.port())
                .replace("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
                        KeyUtils.getFingerPrint(BuiltinDigests.sha256, server.hostKey()))
                .replace("username: exchange", "username: " + SftpTestServer.USER);
        Files.createDirectories(remote.resolve("outgoing"));
        Files.createDirectories(remote.resolve("incoming"));
        Files.writeString(remote.resolve("outgoing/people.csv"), "name,age\nAroha,34\nBen,27\n");
        Dataflow flow = Definitions.readYaml(yaml, "partner-exchange.yml");
        TestKit kit = new TestKit();

        RunResult result = kit.builder().permittedDirectory(local).baseDirectory(local)
                .secretProvider(SecretProvider.of(Map.of("partner_password", SftpTestServer.PASSWORD))).build()
                .run(flow);

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(remote.resolve("incoming/greetings.csv")))
                .isEqualTo("name,age,greeting\nAroha,34,\"Kia ora Aroha\"\nBen,27,\"Kia ora Ben\"\n");
        try (var files = Files.list(local)) {
            assertThat(files).isEmpty();
        }
    }
}

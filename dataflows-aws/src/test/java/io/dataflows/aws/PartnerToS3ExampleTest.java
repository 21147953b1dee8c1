package io.dataflows.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.Definitions;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.testkit.TestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example {@code dataflows-examples/flows/partner-to-s3.yml}, as written but for the servers' addresses
 * and key: an SFTP server (Apache MINA SSHD) and an S3-compatible store (S3Proxy), both on loopback.
 */
class PartnerToS3ExampleTest {

    private static final Path FLOW = Path.of("..", "dataflows-examples", "flows", "partner-to-s3.yml");
    private static final String PARTNER_PASSWORD = "partner-pw";

    @TempDir
    Path partner;

    @TempDir
    Path local;

    private SshServer sftp;
    private KeyPair hostKey;
    private S3TestServer s3;

    @BeforeEach
    void start() throws Exception {
        hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        sftp = SshServer.setUpDefaultServer();
        sftp.setHost("127.0.0.1");
        sftp.setPort(0);
        sftp.setKeyPairProvider(session -> List.of(hostKey));
        sftp.setPasswordAuthenticator((user, password, session) -> user.equals("exchange")
                && password.equals(PARTNER_PASSWORD));
        sftp.setFileSystemFactory(new VirtualFileSystemFactory(partner));
        sftp.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftp.start();
        s3 = new S3TestServer();
        s3.createBucket("partner-exchange");
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
        sftp.stop(true);
    }

    @Test
    void thePartnersFileIsFetchedGreetedAndPutIntoTheBucketLeavingNothingOnTheLocalDisk() throws Exception {
        Files.createDirectories(partner.resolve("outgoing"));
        Files.writeString(partner.resolve("outgoing/people.csv"), "name,age\nAroha,34\nBen,27\n");
        Dataflow flow = Definitions.read(FLOW);
        TestKit kit = new TestKit();

        RunResult result = kit.builder().permittedDirectory(local).baseDirectory(local)
                .secretProvider(SecretProvider.of(Map.of("partner_password", PARTNER_PASSWORD,
                        "aws_key", S3TestServer.KEY, "aws_secret", S3TestServer.SECRET)))
                .build()
                .run(flow, options(false));

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        String run = result.runName();
        assertThat(s3.keys("partner-exchange")).containsExactly("from-partner/" + run + "/greetings.csv");
        assertThat(new String(s3.get("partner-exchange", "from-partner/" + run + "/greetings.csv"),
                StandardCharsets.UTF_8))
                .isEqualTo("name,age,greeting\nAroha,34,\"Kia ora Aroha\"\nBen,27,\"Kia ora Ben\"\n");
        try (var files = Files.list(local)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDryRunFetchesAndTransformsButOnlyReportsTheUpload() throws Exception {
        Files.createDirectories(partner.resolve("outgoing"));
        Files.writeString(partner.resolve("outgoing/people.csv"), "name,age\nAroha,34\n");
        TestKit kit = new TestKit();

        RunResult result = kit.builder().permittedDirectory(local).baseDirectory(local)
                .secretProvider(SecretProvider.of(Map.of("partner_password", PARTNER_PASSWORD,
                        "aws_key", S3TestServer.KEY, "aws_secret", S3TestServer.SECRET)))
                .build()
                .run(Definitions.read(FLOW), options(true));

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(result.step("greet").recordsOut()).isEqualTo(1);
        assertThat(s3.keys("partner-exchange")).isEmpty();
        assertThat(result.effects()).extracting(Effect::toString).containsExactly("upload: would upload "
                + result.variable("steps.upload.source").orElseThrow() + " to s3://partner-exchange/from-partner/"
                + result.runName() + "/greetings.csv");
        try (var files = Files.list(local)) {
            assertThat(files).isEmpty();
        }
    }

    private RunOptions options(boolean dryRun) {
        return RunOptions.builder().dryRun(dryRun)
                .var("sftphost", "127.0.0.1")
                .var("sftpport", sftp.getPort())
                .var("hostkey", KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic()))
                .var("s3endpoint", s3.endpoint())
                .var("pathstyle", true)
                .build();
    }
}

package io.dataflows.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Without key and secret, connector_s3 signs with the AWS SDK's default credentials, here the system properties
 * aws.accessKeyId and aws.secretAccessKey; the server checks the signature. Sets system properties: no other test
 * may run meanwhile.
 */
@Isolated
class S3DefaultCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void withoutKeyAndSecretTheSdksDefaultCredentialsSign() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "signed by default");
        String key = System.setProperty("aws.accessKeyId", S3TestServer.KEY);
        String secret = System.setProperty("aws.secretAccessKey", S3TestServer.SECRET);
        try (S3TestServer s3 = new S3TestServer()) {
            s3.createBucket("defaults");

            RunResult result = new TestKit().builder().build().run(Dataflow.builder("defaults")
                    .step("copy", StepSpec.of("connector_s3").with("bucket", "defaults")
                            .with("region", S3TestServer.REGION).with("endpoint", s3.endpoint())
                            .with("pathstyle", true).with("source", "a.txt").with("target", "s3://a.txt"))
                    .build(), RunOptions.builder().baseDir(dir).build());

            assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
            assertThat(s3.get("defaults", "a.txt")).asString(StandardCharsets.UTF_8).isEqualTo("signed by default");
        } finally {
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}

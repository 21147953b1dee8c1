package io.dataflows.aws;

import static io.dataflows.aws.S3TestServer.KEY;
import static io.dataflows.aws.S3TestServer.REGION;
import static io.dataflows.aws.S3TestServer.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.aws.internal.S3CopyStep;
import io.dataflows.testkit.TestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multipart upload whose second part the store cannot save is aborted: no object, no parts left behind. */
class S3MultipartFailureTest {

    @TempDir
    Path dir;

    @Test
    void aFailedPartAbortsTheUpload() throws Exception {
        byte[] content = new byte[(int) (2 * S3CopyStep.PART_SIZE + 1)];
        new Random(7).nextBytes(content);
        Files.write(dir.resolve("big.bin"), content);
        try (S3TestServer s3 = new S3TestServer(2)) {
            s3.createBucket("parts");

            RunResult result = new TestKit().builder().build().run(Dataflow.builder("s3")
                    .step("copy", StepSpec.of("connector_s3").with("bucket", "parts").with("region", REGION)
                            .with("key", KEY).with("secret", SECRET).with("endpoint", s3.endpoint())
                            .with("pathstyle", true).with("source", "big.bin").with("target", "s3://big.bin"))
                    .build(), RunOptions.builder().baseDir(dir).build());

            assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
            assertThat(result.failure().orElseThrow().getMessage()).startsWith("Step 'copy' (connector_s3) failed: "
                    + "S3 copy of " + dir.resolve("big.bin") + " to s3://parts/big.bin failed: ");
            assertThat(s3.keys("parts")).isEmpty();
            assertThat(s3.pendingUploads("parts")).isZero();
        }
    }
}

package io.dataflows.aws.internal;

import static io.dataflows.aws.S3TestServer.KEY;
import static io.dataflows.aws.S3TestServer.REGION;
import static io.dataflows.aws.S3TestServer.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.aws.S3TestServer;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.TestKit;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A copy inside S3 of an object larger than one CopyObject request takes: in parts S3 copies from ranges of the
 * source. S3's limit is 5 GiB; here the step's limit is 6 MiB, so that a 13 MiB object takes three parts.
 */
class S3MultipartCopyTest {

    private static final long LIMIT = 6L * 1024 * 1024;

    private S3TestServer s3;
    private DataflowEngine engine;

    @BeforeEach
    void start() throws Exception {
        s3 = new S3TestServer();
        s3.createBucket("big");
        engine = new TestKit().builder()
                .stepRegistry(new TestKit().registryBuilder().add(new S3CopyStep(StepKind.CONNECTOR, LIMIT) { })
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private RunResult copy(String source, String target) {
        return engine.run(Dataflow.builder("copy")
                .step("copy", StepSpec.of("connector_s3").with("bucket", "big").with("region", REGION)
                        .with("key", KEY).with("secret", SECRET).with("endpoint", s3.endpoint())
                        .with("pathstyle", true).with("source", source).with("target", target))
                .build(), RunOptions.defaults());
    }

    @Test
    void anObjectLargerThanTheLimitIsCopiedInRangesAndComesOutTheSame() {
        byte[] content = new byte[(int) (2 * LIMIT + 1024 * 1024)];
        new Random(7).nextBytes(content);
        s3.put("big", "in/large.bin", content);

        RunResult result = copy("s3://in/large.bin", "s3://out/");

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.copy.bytes")).contains((long) content.length);
        assertThat(s3.get("big", "out/large.bin")).isEqualTo(content);
        assertThat(s3.eTag("big", "out/large.bin")).as("a multipart upload's ETag counts its parts").endsWith("-3\"");
        assertThat(s3.pendingUploads("big")).isZero();
    }

    @Test
    void anObjectAtTheLimitIsCopiedInOneRequest() {
        byte[] content = new byte[(int) LIMIT];
        new Random(8).nextBytes(content);
        s3.put("big", "in/exact.bin", content);

        RunResult result = copy("s3://in/exact.bin", "s3://out/exact.bin");

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(s3.get("big", "out/exact.bin")).isEqualTo(content);
        assertThat(s3.eTag("big", "out/exact.bin")).doesNotContain("-");
    }

    @Test
    void aMissingSourceFailsWithS3sOwnError() {
        RunResult result = copy("s3://in/missing.bin", "s3://out/missing.bin");

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'copy' (connector_s3) failed: "
                + "S3 copy of s3://big/in/missing.bin to s3://big/out/missing.bin failed: "
                + "NoSuchKey: The specified key does not exist. (HTTP 404)");
        assertThat(s3.keys("big")).isEmpty();
    }
}

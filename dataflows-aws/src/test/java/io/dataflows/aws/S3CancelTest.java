package io.dataflows.aws;

import static io.dataflows.aws.S3TestServer.KEY;
import static io.dataflows.aws.S3TestServer.REGION;
import static io.dataflows.aws.S3TestServer.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.aws.internal.S3CopyStep;
import io.dataflows.testkit.TestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancelled run stops an S3 transfer at once, not after the 30 s read timeout, even while the step waits for the
 * server's answer, and the multipart upload it was making is aborted.
 */
class S3CancelTest {

    @TempDir
    Path dir;

    private final CountDownLatch partTwoArrived = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private S3TestServer s3;

    @BeforeEach
    void start() throws Exception {
        // a store that takes its time over part 2, until the test releases it
        s3 = new S3TestServer(part -> {
            if (part == 2) {
                partTwoArrived.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        s3.createBucket("slow");
    }

    @AfterEach
    void stop() {
        release.countDown();
        s3.close();
    }

    @Test
    void aCancelledUploadWaitingForTheServerEndsAtOnceAndLeavesNoPartsBehind() throws Exception {
        Files.write(dir.resolve("big.bin"), new byte[(int) (2 * S3CopyStep.PART_SIZE + 1)]);
        Dataflow flow = Dataflow.builder("upload")
                .step("copy", StepSpec.of("connector_s3").with("bucket", "slow").with("region", REGION)
                        .with("key", KEY).with("secret", SECRET).with("endpoint", s3.endpoint())
                        .with("pathstyle", true).with("source", "big.bin").with("target", "s3://big.bin"))
                .build();
        RunHandle handle = new TestKit().builder().build().start(flow, RunOptions.builder().baseDir(dir).build());
        assertThat(partTwoArrived.await(60, TimeUnit.SECONDS)).isTrue();

        handle.cancel();
        Optional<RunResult> result = handle.await(Duration.ofSeconds(10));

        assertThat(result).as("ended before the read timeout").isPresent();
        assertThat(result.get().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(s3.pendingUploads("slow")).isZero();
        assertThat(s3.keys("slow")).isEmpty();
    }
}

package io.dataflows.aws;

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
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestKit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What connector_s3 logs, with its DEBUG lines and the AWS SDK's on (simplelogger.properties). Replaces System.err
 * to read what slf4j-simple prints: no other test may run meanwhile.
 */
@Isolated
class S3CopyLogTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = new TestKit().builder().build();
    private S3TestServer s3;

    @BeforeEach
    void start() throws Exception {
        s3 = new S3TestServer();
        s3.createBucket("logs");
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private static String stderrOf(Supplier<RunResult> action, RunResult[] result) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            result[0] = action.get();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Dataflow flow(String source, String target, boolean continueOnError) {
        return Dataflow.builder("s3")
                .step("copy", StepSpec.of("connector_s3").with("bucket", "logs").with("region", REGION)
                        .with("key", KEY).with("secret", SECRET).with("endpoint", s3.endpoint())
                        .with("pathstyle", true).with("source", source).with("target", target)
                        .with("continueonerror", continueOnError))
                .build();
    }

    private RunResult run(Dataflow flow, boolean dryRun) {
        return engine.run(flow, RunOptions.builder().baseDir(dir).dryRun(dryRun).build());
    }

    @Test
    void logsTheTransferButNeverTheSecret() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "a,b\n");
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> run(flow("a.csv", "s3://in/a.csv", false), false), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(logged).contains("INFO io.dataflows.aws.internal.S3CopyStep - Uploading " + dir.resolve("a.csv")
                + " to s3://logs/in/a.csv (4 bytes)\n")
                .contains("DEBUG software.amazon.awssdk")
                .doesNotContain(SECRET);
    }

    @Test
    void withContinueOnErrorAFailureIsLoggedAtErrorWithoutTheSecret() {
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> run(flow("s3://missing.csv", "missing.csv", true), false), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(logged).contains("ERROR io.dataflows.aws.internal.S3CopyStep - S3 copy of s3://logs/missing.csv "
                + "to " + dir.resolve("missing.csv") + " failed: NoSuchKey: The specified key does not exist. "
                + "(HTTP 404)\n").doesNotContain(SECRET);
    }

    @Test
    void theFlowFormCopiesEveryRecordsFileWithOneClientAndANewOneWhenTheConnectionChanges() throws Exception {
        for (String name : List.of("a", "b", "c", "d")) {
            Files.writeString(dir.resolve(name + ".csv"), name);
        }
        Dataflow flow = Dataflow.builder("s3")
                .step("read", StepSpec.of(ArraySource.ID).with("source", List.of(Map.of("name", "a", "region", REGION),
                        Map.of("name", "b", "region", REGION), Map.of("name", "c", "region", "eu-west-1"),
                        Map.of("name", "d", "region", "eu-west-1"))))
                .step("copy", StepSpec.of("flow_s3").with("bucket", "logs")
                        .with("region", "${{ record.region }}").with("key", KEY).with("secret", SECRET)
                        .with("endpoint", s3.endpoint()).with("pathstyle", true).with("source", "${{ record.name }}.csv")
                        .with("target", "s3://in/")).dependsOn("read")
                .build();
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> run(flow, false), result);

        assertThat(result[0].status()).as(result[0].error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(s3.keys("logs")).containsExactly("in/a.csv", "in/b.csv", "in/c.csv", "in/d.csv");
        assertThat(logged.lines().filter(l -> l.contains("S3Clients - Opening an S3 client"))
                .map(l -> l.substring(l.indexOf("DEBUG"))))
                .containsExactly(
                        "DEBUG io.dataflows.aws.internal.S3Clients - Opening an S3 client for region " + REGION
                                + " at " + s3.endpoint(),
                        "DEBUG io.dataflows.aws.internal.S3Clients - Opening an S3 client for region eu-west-1 at "
                                + s3.endpoint());
    }

    @Test
    void aDryRunSaysItSkipsTheCopy() {
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> run(flow("s3://in/a.csv", "s3://out/", false), true), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(logged).contains("INFO io.dataflows.aws.internal.S3CopyStep - Skipping copy to 's3://out/a.csv' "
                + "as this is a dry run.\n").doesNotContain("Copying").doesNotContain(SECRET);
        assertThat(s3.keys("logs")).isEmpty();
    }
}

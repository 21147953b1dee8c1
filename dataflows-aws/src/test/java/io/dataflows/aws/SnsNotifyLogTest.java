package io.dataflows.aws;

import static io.dataflows.aws.SnsNotifyStepTest.KEY;
import static io.dataflows.aws.SnsNotifyStepTest.REGION;
import static io.dataflows.aws.SnsNotifyStepTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestKit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What connector_sns_notify logs, with its DEBUG lines and the AWS SDK's on (simplelogger.properties). Replaces
 * System.err to read what slf4j-simple prints: no other test may run meanwhile.
 */
@Isolated
class SnsNotifyLogTest {

    private final DataflowEngine engine = new TestKit().builder().build();
    private FakeSnsServer sns;

    @BeforeEach
    void start() throws IOException {
        sns = new FakeSnsServer(REGION);
    }

    @AfterEach
    void stop() {
        sns.close();
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

    private Dataflow flow(String topic) {
        return Dataflow.builder("sns")
                .step("notify", StepSpec.of("connector_sns_notify").with("region", REGION).with("key", KEY)
                        .with("secret", SECRET).with("endpoint", sns.endpoint()).with("topic", topic)
                        .with("message", "Disk full on ${{ dataflow.name }}"))
                .build();
    }

    @Test
    void logsTheTopicAtInfoAndTheMessageAtDebugButNeverTheSecret() {
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> engine.run(flow("alerts")), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(logged).contains("INFO io.dataflows.aws.internal.SnsNotifyStep - Sending SNS notification to "
                + "topic \"alerts\". Message follows.\n")
                .contains("DEBUG io.dataflows.aws.internal.SnsNotifyStep - Disk full on sns\n")
                .contains("DEBUG software.amazon.awssdk")
                .doesNotContain(SECRET);
    }

    @Test
    void aFailureIsLoggedWithoutTheSecret() {
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> engine.run(flow("missing")), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.ABORTED);
        assertThat(logged).contains("NotFound: Topic does not exist (HTTP 404)").doesNotContain(SECRET);
    }

    @Test
    void aDryRunSaysItSkipsTheNotification() {
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> engine.run(flow("alerts"), RunOptions.builder().dryRun(true).build()),
                result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(logged).contains("INFO io.dataflows.aws.internal.SnsNotifyStep - Skip SNS notification as this is "
                + "a dry run.\n").doesNotContain("Sending SNS notification").doesNotContain(SECRET);
        assertThat(sns.requests()).isEmpty();
    }
}

package io.dataflows.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Effect;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** connector_sns_notify through the AWS SDK's real client, against {@link FakeSnsServer} on loopback. */
class SnsNotifyStepTest {

    static final String REGION = "ap-southeast-2";
    static final String KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().build();
    private FakeSnsServer sns;

    @BeforeEach
    void start() throws IOException {
        sns = new FakeSnsServer(REGION);
    }

    @AfterEach
    void stop() {
        sns.close();
    }

    private StepSpec notify(String topic, String message) {
        return StepSpec.of("connector_sns_notify").with("region", REGION).with("key", KEY).with("secret", SECRET)
                .with("endpoint", sns.endpoint()).with("topic", topic).with("message", message);
    }

    private static Dataflow flow(StepSpec notify) {
        return Dataflow.builder("sns")
                .var("who", "world")
                .step("notify", notify)
                .step("after", StepSpec.of(TestConnector.ID)).dependsOn("notify")
                .stepVar("id", "${{ steps.notify.messageid }}")
                .build();
    }

    @Test
    void publishesToATopicArnDirectlyWithASignedRequest() {
        String arn = sns.arn("alerts");

        RunResult result = engine.run(flow(notify(arn, "Hello ${{ dataflow.vars.who }}")));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(sns.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.action()).isEqualTo("Publish");
            assertThat(r.form()).containsEntry("TopicArn", arn).containsEntry("Message", "Hello world");
            assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY + "/")
                    .contains("/" + REGION + "/sns/aws4_request").contains("Signature=")
                    .doesNotContain(SECRET);
        });
        assertThat(result.variable("steps.notify.messageid")).contains("msg-1");
        assertThat(result.variable("steps.after.vars.id")).contains("msg-1");
    }

    @Test
    void aTopicNameIsCreatedThenPublishedTo() {
        RunResult result = engine.run(flow(notify("alerts", "by name")));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(sns.requests()).extracting(FakeSnsServer.Request::action).containsExactly("CreateTopic",
                "Publish");
        assertThat(sns.requests().get(0).form()).containsEntry("Name", "alerts");
        assertThat(sns.requests().get(1).form()).containsEntry("TopicArn", sns.arn("alerts"))
                .containsEntry("Message", "by name");
        assertThat(result.variable("steps.after.vars.id")).contains("msg-1");
    }

    @Test
    void theMessageArrivesExactlyAsWrittenNonAsciiAndLinesIncluded() {
        String message = "Kia ora — café ☕ 日本語 😀\nsecond line & a=b+c%20\n";

        RunResult result = engine.run(flow(notify(sns.arn("alerts"), message)));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(sns.requests()).singleElement()
                .satisfies(r -> assertThat(r.form().get("Message")).isEqualTo(message));
    }

    @Test
    void aDryRunSendsNothingAndReportsThePublish() {
        RunResult result = engine.run(flow(notify("alerts", "not sent")), RunOptions.builder().dryRun(true).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(sns.requests()).isEmpty();
        assertThat(result.effects()).containsExactly(Effect.of("notify", Effect.Kind.SEND, "alerts",
                "publish to SNS topic alerts"));
        assertThat(result.effects().get(0)).hasToString("notify: would publish to SNS topic alerts");
        assertThat(result.variable("steps.notify.messageid")).isEmpty();
    }

    @Test
    void anErrorFromSnsFailsTheStepWithTopicRegionAndAwsError() {
        RunResult result = engine.run(flow(notify("missing", "lost")));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'notify' (connector_sns_notify) "
                + "failed: SNS notification to topic \"missing\" in region ap-southeast-2 failed: NotFound: Topic "
                + "does not exist (HTTP 404)");
        assertThat(stackTrace(result.failure().orElseThrow())).doesNotContain(SECRET);
        assertThat(result.step("after").status()).isNotEqualTo(RunStatus.FINALISED);
    }

    @Test
    void anUnreachableEndpointFailsTheStepSayingWhy() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }

        RunResult result = engine.run(flow(notify(sns.arn("alerts"), "x").with("endpoint", closed)));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).startsWith("Step 'notify' (connector_sns_notify) "
                + "failed: SNS notification to topic \"" + sns.arn("alerts") + "\" in region ap-southeast-2 "
                + "failed: Unable to execute HTTP request");
        assertThat(stackTrace(result.failure().orElseThrow())).doesNotContain(SECRET);
    }

    @Test
    void regionTopicAndMessageAreRequired() {
        Dataflow flow = flow(StepSpec.of("connector_sns_notify").with("key", KEY).with("secret", SECRET));

        assertThat(engine.validate(flow).problems()).containsExactlyInAnyOrder(
                Problem.ofStep("notify", "config.region", "Config 'region' is missing."),
                Problem.ofStep("notify", "config.topic", "Config 'topic' is missing."),
                Problem.ofStep("notify", "config.message", "Config 'message' is missing."));
    }

    @Test
    void aKeyWithoutASecretOrASecretWithoutAKeyIsAProblem() {
        String both = "Config 'key' and 'secret' go together: give both, or neither to use the AWS SDK's default "
                + "credentials.";
        Dataflow keyOnly = flow(notify("alerts", "m").with("secret", ""));
        Dataflow secretOnly = flow(notify("alerts", "m").with("key", ""));
        Dataflow neither = flow(notify("alerts", "m").with("key", "").with("secret", ""));

        assertThat(engine.validate(keyOnly).problems()).containsExactly(
                Problem.ofStep("notify", "config.secret", both));
        assertThat(engine.validate(secretOnly).problems()).containsExactly(
                Problem.ofStep("notify", "config.key", both));
        assertThat(engine.validate(neither).problems()).isEmpty();
    }

    @Test
    void aKeyFromAVariableWithoutASecretFailsTheRun() {
        Dataflow flow = Dataflow.builder("sns")
                .var("key", KEY)
                .step("notify", notify("alerts", "m").with("key", "${{ dataflow.vars.key }}").with("secret", ""))
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'notify' (connector_sns_notify) "
                + "failed: Config 'key' and 'secret' go together: give both, or neither to use the AWS SDK's "
                + "default credentials.");
        assertThat(sns.requests()).isEmpty();
    }

    @Test
    void malformedRegionEndpointAndTopicAreProblems() {
        Dataflow flow = flow(notify("not a topic!", "m").with("region", "Sydney").with("endpoint", "ftp://x"));

        assertThat(engine.validate(flow).problems()).containsExactlyInAnyOrder(
                Problem.ofStep("notify", "config.region", "Config 'region' is invalid. It must be an AWS region "
                        + "name such as ap-southeast-2 (lower-case letters, digits and dashes)."),
                Problem.ofStep("notify", "config.endpoint", "Config 'endpoint' is invalid. It must be an http or "
                        + "https URL with a host, such as http://localhost:4566."),
                Problem.ofStep("notify", "config.topic", "Config 'topic' is invalid. It must be a topic ARN "
                        + "(arn:aws:sns:...) or a topic name of up to 256 letters, digits, '-' and '_'."));
    }

    @Test
    void theSecretIsNeverShownInTheDefinitionsExportOrRunState() {
        RunResult result = engine.run(flow(notify("alerts", "m")));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(String.valueOf(result.variables())).doesNotContain(SECRET);
        assertThat(Map.copyOf(result.variables()).toString()).doesNotContain(SECRET);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

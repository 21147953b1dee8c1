package io.dataflows.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestKit;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AbortNotifier} against a real SMTP server (GreenMail) on loopback. */
class AbortNotifierTest {

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp"));

    private final TestKit kit = new TestKit();

    private SmtpServer server() {
        return SmtpServer.builder("127.0.0.1", "dataflows@example.com").port(greenMail.getSmtp().getPort()).build();
    }

    private DataflowEngine engine(SmtpServer server) {
        StepRegistry registry = StepRegistry.builder().discover().add(new ArraySource()).add(kit.connector())
                .add(kit.sink()).add(new FailingFlowStep()).build();
        return DataflowEngine.builder().stepRegistry(registry).listener(new AbortNotifier(server)).build();
    }

    private static Dataflow flow(String yaml) {
        return Definitions.readYaml(yaml, "test.yml");
    }

    private static final String FAILS_ON_RECORD_2 = """
            name: nightly
            config:
              notifyonabort: ' ops@example.com, not-an-address ,, Dev Team <dev@example.com>'
            steps:
              rows:
                type: test_source
                config:
                  source: [{id: 1}, {id: 2, fail: true}, {id: 3}]
              check:
                type: test_fail
                depends_on: rows
              out:
                type: test_sink
                depends_on: check
            """;

    @Test
    void anAbortedRunSendsOneEmailToTheListedAddresses() throws Exception {
        RunResult result;
        try (LogCapture log = LogCapture.of("io.dataflows.mail")) {
            result = engine(server()).run(flow(FAILS_ON_RECORD_2));
            assertThat(log.lines("abort notification")).containsExactly(
                    "WARN Config 'notifyonabort' of dataflow 'nightly' is invalid: \"not-an-address\" is not an "
                            + "e-mail address (Missing final '@domain'). The abort notification is not sent to it.",
                    "INFO Sending abort notification email.");
        }

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2); // one e-mail, one copy per recipient
        MimeMessage m = received[0];
        assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                .map(a -> ((InternetAddress) a).toUnicodeString()))
                .containsExactly("ops@example.com", "Dev Team <dev@example.com>");
        assertThat(m.getSubject()).isEqualTo("Dataflow run aborted: nightly");
        assertThat(GreenMailUtil.getBody(m).replace("\r\n", "\n")).isEqualTo(
                "The dataflow nightly was aborted on run " + result.runId() + ".\n"
                        + "\n"
                        + "Reason: record 2 is bad\n"
                        + "Failed step: check (test_fail), on record #2\n"
                        + "\n"
                        + "See the run logs for further details.");
    }

    @Test
    void anAbortByAStepNotifiesTheAddressesOfAList() throws Exception {
        RunResult result = engine(server()).run(flow("""
                name: stopped
                config:
                  notifyonabort: [ops@example.com, 'dev@example.com, qa@example.com']
                steps:
                  stop:
                    type: test_connector
                    config: {outcome: abort}
                """));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(3);
        assertThat(received[0].getAllRecipients()).extracting(Object::toString)
                .containsExactly("ops@example.com", "dev@example.com", "qa@example.com");
        assertThat(GreenMailUtil.getBody(received[0]).replace("\r\n", "\n")).isEqualTo(
                "The dataflow stopped was aborted on run " + result.runId() + ".\n\nReason: stop here\n"
                        + "Failed step: stop (test_connector)\n\nSee the run logs for further details.");
    }

    @Test
    void runsThatDoNotAbortAndFlowsWithoutAddressesSendNothing() {
        DataflowEngine engine = engine(server());
        assertThat(engine.run(flow("""
                name: fine
                config: {notifyonabort: ops@example.com}
                steps:
                  go: {type: test_connector}
                """)).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(engine.run(flow("""
                name: skips-the-rest
                config: {notifyonabort: ops@example.com}
                steps:
                  go: {type: test_connector, config: {outcome: cancel}}
                """)).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(engine.run(flow("""
                name: unlisted
                steps:
                  go: {type: test_connector, config: {outcome: fail}}
                """)).status()).isEqualTo(RunStatus.ABORTED);
        assertThat(engine.run(flow("""
                name: blank
                config: {notifyonabort: ''}
                steps:
                  go: {type: test_connector, config: {outcome: fail}}
                """)).status()).isEqualTo(RunStatus.ABORTED);

        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void anAbortedDryRunSendsNothingAndSaysSo() {
        RunResult result;
        try (LogCapture log = LogCapture.of("io.dataflows.mail")) {
            result = engine(server()).run(flow(FAILS_ON_RECORD_2), RunOptions.builder().dryRun(true).build());
            assertThat(log.lines("abort notification")).endsWith(
                    "INFO Do not send abort notification email as this is a dry run.");
            assertThat(log.lines("Sending abort")).isEmpty();
        }

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aNotificationThatCannotBeSentIsLoggedAndLeavesTheResultAsItWas() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String password = "notify-Pa55-" + closed;
        SmtpServer nowhere = SmtpServer.builder("127.0.0.1", "dataflows@example.com").port(closed)
                .login("robot", password).build();
        RunResult result;
        try (LogCapture log = LogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            result = engine(nowhere).run(flow("""
                    name: unsent
                    config: {notifyonabort: ops@example.com}
                    steps:
                      go: {type: test_connector, config: {outcome: fail}}
                    """));
            assertThat(log.lines("abort notification of dataflow 'unsent'")).containsExactly(
                    "WARN Cannot send the abort notification of dataflow 'unsent' (run " + result.runId()
                            + ") to ops@example.com: Cannot connect to the SMTP server 127.0.0.1:" + closed
                            + ": Connection refused.");
            assertThat(String.join("\n", log.lines())).doesNotContain(password);
        }

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValue("Step 'go' (test_connector) failed: boom with null");
    }
}

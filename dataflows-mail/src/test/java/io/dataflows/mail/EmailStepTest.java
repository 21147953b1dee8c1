package io.dataflows.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowValidationException;
import io.dataflows.Definitions;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code connector_email} and {@code flow_email} against a real SMTP server (GreenMail) on loopback: what arrives,
 * dry runs, validation, and the failures a user meets (a server that is not there, a wrong password).
 */
class EmailStepTest {

    private static final String PASSWORD = "s3cr3t-Pa55word-7781";

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp"))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("robot@example.com", "robot", PASSWORD));

    private final TestKit kit = new TestKit();

    private int port() {
        return greenMail.getSmtp().getPort();
    }

    private SmtpServer server() {
        return SmtpServer.builder("127.0.0.1", "Dataflows <dataflows@example.com>").port(port()).build();
    }

    private DataflowEngine engine(SmtpServer server) {
        return kit.builder().service(SmtpServer.class, server).build();
    }

    private static Dataflow flow(String yaml) {
        return Definitions.readYaml(yaml, "test.yml");
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(a -> ((InternetAddress) a)
                .toUnicodeString()).toList();
    }

    @Test
    void theConnectorSendsOnePlainTextEmailWithItsHeaders() throws Exception {
        RunResult result;
        List<String> logged;
        try (LogCapture log = LogCapture.of("io.dataflows.mail")) {
            result = engine(server()).run(flow("""
                name: notify
                steps:
                  mail:
                    type: connector_email
                    config:
                      to: ann@example.com
                      name: Ann Example
                      cc: 'bob@example.com, Carl <carl@example.com>'
                      bcc: dora@audit.example
                      subject: Report ${{ 1 + 1 }}
                      message: "Hello,\\nthe report is ready."
                """));
            logged = log.lines("Report 2");
            assertThat(log.lines("Sending email to Ann")).containsExactly(
                    "INFO Sending email to Ann Example <ann@example.com>");
        }

        assertThat(logged).containsExactly("DEBUG Email subject: Report 2");
        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        MimeMessage[] received = greenMail.getReceivedMessages();
        // one copy per recipient: ann, bob, carl and dora
        assertThat(received).hasSize(4);
        MimeMessage m = received[0];
        assertThat(addresses(m.getFrom())).containsExactly("Dataflows <dataflows@example.com>");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO))).containsExactly("Ann Example <ann@example.com>");
        assertThat(addresses(m.getRecipients(Message.RecipientType.CC)))
                .containsExactly("bob@example.com", "Carl <carl@example.com>");
        assertThat(m.getHeader("Bcc")).as("Bcc is not in the delivered header").isNull();
        assertThat(m.getSubject()).isEqualTo("Report 2");
        assertThat(m.getContentType()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(GreenMailUtil.getBody(m).replace("\r\n", "\n")).isEqualTo("Hello,\nthe report is ready.");
        assertThat(greenMail.findReceivedMessages(u -> u.getEmail().equals("dora@audit.example"), x -> true)
                .count()).as("the Bcc recipient gets the e-mail").isEqualTo(1);
        assertThat(greenMail.findReceivedMessages(u -> u.getEmail().equals("carl@example.com"), x -> true)
                .count()).as("a Cc recipient gets the e-mail").isEqualTo(1);
        assertThat(result.effects()).isEmpty();
    }

    @Test
    void htmlAndNonAsciiTextAreSentAsUtf8() throws Exception {
        engine(server()).run(flow("""
                name: html
                steps:
                  mail:
                    type: connector_email
                    config:
                      to: Zoë Ünal <zoe@bücher.example>
                      subject: "Über 5 € — 東京 ✓"
                      message: "<p>Grüße aus Zürich: 5 € ✓</p>"
                      html: true
                """)).orThrow();

        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("Über 5 € — 東京 ✓");
        assertThat(m.getHeader("Subject")[0]).as("RFC 2047 encoded words").startsWith("=?UTF-8?").doesNotContain("Ü");
        assertThat(m.getContentType()).isEqualTo("text/html; charset=UTF-8");
        assertThat((String) m.getContent()).isEqualTo("<p>Grüße aus Zürich: 5 € ✓</p>");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO))).containsExactly("\"Zoë Ünal\" <zoe@xn--bcher-kva.example>");
        assertThat(m.getHeader("To")[0]).as("RFC 2047 encoded name").startsWith("=?UTF-8?");
    }

    @Test
    void flowEmailSendsOneEmailPerRecordFromItsFieldsInOrderAndPassesTheRecordsOn() throws Exception {
        RunResult result = engine(server()).run(flow("""
                name: per-user
                steps:
                  users:
                    type: test_source
                    config:
                      source:
                        - {name: Ann, email: ann@example.com, total: 3}
                        - {name: Bob, email: bob@example.com, total: 5}
                        - {name: Cem, email: cem@example.com, total: 8}
                  mail:
                    type: flow_email
                    depends_on: users
                    config:
                      to: ${{ record.email }}
                      name: ${{ record.name }}
                      subject: Your total, ${{ record.name }}
                      message: Dear ${{ record.name }}, your total is ${{ record.total }}.
                  out:
                    type: test_sink
                    depends_on: mail
                """));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(3);
        assertThat(Arrays.stream(received).map(m -> {
            try {
                return addresses(m.getRecipients(Message.RecipientType.TO)).get(0) + " | " + m.getSubject() + " | "
                        + m.getContent();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).containsExactly(
                "Ann <ann@example.com> | Your total, Ann | Dear Ann, your total is 3.",
                "Bob <bob@example.com> | Your total, Bob | Dear Bob, your total is 5.",
                "Cem <cem@example.com> | Your total, Cem | Dear Cem, your total is 8.");
        assertThat(kit.sink().maps("out")).extracting(r -> r.get("name")).containsExactly("Ann", "Bob", "Cem");
        assertThat(result.step("mail").recordsOut()).isEqualTo(3);
    }

    @Test
    void theMessageMayBeToolDataflowsEditorValueWhoseTextIsTheBody() throws Exception {
        engine(server()).run(flow("""
                name: imported
                steps:
                  users:
                    type: test_source
                    config:
                      source: [{name: Ann}]
                  mail:
                    type: flow_email
                    depends_on: users
                    config:
                      to: ann@example.com
                      subject: Hi
                      message:
                        text: Hello ${{ record.name }}
                        format: '1'
                """)).orThrow();

        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertThat(m.getContent()).isEqualTo("Hello Ann");
        assertThat(m.getContentType()).isEqualTo("text/plain; charset=UTF-8");
    }

    @Test
    void aLineBreakInTheSubjectCannotAddAHeaderAndANameInToWins() throws Exception {
        engine(server()).run(flow("""
                name: injection
                steps:
                  rows:
                    type: test_source
                    config:
                      source: [{title: "Hi\r\nBcc: all@example.com"}]
                  mail:
                    type: flow_email
                    depends_on: rows
                    config:
                      to: Ann Own <ann@example.com>
                      name: Ignored
                      subject: ${{ record.title }}
                      message: m
                """)).orThrow();

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Hi Bcc: all@example.com");
        assertThat(received[0].getHeader("Bcc")).isNull();
        assertThat(addresses(received[0].getRecipients(Message.RecipientType.TO)))
                .containsExactly("Ann Own <ann@example.com>");
    }

    @Test
    void aDryRunSendsNothingReportsEachEmailAndPassesTheRecordsOn() throws Exception {
        Dataflow flow = flow("""
                name: dry
                steps:
                  users:
                    type: test_source
                    config:
                      source: [{email: ann@example.com}, {email: bob@example.com}]
                  each:
                    type: flow_email
                    depends_on: users
                    config:
                      to: ${{ record.email }}
                      bcc: audit@example.com
                      subject: Hi
                      message: Hello
                  out:
                    type: test_sink
                    depends_on: each
                  once:
                    type: connector_email
                    config:
                      to: boss@example.com
                      subject: Done
                      message: All sent
                """);
        RunResult result;
        try (LogCapture log = LogCapture.of("io.dataflows.mail")) {
            result = engine(server()).run(flow, RunOptions.builder().dryRun(true).build());
            assertThat(log.lines("dry run")).contains(
                    "INFO Skip email notification as this is a dry run.",
                    "INFO Do not send email notification as this is a dry run.");
        }

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
        assertThat(result.effects()).containsExactly(
                Effect.of("each", Effect.Kind.SEND, "ann@example.com",
                        "send e-mail \"Hi\" to ann@example.com, bcc audit@example.com"),
                Effect.of("each", Effect.Kind.SEND, "bob@example.com",
                        "send e-mail \"Hi\" to bob@example.com, bcc audit@example.com"),
                Effect.of("once", Effect.Kind.SEND, "boss@example.com", "send e-mail \"Done\" to boss@example.com"));
        assertThat(result.effects().get(2)).hasToString("once: would send e-mail \"Done\" to boss@example.com");
        assertThat(kit.sink().maps("out")).containsExactly(Map.of("email", "ann@example.com"),
                Map.of("email", "bob@example.com"));
    }

    @Test
    void withoutAnSmtpServerEveryEmailStepIsAValidationProblem() {
        Dataflow flow = flow("""
                name: unconfigured
                steps:
                  users:
                    type: test_source
                    config:
                      source: [{a: 1}]
                  each:
                    type: flow_email
                    depends_on: users
                    config: {to: a@example.com, subject: s, message: m}
                  once:
                    type: connector_email
                    config: {to: a@example.com, subject: s, message: m}
                """);
        DataflowEngine engine = kit.builder().build();

        assertThat(engine.validate(flow).problems()).extracting(Object::toString).containsExactly(
                "each: No SMTP server is configured for e-mail steps: register one with "
                        + "DataflowEngine.builder().service(SmtpServer.class, server), or on the command line give "
                        + "--smtp-url and --smtp-from.",
                "once: No SMTP server is configured for e-mail steps: register one with "
                        + "DataflowEngine.builder().service(SmtpServer.class, server), or on the command line give "
                        + "--smtp-url and --smtp-from.");
        assertThatThrownBy(() -> engine.run(flow)).isInstanceOf(DataflowValidationException.class);
    }

    @Test
    void addressesAreCheckedBeforeTheRunWhenStaticAndWhileRunningWhenTheyComeFromTheRecord() {
        DataflowEngine engine = engine(server());
        assertThat(engine.validate(flow("""
                name: bad
                steps:
                  once:
                    type: connector_email
                    config: {to: 'ann@example.com, not-an-address', cc: 'x@', subject: s, message: [1]}
                """)).problems()).extracting(Object::toString).containsExactly(
                "once: Config 'to' is invalid: \"not-an-address\" is not an e-mail address (Missing final '@domain').",
                "once: Config 'cc' is invalid: \"x@\" is not an e-mail address (Missing domain).",
                "once: Config 'message' is invalid. It must be text, or a map with the text under 'text'.");

        RunResult result = engine.run(flow("""
                name: bad-record
                steps:
                  users:
                    type: test_source
                    config:
                      source: [{email: ann@example.com}, {email: "eve@example.com\\nBcc: all@example.com"}]
                  each:
                    type: flow_email
                    depends_on: users
                    config: {to: '${{ record.email }}', subject: s, message: m}
                """));
        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).contains("Step 'each' (flow_email) failed on record #2: Config 'to' is invalid: "
                + "\"eve@example.com\\nBcc: all@example.com\" holds a line break or another control character.");
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aServerThatIsNotThereFailsTheStepNamingIt() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        SmtpServer nowhere = SmtpServer.builder("127.0.0.1", "dataflows@example.com").port(closed)
                .login("robot", PASSWORD).build();

        RunResult result = engine(nowhere).run(flow("""
                name: refused
                steps:
                  once:
                    type: connector_email
                    config: {to: a@example.com, subject: s, message: m}
                """));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).contains("Step 'once' (connector_email) failed: Cannot connect to the SMTP server "
                + "127.0.0.1:" + closed + ": Connection refused.");
    }

    @Test
    void aWrongPasswordFailsTheStepWithoutShowingThePassword() {
        String wrong = "wrong-" + PASSWORD;
        SmtpServer server = SmtpServer.builder("127.0.0.1", "robot@example.com").port(port())
                .login("robot", wrong).build();
        RunResult result;
        List<String> logged;
        try (LogCapture log = LogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            result = engine(server).run(flow("""
                    name: wrong-password
                    steps:
                      once:
                        type: connector_email
                        config: {to: a@example.com, subject: s, message: m}
                    """));
            logged = log.lines();
        }

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).startsWith("Step 'once' (connector_email) failed: The SMTP server "
                + "127.0.0.1:" + port() + " refused the login of user 'robot': 535").doesNotContain(wrong);
        assertThat(String.join("\n", logged)).contains("wrong-password").doesNotContain(wrong);
        assertThat(server.toString()).doesNotContain(wrong)
                .isEqualTo("SmtpServer[127.0.0.1:" + port() + " NONE user robot from robot@example.com]");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void theRightPasswordLogsInAndSends() throws Exception {
        SmtpServer server = SmtpServer.builder("127.0.0.1", "robot@example.com").port(port())
                .login("robot", PASSWORD).build();

        engine(server).run(flow("""
                name: login
                steps:
                  once:
                    type: connector_email
                    config: {to: a@example.com, subject: s, message: m}
                """)).orThrow();

        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }
}

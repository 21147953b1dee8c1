package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --smtp-url} and {@code --smtp-from} against a real SMTP server (GreenMail) on loopback: e-mail steps send
 * through it, an aborted run notifies its {@code notifyonabort} addresses, and mistakes are usage errors that
 * never show the password.
 */
class CliEmailTest {

    private static final String PASSWORD = "cli-Smtp-Pa55-9182";

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp"))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("robot@example.com", "robot", PASSWORD));

    @TempDir
    Path dir;

    private String url() {
        return "smtp://robot@127.0.0.1:" + greenMail.getSmtp().getPort();
    }

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private CliResult run(Map<String, String> env, Path flow, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "run";
        args[1] = flow.toString();
        args[2] = "--state-dir";
        args[3] = dir.resolve("state").toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return CliResult.run(env, args);
    }

    private static final String GREETINGS = """
            name: greetings
            steps:
              users:
                type: test_source
                config:
                  source: [{name: Ann, email: ann@example.com}, {name: Bob, email: bob@example.com}]
              greet:
                type: flow_email
                depends_on: users
                config:
                  to: ${{ record.email }}
                  subject: Hello ${{ record.name }}
                  message: Hi ${{ record.name }}!
              done:
                type: connector_email
                depends_on: greet
                config: {to: boss@example.com, subject: Greetings sent, message: Two.}
            """;

    @Test
    void runSendsTheEmailsOfItsStepsThroughTheServerOfTheOptions() throws Exception {
        Path flow = file("greetings.yml", GREETINGS);

        CliResult r = run(Map.of("DATAFLOWS_SMTP_PASSWORD", PASSWORD), flow, "--smtp-url", url(), "--smtp-from",
                "Dataflows <dataflows@example.com>");

        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(Arrays.stream(received).map(m -> {
            try {
                return m.getFrom()[0] + " > " + m.getAllRecipients()[0] + ": " + m.getSubject() + " / "
                        + GreenMailUtil.getBody(m);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).containsExactly(
                "Dataflows <dataflows@example.com> > ann@example.com: Hello Ann / Hi Ann!",
                "Dataflows <dataflows@example.com> > bob@example.com: Hello Bob / Hi Bob!",
                "Dataflows <dataflows@example.com> > boss@example.com: Greetings sent / Two.");
    }

    @Test
    void serveSendsThroughTheServerOfTheOptionsAndNotifiesOnAbort() throws Exception {
        Path flows = Files.createDirectories(dir.resolve("flows"));
        Files.writeString(flows.resolve("hook.yml"), """
                name: hook
                config:
                  notifyonabort: ops@example.com
                steps:
                  hook:
                    type: trigger_webservice
                    config: {token: hook-token-1234}
                  mail:
                    type: connector_email
                    depends_on: hook
                    config: {to: '${{ run.trigger.payload.to }}', subject: Hooked, message: Called.}
                  stop:
                    type: connector_abort
                    depends_on: mail
                """);
        CliProcess serve = CliProcess.start(dir.resolve("serve.log"), Map.of("DATAFLOWS_SMTP_PASSWORD", PASSWORD),
                List.of("serve", flows.toString(), "--port", "0", "--state-dir", dir.resolve("state").toString(),
                        "--smtp-url", url(), "--smtp-from", "dataflows@example.com"));
        try {
            String base = null;
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); base == null; Thread.sleep(50)) {
                Matcher m = Pattern.compile("listening on (http://[0-9.]+:\\d+)").matcher(serve.output());
                if (m.find()) {
                    base = m.group(1);
                } else if (!serve.process().isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("serve did not start: " + serve.output());
                }
            }
            HttpResponse<String> called = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/hooks/hook?wait=true")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer hook-token-1234").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"ann@example.com\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(called.body()).contains("\"status\":\"aborted\"");
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(Arrays.stream(received).map(m -> {
                try {
                    return m.getAllRecipients()[0] + ": " + m.getSubject();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            })).containsExactly("ann@example.com: Hooked", "ops@example.com: Dataflow run aborted: hook");
        } finally {
            serve.kill();
        }
        assertThat(serve.output()).doesNotContain(PASSWORD).doesNotContain("No e-mail will be sent");
    }

    @Test
    void aDryRunSendsNothing() throws Exception {
        Path flow = file("greetings.yml", GREETINGS);

        CliResult r = run(Map.of("DATAFLOWS_SMTP_PASSWORD", PASSWORD), flow, "--dry-run", "--smtp-url", url(),
                "--smtp-from", "dataflows@example.com");

        assertThat(r.exit()).isZero();
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void anAbortedRunMailsItsNotifyOnAbortAddresses() throws Exception {
        Path flow = file("failing.yml", """
                name: failing
                config:
                  notifyonabort: ops@example.com
                steps:
                  go:
                    type: test_connector
                    config: {outcome: fail}
                """);

        CliResult r = run(Map.of("DATAFLOWS_SMTP_PASSWORD", PASSWORD), flow, "--smtp-url", url(), "--smtp-from",
                "dataflows@example.com");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Run aborted: Step 'go' (test_connector) failed: boom with null\n");
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Dataflow run aborted: failing");
        assertThat(GreenMailUtil.getBody(received[0]).replace("\r\n", "\n"))
                .startsWith("The dataflow failing was aborted on run ")
                .endsWith(".\n\nReason: boom with null\nFailed step: go (test_connector)\n\n"
                        + "See the run logs for further details.");
    }

    @Test
    void notifyOnAbortWithoutAnSmtpServerIsAWarningThatNoMailWillBeSent() throws Exception {
        Path flow = file("failing.yml", """
                name: failing
                config:
                  notifyonabort: [ops@example.com]
                steps:
                  go:
                    type: test_connector
                    config: {outcome: fail}
                """);
        String warning = "warning: dataflow: No e-mail will be sent when a run aborts: no SMTP server is configured "
                + "(--smtp-url and --smtp-from).\n";

        CliResult validated = CliResult.run(Map.of(), "validate", flow.toString());
        CliResult ran = run(Map.of(), flow);

        assertThat(validated.exit()).isZero();
        assertThat(validated.err()).isEqualTo(warning);
        assertThat(validated.out()).isEqualTo(flow + ": dataflow 'failing' is valid (1 step, 1 warning)\n");
        assertThat(ran.exit()).isEqualTo(1);
        assertThat(ran.err()).isEqualTo(warning + "Run aborted: Step 'go' (test_connector) failed: boom with null\n");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
        CliResult configured = CliResult.run(Map.of("DATAFLOWS_SMTP_PASSWORD", PASSWORD), "validate",
                flow.toString(), "--smtp-url", url(), "--smtp-from", "dataflows@example.com");
        assertThat(configured.err()).isEmpty();
    }

    @Test
    void aWrongPasswordAbortsTheRunWithAMessageThatDoesNotShowIt() throws Exception {
        Path flow = file("greetings.yml", GREETINGS);
        String wrong = "wrong-" + PASSWORD;

        CliResult r = run(Map.of("DATAFLOWS_SMTP_PASSWORD", wrong), flow, "--smtp-url", url(), "--smtp-from",
                "dataflows@example.com");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Run aborted: Step 'greet' (flow_email) failed on record #1: The SMTP server "
                + "127.0.0.1:" + greenMail.getSmtp().getPort() + " refused the login of user 'robot': 535")
                .doesNotContain(wrong);
        assertThat(r.out()).doesNotContain(wrong);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void withoutTheOptionsEmailStepsAreInvalid() throws Exception {
        Path flow = file("greetings.yml", GREETINGS);
        String problem = "No SMTP server is configured for e-mail steps: register one with "
                + "DataflowEngine.builder().service(SmtpServer.class, server), or on the command line give "
                + "--smtp-url and --smtp-from.";

        CliResult run = run(Map.of(), flow);
        CliResult validate = CliResult.run(Map.of(), "validate", flow.toString());
        CliResult validateWith = CliResult.run(Map.of("DATAFLOWS_SMTP_PASSWORD", PASSWORD), "validate",
                flow.toString(), "--smtp-url", url(), "--smtp-from", "dataflows@example.com");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("greet: " + problem + "\ndone: " + problem + "\n");
        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.err()).isEqualTo(run.err());
        assertThat(validateWith.exit()).isZero();
        assertThat(validateWith.out()).endsWith("dataflow 'greetings' is valid (3 steps)\n");
    }

    @Test
    void malformedOptionsAreUsageErrorsThatNeverRepeatAPassword() throws Exception {
        Path flow = file("greetings.yml", GREETINGS);
        String from = "dataflows@example.com";
        Map<String, String> withPassword = Map.of("DATAFLOWS_SMTP_PASSWORD", PASSWORD);

        assertUsageError(run(withPassword, flow, "--smtp-url", "http://robot@host", "--smtp-from", from),
                "Invalid value for --smtp-url: expected smtp://[USER@]HOST[:PORT] (plain), smtp+starttls://... "
                        + "(STARTTLS required) or smtps://... (TLS)");
        assertUsageError(run(Map.of(), flow, "--smtp-url", "smtp://robot:" + PASSWORD + "@host", "--smtp-from", from),
                "Invalid value for --smtp-url: a password in the URL would be visible to every user in the process "
                        + "list; give it in DATAFLOWS_SMTP_PASSWORD");
        assertUsageError(run(withPassword, flow, "--smtp-url", "smtp://robot@host:99999", "--smtp-from", from),
                "Invalid value for --smtp-url: the port must be 1 to 65535");
        assertUsageError(run(withPassword, flow, "--smtp-url", "smtp://robot@host/path", "--smtp-from", from),
                "Invalid value for --smtp-url: nothing may follow the host and port; expected smtp://[USER@]HOST"
                        + "[:PORT] (plain), smtp+starttls://... (STARTTLS required) or smtps://... (TLS)");
        assertUsageError(run(withPassword, flow, "--smtp-url", "smtp://robot@ho st", "--smtp-from", from),
                "Invalid value for --smtp-url: Illegal character in authority at index 7; expected "
                        + "smtp://[USER@]HOST[:PORT] (plain), smtp+starttls://... (STARTTLS required) or smtps://... "
                        + "(TLS)");
        assertUsageError(run(Map.of(), flow, "--smtp-url", "smtp://robot@host", "--smtp-from", from),
                "--smtp-url names the user 'robot': give its password in DATAFLOWS_SMTP_PASSWORD");
        assertUsageError(run(withPassword, flow, "--smtp-url", "smtp://host", "--smtp-from", from),
                "DATAFLOWS_SMTP_PASSWORD is set, but --smtp-url names no user to log in as (smtp://USER@HOST)");
        assertUsageError(run(withPassword, flow, "--smtp-url", url()),
                "--smtp-url needs --smtp-from (the sender's address)");
        assertUsageError(run(withPassword, flow, "--smtp-from", from),
                "--smtp-from needs --smtp-url (the SMTP server)");
        assertUsageError(run(withPassword, flow, "--smtp-url", url(), "--smtp-from", "nobody"),
                "Invalid value for --smtp-from: The sender's address is invalid: \"nobody\" is not an e-mail address "
                        + "(Missing final '@domain').");
        assertUsageError(CliResult.run(withPassword, "serve", dir.toString(), "--smtp-url", "smtps://robot@",
                "--smtp-from", from), "Invalid value for --smtp-url: no host name; expected smtp://[USER@]HOST[:PORT] "
                + "(plain), smtp+starttls://... (STARTTLS required) or smtps://... (TLS)");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    private static void assertUsageError(CliResult r, String firstLine) {
        assertThat(r.exit()).as(r.err()).isEqualTo(64);
        assertThat(r.err().lines().findFirst().orElse("")).isEqualTo(firstLine);
        assertThat(r.err()).doesNotContain(PASSWORD).doesNotContain("Exception").doesNotContain("\tat ");
    }
}

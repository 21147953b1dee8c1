package io.dataflows.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.dataflows.Definitions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * STARTTLS and TLS are required, never given up for a plain connection, and the server's certificate is checked
 * (GreenMail's self-signed certificate is not trusted by the JVM).
 */
class SmtpSecurityTest {

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {
        new ServerSetup(0, "127.0.0.1", "smtp"), new ServerSetup(0, "127.0.0.1", "smtps")});

    private final TestKit kit = new TestKit();

    private RunResult send(SmtpServer server) {
        return kit.builder().service(SmtpServer.class, server).build().run(Definitions.readYaml("""
                name: secure
                steps:
                  once:
                    type: connector_email
                    config: {to: a@example.com, subject: s, message: m}
                """, "secure.yml"));
    }

    @Test
    void tlsChecksTheCertificate() {
        int port = greenMail.getSmtps().getPort();
        RunResult result = send(SmtpServer.builder("127.0.0.1", "d@example.com").security(SmtpSecurity.TLS)
                .port(port).build());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).startsWith("Step 'once' (connector_email) failed: Cannot connect "
                + "to the SMTP server 127.0.0.1:" + port + ": PKIX path building failed");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void startTlsIsRequiredNotOpportunistic() {
        int port = greenMail.getSmtp().getPort();
        RunResult result = send(SmtpServer.builder("127.0.0.1", "d@example.com").security(SmtpSecurity.STARTTLS)
                .port(port).build());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        // GreenMail's plain SMTP does not offer STARTTLS: the e-mail is not sent in clear instead
        assertThat(result.error()).hasValue("Step 'once' (connector_email) failed: Sending e-mail through the SMTP "
                + "server 127.0.0.1:" + port + " failed: STARTTLS is required but host does not support STARTTLS.");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}

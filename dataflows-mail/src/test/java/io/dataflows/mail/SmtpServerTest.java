package io.dataflows.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpServerTest {

    @Test
    void defaultsFollowTheSecurity() {
        SmtpServer plain = SmtpServer.builder("mail.example.com", "a@example.com").build();
        assertThat(plain.port()).isEqualTo(25);
        assertThat(plain.security()).isEqualTo(SmtpSecurity.NONE);
        assertThat(plain.username()).isEmpty();
        assertThat(plain.password()).isEmpty();
        assertThat(plain.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(plain.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(SmtpServer.builder("h", "a@example.com").security(SmtpSecurity.STARTTLS).build().port())
                .isEqualTo(587);
        assertThat(SmtpServer.builder("h", "a@example.com").security(SmtpSecurity.TLS).build().port())
                .isEqualTo(465);
        assertThat(SmtpServer.builder("::1", "a@example.com").port(2525).build().address()).isEqualTo("[::1]:2525");
    }

    @Test
    void toStringNamesEverythingButThePassword() {
        SmtpServer s = SmtpServer.builder("mail.example.com", "Robot <robot@example.com>")
                .security(SmtpSecurity.TLS).login("robot", "pa55-w0rd").readTimeout(Duration.ofSeconds(5)).build();

        assertThat(s).hasToString("SmtpServer[mail.example.com:465 TLS user robot from Robot <robot@example.com>]");
        assertThat(s.password()).hasValue("pa55-w0rd");
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void wrongSettingsAreRefused() {
        assertThatThrownBy(() -> SmtpServer.builder("h", "not an address").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The sender's address is invalid: \"not an address\" is not an e-mail address "
                        + "(Local address contains control or whitespace).");
        assertThatThrownBy(() -> SmtpServer.builder("h", "a@example.com, b@example.com").build())
                .hasMessage("The sender's address is invalid: \"a@example.com, b@example.com\" must be one e-mail "
                        + "address.");
        assertThatThrownBy(() -> SmtpServer.builder(" ", "a@example.com")).hasMessage("SMTP host must not be empty");
        assertThatThrownBy(() -> SmtpServer.builder("h", "a@example.com").port(0))
                .hasMessage("SMTP port must be 1 to 65535, got 0");
        assertThatThrownBy(() -> SmtpServer.builder("h", "a@example.com").connectTimeout(Duration.ZERO))
                .hasMessage("SMTP connect timeout must be positive (and under 24 days), got PT0S");
    }
}

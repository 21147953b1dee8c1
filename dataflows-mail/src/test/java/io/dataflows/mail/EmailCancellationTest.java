package io.dataflows.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dataflows.Definitions;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A run cancelled while an e-mail step waits for a server that never answers stops at once: the step closes its
 * connection, which a socket read needs (it does not honour interrupts). The read timeout is far longer than the
 * test may take.
 */
class EmailCancellationTest {

    private final TestKit kit = new TestKit();

    @Test
    void cancellingTheRunClosesTheConnectionOfASendThatWaits() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SmtpServer server = SmtpServer.builder("127.0.0.1", "d@example.com").port(silent.getLocalPort())
                    .readTimeout(Duration.ofMinutes(10)).build();
            RunHandle handle = kit.builder().service(SmtpServer.class, server).build().start(
                    Definitions.readYaml("""
                            name: waiting
                            steps:
                              once:
                                type: connector_email
                                config: {to: a@example.com, subject: s, message: m}
                            """, "waiting.yml"), RunOptions.defaults());

            assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
                try (Socket connection = silent.accept(); InputStream in = connection.getInputStream()) {
                    // the client waits for the server's greeting, which never comes
                    handle.cancel("cancelled by the test");
                    assertThat(in.read()).as("the client closed the connection").isEqualTo(-1);
                }
                RunResult result = handle.await();
                assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
                assertThat(result.cancelReason()).hasValue("cancelled by the test");
            });
        }
    }
}

package io.dataflows.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transfer the server stops answering: a cancelled run closes the session and ends at once, and the read timeout
 * ends a run whose server went silent. The timeouts of the tests only keep a broken build from hanging.
 */
class SftpCancelTest {

    @TempDir
    Path remote;

    @TempDir
    Path local;

    private final TestKit kit = new TestKit();
    private SftpTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SftpTestServer(remote);
        Files.write(remote.resolve("big.bin"), new byte[2 * 1024 * 1024]);
        server.stallTransfers();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private DataflowEngine engine() {
        return kit.builder().permittedDirectory(local).baseDirectory(local).build();
    }

    private Dataflow download(int timeoutSeconds) {
        return Definitions.readYaml(String.join("\n",
                "name: stalled",
                "steps:",
                "  copy:",
                "    type: connector_sftp",
                "    config: {host: 127.0.0.1, port: " + server.port() + ", username: " + SftpTestServer.USER
                        + ", password: '" + SftpTestServer.PASSWORD + "', timeout: " + timeoutSeconds
                        + ", source: 'sftp://big.bin', target: big.bin}"), "stalled.yml");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCancelledRunClosesTheSessionAndStopsAtOnce() throws Exception {
        RunHandle handle = engine().start(download(600), RunOptions.defaults());
        server.awaitStalled();

        handle.cancel("cancelled by test");
        RunResult result = handle.await();

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("cancelled by test");
        try (var files = Files.list(local)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aServerThatStopsAnsweringFailsTheCopyAfterTheTimeout() {
        RunResult result = engine().run(download(1));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getOriginalMessage()).startsWith("Copy failed: 'sftp://127.0.0.1:"
                + server.port() + "/big.bin: ");
        try (var files = Files.list(local)) {
            assertThat(files).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

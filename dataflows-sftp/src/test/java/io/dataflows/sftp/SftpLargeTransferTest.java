package io.dataflows.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB file goes up and comes back down in a JVM with a 64 MB heap: files stream, none is held in memory. Run by
 * the {@code large-transfers} profile only, which sets {@code -Xmx64m} (see CONTRIBUTING.md).
 */
@Tag("large-transfer")
class SftpLargeTransferTest {

    private static final long SIZE = 200L * 1024 * 1024;

    @TempDir
    Path remote;

    @TempDir
    Path local;

    private final TestKit kit = new TestKit();
    private SftpTestServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Dataflow copy(String source, String target) {
        return Definitions.readYaml(String.join("\n",
                "name: large",
                "steps:",
                "  copy:",
                "    type: connector_sftp",
                "    config: {host: 127.0.0.1, port: " + server.port() + ", username: " + SftpTestServer.USER
                        + ", password: '" + SftpTestServer.PASSWORD + "', source: '" + source + "', target: '"
                        + target + "'}"), "large.yml");
    }

    @Test
    void twoHundredMegabytesGoUpAndComeBackDownInASixtyFourMegabyteHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Plarge-transfers (-Xmx64m)")
                .isLessThanOrEqualTo(64L * 1024 * 1024);
        server = new SftpTestServer(remote);
        Path original = local.resolve("original.bin");
        String digest = writeRandom(original, SIZE);
        DataflowEngine engine = kit.builder().permittedDirectory(local).baseDirectory(local).build();

        RunResult up = engine.run(copy("original.bin", "sftp://uploaded.bin"));
        RunResult down = engine.run(copy("sftp://uploaded.bin", "downloaded.bin"));

        assertThat(up.status()).as(up.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(down.status()).as(down.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(up.variable("steps.copy.bytes")).contains(SIZE);
        assertThat(down.variable("steps.copy.bytes")).contains(SIZE);
        assertThat(sha256(remote.resolve("uploaded.bin"))).isEqualTo(digest);
        assertThat(sha256(local.resolve("downloaded.bin"))).isEqualTo(digest);
    }

    private static String writeRandom(Path file, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
                sha.update(block);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1024 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(block); n >= 0; n = in.read(block)) {
                sha.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

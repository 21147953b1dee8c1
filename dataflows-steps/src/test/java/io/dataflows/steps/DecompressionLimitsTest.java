package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs — a gzip file and a zip archive of a few megabytes that expand to gigabytes, and an OpenPGP
 * message compressed as well as encrypted — are refused by {@code connector_compression} and {@code connector_gpg}
 * with a message naming the step and the limit, and leave no file behind; archives within the limits, up to the
 * last byte, still decompress.
 */
class DecompressionLimitsTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().build();

    private RunResult decompress(String method, Path from, String to, Object... limits) {
        StepSpec spec = StepSpec.of("connector_compression").with("command", "decompress").with("method", method)
                .with("from", from.toString()).with("to", to);
        for (int i = 0; i < limits.length; i += 2) {
            spec = spec.with((String) limits[i], limits[i + 1]);
        }
        return engine.run(Dataflow.builder("bomb").step("unpack", spec).build(),
                RunOptions.builder().baseDir(dir).build());
    }

    private List<String> entries(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(directory)) {
            return s.filter(p -> !p.equals(directory)).map(p -> directory.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static String refused(Path from, String limit) {
        return "Step 'unpack' (connector_compression) failed: Decompressing \"" + from + "\" was stopped: " + limit
                + "; nothing was written.";
    }

    @Test
    void aGzipBombIsRefusedByTheRatioLimitAndLeavesNothing() throws IOException {
        Path bomb = Bombs.gzip(Files.createDirectories(dir.resolve("in")).resolve("bomb.gz"), 32); // 2 GiB

        RunResult result = decompress("gzip", bomb, "out/zeros.bin");

        assertThat(Files.size(bomb)).isLessThan(3L << 20);
        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).contains(refused(bomb,
                "it expands more than 100 times its compressed size (config 'maxratio')"));
        assertThat(entries(dir.resolve("out"))).isEmpty();
    }

    @Test
    void aGzipBombIsRefusedByTheSizeLimitWhenTheRatioIsAllowed() throws IOException {
        Path bomb = Bombs.gzip(dir.resolve("bomb.gz"), 32);

        RunResult result = decompress("gzip", bomb, "out/zeros.bin", "maxratio", 0, "maxoutputsize", 100_000_000);

        assertThat(result.error()).contains(refused(bomb,
                "its content is larger than 100000000 bytes (config 'maxoutputsize')"));
        assertThat(entries(dir.resolve("out"))).isEmpty();
    }

    @Test
    void aZipBombIsRefusedBeforeAnythingIsExtracted() throws IOException {
        Path bomb = Bombs.zip(dir.resolve("bomb.zip"), 32); // 32 entries of 64 MiB: 2 GiB

        RunResult byRatio = decompress("zip", bomb, "out");
        RunResult bySize = decompress("zip", bomb, "out", "maxratio", "0", "maxoutputsize", "200000000");

        assertThat(Files.size(bomb)).isLessThan(3L << 20);
        assertThat(byRatio.error()).contains(refused(bomb,
                "it expands more than 100 times its compressed size (config 'maxratio')"));
        assertThat(bySize.error()).contains(refused(bomb,
                "its content is larger than 200000000 bytes (config 'maxoutputsize')"));
        assertThat(entries(dir.resolve("out"))).isEmpty();
    }

    @Test
    void archivesWithinTheLimitsDecompressUpToTheLastByte() throws IOException {
        byte[] content = Bombs.text(3_000_000); // about five times smaller when compressed
        Path gz = Bombs.gzipOf(dir.resolve("data.csv.gz"), content);
        Path zip = dir.resolve("data.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("a/data.csv"));
            out.write(content);
            out.closeEntry();
        }

        RunResult defaults = decompress("gzip", gz, "default.csv");
        RunResult exact = decompress("gzip", gz, "exact.csv", "maxoutputsize", content.length);
        RunResult oneByteLess = decompress("gzip", gz, "less.csv", "maxoutputsize", content.length - 1);
        RunResult zipExact = decompress("zip", zip, "unzipped", "maxoutputsize", content.length);

        assertThat(defaults.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllBytes(dir.resolve("default.csv"))).isEqualTo(content);
        assertThat(exact.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllBytes(dir.resolve("exact.csv"))).isEqualTo(content);
        assertThat(oneByteLess.error()).contains(refused(gz, "its content is larger than " + (content.length - 1)
                + " bytes (config 'maxoutputsize')"));
        assertThat(dir.resolve("less.csv")).doesNotExist();
        assertThat(zipExact.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllBytes(dir.resolve("unzipped/a/data.csv"))).isEqualTo(content);
        assertThat(entries(dir).stream().filter(n -> n.endsWith(".tmp"))).isEmpty();
    }

    @Test
    void anOpenPgpMessageThatExpandsLikeABombIsRefusedWhenDecrypted() throws Exception {
        PgpTestKeys.write(dir, "Bomb <bomb@example.org>", "secret");
        Path zeros = Files.write(dir.resolve("zeros.bin"), new byte[32 << 20]);
        engine.run(Dataflow.builder("encrypt").step("encrypt", StepSpec.of("connector_gpg").with("command", "encrypt")
                .with("from", zeros.toString()).with("to", "zeros.gpg").with("publickeyring", "public.pgp")).build(),
                RunOptions.builder().baseDir(dir).build()).orThrow();
        Path message = dir.resolve("zeros.gpg");

        RunResult byRatio = decrypt(message, "out.bin");
        RunResult bySize = decrypt(message, "out.bin", "maxratio", 0, "maxoutputsize", 10_000_000);
        RunResult allowed = decrypt(message, "allowed.bin", "maxratio", 0);

        assertThat(Files.size(message)).isLessThan(1L << 20);
        assertThat(byRatio.error()).contains("Step 'unpack' (connector_gpg) failed: Decrypting \"" + message
                + "\" was stopped: it expands more than 100 times its compressed size (config 'maxratio');"
                + " nothing was written.");
        assertThat(bySize.error()).contains("Step 'unpack' (connector_gpg) failed: Decrypting \"" + message
                + "\" was stopped: its content is larger than 10000000 bytes (config 'maxoutputsize');"
                + " nothing was written.");
        assertThat(dir.resolve("out.bin")).doesNotExist();
        assertThat(allowed.variable("steps.unpack.vars.success")).contains(true);
        assertThat(Files.size(dir.resolve("allowed.bin"))).isEqualTo(32 << 20);
    }

    private RunResult decrypt(Path message, String to, Object... limits) {
        StepSpec spec = StepSpec.of("connector_gpg").with("command", "decrypt").with("from", message.toString())
                .with("to", to).with("secretkeyring", "secret.pgp").with("passphrase", "secret");
        for (int i = 0; i < limits.length; i += 2) {
            spec = spec.with((String) limits[i], limits[i + 1]);
        }
        return engine.run(Dataflow.builder("decrypt").step("unpack", spec).build(),
                RunOptions.builder().baseDir(dir).build());
    }

    @Test
    void negativeLimitsAreValidationProblems() {
        Dataflow flow = Dataflow.builder("limits").step("unpack", StepSpec.of("connector_compression")
                .with("command", "decompress").with("from", "a.gz").with("to", "a")
                .with("maxoutputsize", -1).with("maxratio", "-5")).build();

        assertThat(engine.validate(flow, RunOptions.builder().baseDir(dir).build()).messages()).containsExactly(
                "Config 'maxoutputsize' is invalid. It must be at least 0.",
                "Config 'maxratio' is invalid. It must be at least 0.");
    }
}

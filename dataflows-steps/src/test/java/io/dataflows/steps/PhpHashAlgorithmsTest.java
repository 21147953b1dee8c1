package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code connector_hash_file} accepts every name of PHP 8's {@code hash_algos()} and prints each hash as PHP's
 * {@code hash_file()} does. The expected values, in {@code php-hash-vectors.tsv}, were made by PHP 8.2
 * {@code hash_file()} on the same four files: empty, {@code "abc"}, PHP's documented fox sentence, and a file of
 * 1 MiB + 7 bytes, larger than the step's read buffer and any algorithm's block, so streaming is exercised.
 */
class PhpHashAlgorithmsTest {

    /** The files the vectors were made from, in the order of the vectors' columns. */
    private static final String[] FILES = {"empty.bin", "abc.bin", "fox.bin", "large.bin"};

    @TempDir
    static Path dir;

    private final DataflowEngine engine = TestEngines.builder().build();

    @BeforeAll
    static void writeFiles() throws IOException {
        Files.write(dir.resolve("empty.bin"), new byte[0]);
        Files.writeString(dir.resolve("abc.bin"), "abc");
        Files.writeString(dir.resolve("fox.bin"), "The quick brown fox jumps over the lazy dog");
        Files.write(dir.resolve("large.bin"), large());
    }

    /** 1 MiB + 7 bytes, byte i being i % 251: the large file of the vectors. */
    static byte[] large() {
        byte[] b = new byte[1024 * 1024 + 7];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    /** The vectors: algorithm, then the expected hex for each of {@link #FILES}. */
    static List<String[]> vectors() {
        try (InputStream in = PhpHashAlgorithmsTest.class.getResourceAsStream("php-hash-vectors.tsv")) {
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split("\t"));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> algorithms() {
        return vectors().stream().map(v -> Arguments.of(v[0], Arrays.copyOfRange(v, 1, v.length)));
    }

    private RunResult hashAll(String algorithm) {
        Dataflow.Builder flow = Dataflow.builder("hashes");
        for (int i = 0; i < FILES.length; i++) {
            flow.step("h" + i, StepSpec.of("connector_hash_file").with("path", FILES[i]).with("algorithm", algorithm));
        }
        return engine.run(flow.build(), RunOptions.builder().baseDir(dir).build());
    }

    /** PHP 8.2 hash_file(): every hash_algos() name, its exact hex, for the four files. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void eachPhpAlgorithmGivesPhpsHex(String algorithm, String[] expected) {
        RunResult result = hashAll(algorithm);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        for (int i = 0; i < FILES.length; i++) {
            assertThat(result.variable("steps.h" + i + ".hash")).as(algorithm + " of " + FILES[i])
                    .contains(expected[i]);
        }
    }

    /** PHP's hash_file() matches names case-insensitively, and so do the steps (the JDK's names work too). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TIGER192,3 | 2aab1484e8c158f2bfb8c5ff41b57a525129131c957b5f93",
        "Gost-Crypto | b285056dbf18d7392d7677369524dd14747459ed8143997e163b2986f92fd42c",
        "XXH128 | 06b05ab6733a618578af5f94892f3950",
        "Sha512/256 | 53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
        "SHA3-224 | e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf",
        "SHA-224 | 23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
        "CRC32 | 73bb8c64",
    })
    void namesAreMatchedCaseInsensitively(String algorithm, String expected) {
        RunResult result = engine.run(Dataflow.builder("h").step("h", StepSpec.of("connector_hash_file")
                .with("path", "abc.bin").with("algorithm", algorithm)).build(),
                RunOptions.builder().baseDir(dir).build());

        assertThat(result.variable("steps.h.hash")).contains(expected);
    }

    /** PHP's names with a comma (tiger192,3, haval160,4) are plain YAML scalars in block style. */
    @Test
    void namesWithACommaWorkInYaml() {
        Dataflow flow = Definitions.readYaml(String.join("\n",
                "name: Hashes",
                "steps:",
                "  tiger:",
                "    type: connector_hash_file",
                "    config:",
                "      path: abc.bin",
                "      algorithm: tiger192,3",
                "  quoted:",
                "    type: connector_hash_file",
                "    config: {path: abc.bin, algorithm: 'tiger128,3'}",
                ""), "hashes.yml");

        RunResult result = engine.run(flow, RunOptions.builder().baseDir(dir).build());

        assertThat(result.variable("steps.tiger.hash")).contains("2aab1484e8c158f2bfb8c5ff41b57a525129131c957b5f93");
        assertThat(result.variable("steps.quoted.hash")).contains("2aab1484e8c158f2bfb8c5ff41b57a52");
    }

    @Test
    void anUnknownAlgorithmsErrorListsPhpsNames() {
        StringBuilder names = new StringBuilder();
        for (String[] v : vectors()) {
            names.append(names.length() == 0 ? "" : ", ").append(v[0]);
        }
        Dataflow flow = Dataflow.builder("h").step("h", StepSpec.of("connector_hash_file").with("path", "abc.bin")
                .with("algorithm", "tiger192,5")).build();

        assertThat(engine.validate(flow, RunOptions.builder().baseDir(dir).build()).problemsOf("h"))
                .singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("Config 'algorithm' is invalid."
                        + " The hash algorithm 'tiger192,5' does not exist; use one of " + names
                        + " (PHP's hash_algos()), or a JDK name such as SHA-256."));
    }
}

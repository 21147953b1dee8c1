package io.dataflows.steps.internal.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every algorithm hashes every length from 0 to 300 bytes as PHP 8.2 {@code hash()} does, so each padding rule and
 * partial block is covered (a 1 MiB file and three short texts are checked by {@code PhpHashAlgorithmsTest}). The
 * 301 hashes of an algorithm are compared through one SHA-256 of them all, in {@code php-hash-lengths.tsv}.
 */
class HashLengthsTest {

    @Test
    void everyLengthUpTo300HashesAsPhpDoes() throws Exception {
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 131);
        }
        List<String> names = new ArrayList<>();
        for (String line : lines()) {
            String[] f = line.split("\t");
            names.add(f[0]);
            StringBuilder all = new StringBuilder();
            for (int n = 0; n <= data.length; n++) {
                Hasher h = HashAlgorithms.create(f[0]);
                h.update(data, 0, n);
                all.append(h.hex()).append('\n');
            }
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(all.toString().getBytes(StandardCharsets.UTF_8));

            assertThat(HexFormat.of().formatHex(sum)).as(f[0] + " of lengths 0 to 300").isEqualTo(f[1]);
        }
        assertThat(names).as("PHP 8.2's hash_algos()").isEqualTo(HashAlgorithms.phpNames());
    }

    private static List<String> lines() throws IOException {
        try (InputStream in = HashLengthsTest.class.getResourceAsStream("php-hash-lengths.tsv")) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
            return out;
        }
    }
}

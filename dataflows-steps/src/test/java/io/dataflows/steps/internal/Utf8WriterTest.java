package io.dataflows.steps.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.spi.JsonText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8WriterTest {

    private static final String MIXED = "ascii é ß 東京 😀 \"q\" \\ / \n\t\u0001 end";

    private static byte[] written(int bufferSize, IoAction action) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Utf8Writer w = new Utf8Writer(bytes, bufferSize)) {
            action.run(w);
        }
        return bytes.toByteArray();
    }

    @FunctionalInterface
    private interface IoAction {
        void run(Utf8Writer w) throws IOException;
    }

    @Test
    void encodesLikeTheJdkWhateverTheBufferSize() throws IOException {
        for (int size : new int[] {16, 17, 64, 65536}) {
            assertThat(written(size, w -> w.write(MIXED))).isEqualTo(MIXED.getBytes(StandardCharsets.UTF_8));
            assertThat(written(size, w -> {
                for (char c : MIXED.toCharArray()) {
                    w.write(c);
                }
            })).isEqualTo(MIXED.getBytes(StandardCharsets.UTF_8));
            assertThat(written(size, w -> w.append(new StringBuilder(MIXED), 2, MIXED.length())))
                    .isEqualTo(MIXED.substring(2).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void unpairedSurrogatesBecomeQuestionMarks() throws IOException {
        assertThat(new String(written(64, w -> w.write("a\uD83Db\uDE00c\uD83D")), StandardCharsets.UTF_8))
                .isEqualTo("a?b?c?");
    }

    @Test
    void jsonThroughTheWriterEqualsJsonInMemory() throws IOException {
        DataRecord r = DataRecord.of("text", MIXED, "n", 1, "list", List.of("😀", 2.5), "none", null);

        byte[] bytes = written(16, w -> {
            JsonText.Output out = JsonText.output(w, false, 0);
            out.value(r);
            out.flush();
        });
        byte[] pretty = written(16, w -> {
            JsonText.Output out = JsonText.output(w, true, 0);
            out.value(r);
            out.flush();
        });

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(JsonText.compact(r));
        assertThat(new String(pretty, StandardCharsets.UTF_8)).isEqualTo(JsonText.pretty(r));
    }
}

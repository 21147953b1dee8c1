package io.dataflows.bench.jmh;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dataflows.DataRecord;
import io.dataflows.RecordLayout;
import io.dataflows.spi.JsonText;
import io.dataflows.steps.internal.Utf8Writer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code writer_stream}'s JSON Lines output of {@value #RECORDS} records (one operation), encoded three ways with the
 * same rules (PHP {@code json_encode} numbers such as {@code 1.0e+25}, UTF-8 unescaped, {@code /} unescaped):
 * {@link JsonText} (Jackson's generator) over the UTF-8 writer, as the step does; Jackson's UTF-8 byte generator
 * straight to the stream; and the hand-written encoder the library had before {@link JsonText} ({@link
 * HandWrittenJson}) over the same UTF-8 writer. The bytes go to a stream that only counts them, so only encoding is
 * measured; the outputs are checked to be the same bytes before measuring. Records cycle through 1,024 generated rows
 * shaped like the reference workload's output plus a double field.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonEncoderBench {

    static final int RECORDS = 1_000_000;
    private static final String[] NAMES = {"Ann", "Bob", "Zoë", "José", "Ngāio", "Wiremu", "Xiu", "O'Brien \"Bo\""};

    private final DataRecord[] records = new DataRecord[1024];
    private final JsonFactory jackson = JsonFactory.builder().build();

    /** Counts bytes and drops them. */
    static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Setup
    public void setup() throws IOException {
        RecordLayout layout = RecordLayout.of(List.of("id", "name", "email", "score", "country", "grade", "ratio"));
        SplittableRandom random = new SplittableRandom(20261129L);
        for (int i = 0; i < records.length; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            long score = random.nextInt(101);
            records[i] = layout.record((long) i + 1, name, name.toLowerCase() + "." + i + "@example.org/x", score,
                    i % 2 == 0 ? "nz" : "de", score >= 90 ? "A" : "B", i % 10 == 0 ? 1e25 * score : score / 7.0);
        }
        java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream c = new java.io.ByteArrayOutputStream();
        jsonText(a, records.length);
        jackson(b, records.length);
        handWritten(c, records.length);
        if (!java.util.Arrays.equals(a.toByteArray(), b.toByteArray())
                || !java.util.Arrays.equals(a.toByteArray(), c.toByteArray())) {
            throw new IllegalStateException("the encoders disagree:\n" + a.toString(java.nio.charset.StandardCharsets
                    .UTF_8).lines().limit(3).toList() + "\n" + b.toString(java.nio.charset.StandardCharsets.UTF_8)
                    .lines().limit(3).toList());
        }
    }

    @Benchmark
    public long jsonText() throws IOException {
        Counting out = new Counting();
        jsonText(out, RECORDS);
        return out.bytes;
    }

    @Benchmark
    public long handWritten() throws IOException {
        Counting out = new Counting();
        handWritten(out, RECORDS);
        return out.bytes;
    }

    @Benchmark
    public long jacksonGenerator() throws IOException {
        Counting out = new Counting();
        jackson(out, RECORDS);
        return out.bytes;
    }

    private void jsonText(OutputStream out, int n) throws IOException {
        Utf8Writer w = new Utf8Writer(out, 1 << 16);
        JsonText.Output json = JsonText.output(w, false, 0);
        for (int i = 0; i < n; i++) {
            json.value(records[i & 1023]);
            json.raw("\n");
        }
        json.flush();
        w.flush();
    }

    private void handWritten(OutputStream out, int n) throws IOException {
        Utf8Writer w = new Utf8Writer(out, 1 << 16);
        for (int i = 0; i < n; i++) {
            HandWrittenJson.write(w, records[i & 1023]);
            w.write('\n');
        }
        w.flush();
    }

    private void jackson(OutputStream out, int n) throws IOException {
        try (JsonGenerator g = jackson.createGenerator(out, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (int i = 0; i < n; i++) {
                DataRecord r = records[i & 1023];
                g.writeStartObject();
                for (int f = 0; f < r.size(); f++) {
                    g.writeFieldName(r.fields().get(f));
                    value(g, r.valueAt(f));
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String) {
            g.writeString((String) v);
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double) {
            g.writeNumber(doubleText((Double) v));
        } else if (v instanceof BigDecimal) {
            g.writeNumber(((BigDecimal) v).toPlainString());
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection) {
            g.writeStartArray();
            for (Object o : (Collection<?>) v) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException(v.getClass().getName());
        }
    }

    /** The encoder's double text (PHP json_encode), so every side prints numbers by one rule. */
    private static String doubleText(double d) {
        return JsonText.doubleText(d);
    }
}

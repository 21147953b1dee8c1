package io.dataflows.beam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records cross workers with every value's Java type, order and content kept. */
class RecordCoderTest {

    private static DataRecord copy(DataRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RecordCoder.of().encode(record, bytes);
        RecordCoder.of().encode(DataRecord.of("next", 1L), bytes); // each record ends where it should
        ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
        DataRecord decoded = RecordCoder.of().decode(in);
        assertThat(RecordCoder.of().decode(in).toMap()).isEqualTo(Map.of("next", 1L));
        assertThat(in.available()).isZero();
        return decoded;
    }

    @Test
    void everyKindOfValueKeepsItsTypeAndTheFieldsTheirOrder() throws IOException {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", Arrays.asList("x", null, 2.5));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("text", "Grüße, \"quoted\"\nline");
        fields.put("long", 42L);
        fields.put("int", 7);
        fields.put("double", -0.5);
        fields.put("yes", true);
        fields.put("no", false);
        fields.put("decimal", new BigDecimal("12.3400"));
        fields.put("none", null);
        fields.put("list", List.of(1L, "two", List.of()));
        fields.put("map", nested);
        fields.put("big", new BigInteger("123456789012345678901234567890"));
        DataRecord record = DataRecord.fromMap(fields);

        DataRecord decoded = copy(record);

        assertThat(decoded.fields()).containsExactlyElementsOf(fields.keySet());
        assertThat(decoded.toMap()).isEqualTo(record.toMap());
        Map<String, Object> map = decoded.toMap();
        assertThat(map.get("long")).isInstanceOf(Long.class);
        assertThat(map.get("int")).isEqualTo(7L); // records hold whole numbers as Long
        assertThat(map.get("decimal")).isEqualTo(new BigDecimal("12.3400"));
        assertThat(map.get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(new ArrayList<Object>(((Map<?, ?>) map.get("map")).keySet())).containsExactly("z", "a");
    }

    @Test
    void textLongerThan64KiBIsKeptWhole() throws IOException {
        String text = "é".repeat(70_000);

        assertThat(copy(DataRecord.of("text", text)).toMap().get("text")).isEqualTo(text);
    }

    @Test
    void aRecordThatIsOneValueStaysOne() throws IOException {
        assertThat(copy(DataRecord.ofValue("just text")).asValue()).isEqualTo("just text");
        assertThat(copy(DataRecord.ofValue(null)).asValue()).isNull();
        assertThat(copy(DataRecord.ofValue(List.of(1L, 2L))).asValue()).isEqualTo(List.of(1L, 2L));
    }
}

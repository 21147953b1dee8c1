package io.dataflows.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.RecordLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataRecordTest {

    @Test
    void recordsOfStringsTakeValuesOfAnyType() {
        // Readers build records over a String[]; adding or replacing a field with a number must still work.
        RecordLayout layout = RecordLayout.of(List.of("a", "b"));
        DataRecord r = layout.recordOfText(new String[] {"1", "2"});
        assertThat(r.with("n", 2L).get("n")).isEqualTo(2L);
        assertThat(r.with("a", true).get("a")).isEqualTo(true);
        assertThat(r.with("n", 2L).with("m", 1.5).toJson()).isEqualTo("{\"a\":\"1\",\"b\":\"2\",\"n\":2,\"m\":1.5}");
    }

    @Test
    void addingTheSameFieldToManyRecordsSharesOneLayout() {
        RecordLayout layout = RecordLayout.of(List.of("a"));
        DataRecord first = layout.recordOfText(new String[] {"1"}).with("x", 1L);
        DataRecord second = layout.recordOfText(new String[] {"2"}).with(new String("x"), 2L);
        assertThat(second.layout()).isSameAs(first.layout());
        assertThat(second.fields()).containsExactly("a", "x");
        // replacing, then adding again after another field was added
        assertThat(second.with("x", 3L).get("x")).isEqualTo(3L);
        DataRecord third = layout.recordOfText(new String[] {"3"}).with("y", 1L).with("x", 1L);
        assertThat(third.fields()).containsExactly("a", "y", "x");
        assertThat(layout.recordOfText(new String[] {"4"}).with("x", 4L).fields()).containsExactly("a", "x");
        assertThat(layout.recordOfText(new String[] {"5"}).with("a", "z").fields()).containsExactly("a");
    }

    @Test
    void aValueRecordIsItsValueAsJsonAndOneFieldNamedZeroFieldByField() {
        DataRecord bob = DataRecord.ofValue("Bob");
        assertThat(bob.isValue()).isTrue();
        assertThat(bob.asValue()).isEqualTo("Bob");
        assertThat(bob.toJson()).isEqualTo("\"Bob\"");
        assertThat(bob.fields()).containsExactly("0");
        assertThat(bob.get("0")).isEqualTo("Bob");
        assertThat(DataRecord.ofValue(List.of(1, "a")).toJson()).isEqualTo("[1,\"a\"]");
        assertThat(DataRecord.ofValue(null).toJson()).isEqualTo("null");
        // a value record is not the object {"0": "Bob"}
        assertThat(bob).isNotEqualTo(DataRecord.of("0", "Bob")).isEqualTo(DataRecord.ofValue("Bob"));
        assertThat(DataRecord.of("0", "Bob").isValue()).isFalse();
        // given another field it becomes an ordinary record with both
        DataRecord more = bob.with("n", 1);
        assertThat(more.isValue()).isFalse();
        assertThat(more.toJson()).isEqualTo("{\"0\":\"Bob\",\"n\":1}");
        assertThat(DataRecord.of("r", bob).toJson()).isEqualTo("{\"r\":\"Bob\"}");
    }
}

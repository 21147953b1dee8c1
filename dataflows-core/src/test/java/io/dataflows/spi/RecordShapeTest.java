package io.dataflows.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Known shapes change as transformers say; unknown stays unknown through every change. */
class RecordShapeTest {

    @Test
    void aKnownShapeKeepsItsOrderAndChangesAsAsked() {
        RecordShape shape = RecordShape.of("id", "name", "id");

        assertThat(shape.isKnown()).isTrue();
        assertThat(shape.fields()).hasValueSatisfying(f -> assertThat(f).containsExactly("id", "name"));
        assertThat(shape.with(List.of("total", "id")).fields().orElseThrow()).containsExactly("id", "name", "total");
        assertThat(shape.without(List.of("id")).fields().orElseThrow()).containsExactly("name");
        assertThat(shape.or(RecordShape.of("zip", "name")).fields().orElseThrow())
                .containsExactly("id", "name", "zip");
        assertThat(shape.mayHave("name")).isTrue();
        assertThat(shape.mayHave("nmae")).isFalse();
        assertThat(RecordShape.of().mayHave("id")).isFalse();
        assertThat(shape).isEqualTo(RecordShape.of(List.of("name", "id"))).hasToString("RecordShape[id, name]");
    }

    @Test
    void unknownStaysUnknownAndMayHaveAnyField() {
        RecordShape unknown = RecordShape.unknown();

        assertThat(unknown.isKnown()).isFalse();
        assertThat(unknown.fields()).isEmpty();
        assertThat(unknown.mayHave("anything")).isTrue();
        assertThat(unknown.with(List.of("x"))).isSameAs(unknown);
        assertThat(unknown.without(List.of("x"))).isSameAs(unknown);
        assertThat(unknown.or(RecordShape.of("x"))).isSameAs(unknown);
        assertThat(RecordShape.of("x").or(unknown)).isSameAs(unknown);
        assertThat(unknown).hasToString("RecordShape[unknown]");
    }
}

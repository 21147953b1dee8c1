package io.dataflows.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A part of a source: checked bounds, and the whole source told apart from its parts. */
class ReadSplitTest {

    @Test
    void theWholeSourceIsToldApartFromItsParts() {
        assertThat(ReadSplit.WHOLE.isWhole()).isTrue();
        assertThat(new ReadSplit(0, Long.MAX_VALUE, 1).isWhole()).isTrue();
        assertThat(new ReadSplit(0, 100, 1).isWhole()).isFalse();
        assertThat(new ReadSplit(10, 10, 3).isWhole()).isFalse();
        assertThat(new ReadSplit(1, Long.MAX_VALUE, 1).isWhole()).isFalse();
        assertThat(new ReadSplit(0, Long.MAX_VALUE, 2).isWhole()).isFalse();
    }

    @Test
    void invalidBoundsAreRefused() {
        assertThatThrownBy(() -> new ReadSplit(-1, 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid read split: start -1, end 10, first line 1");
        assertThatThrownBy(() -> new ReadSplit(10, 9, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid read split: start 10, end 9, first line 1");
        assertThatThrownBy(() -> new ReadSplit(0, 9, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid read split: start 0, end 9, first line 0");
    }
}

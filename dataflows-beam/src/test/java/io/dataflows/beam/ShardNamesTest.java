package io.dataflows.beam;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.beam.internal.ShardNames;
import org.junit.jupiter.api.Test;

/** The file names of shards, as Beam's file sinks name them. */
class ShardNamesTest {

    @Test
    void theShardGoesBeforeTheExtension() {
        assertThat(ShardNames.of("out/people.jsonl", 1, 4)).isEqualTo("out/people-00001-of-00004.jsonl");
        assertThat(ShardNames.of("people.tar.gz", 0, 12)).isEqualTo("people.tar-00000-of-00012.gz");
    }

    @Test
    void withoutAnExtensionTheShardGoesAtTheEnd() {
        assertThat(ShardNames.of("out/people", 2, 3)).isEqualTo("out/people-00002-of-00003");
        assertThat(ShardNames.of("out.d/people", 2, 3)).isEqualTo("out.d/people-00002-of-00003");
        assertThat(ShardNames.of(".hidden", 0, 1)).isEqualTo(".hidden-00000-of-00001");
    }
}

package io.dataflows.steps.internal.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every algorithm gives the same hash whatever sizes of chunk it is fed: the small implementations of this package
 * keep partial blocks between updates, and a file arrives in reads of any length.
 */
class HasherChunkingTest {

    @Test
    void oddChunksGiveTheHashOfTheWhole() {
        byte[] data = new byte[200_003];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 131 + (i >> 9));
        }
        int[] sizes = {1, 2, 3, 5, 7, 15, 16, 17, 31, 63, 64, 65, 127, 128, 129, 1000, 4099};
        for (String name : HashAlgorithms.phpNames()) {
            Hasher whole = HashAlgorithms.create(name);
            whole.update(data, 0, data.length);
            Hasher chunked = HashAlgorithms.create(name);
            int off = 0;
            for (int k = 0; off < data.length; k++) {
                int n = Math.min(sizes[k % sizes.length], data.length - off);
                chunked.update(data, off, n);
                off += n;
            }
            chunked.update(data, data.length, 0);

            assertThat(chunked.hex()).as(name).isEqualTo(whole.hex());
        }
    }
}

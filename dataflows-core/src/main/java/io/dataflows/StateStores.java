package io.dataflows;

import io.dataflows.internal.store.DirectoryStateStore;
import io.dataflows.internal.store.MemoryStateStore;
import io.dataflows.spi.StateStore;
import java.nio.file.Path;

/** Built-in {@link StateStore}s. */
public final class StateStores {

    private StateStores() {}

    /** State kept in memory for the life of the store; the run lock works within this JVM. The engine default. */
    public static StateStore inMemory() {
        return new MemoryStateStore();
    }

    /**
     * State kept as JSON files under {@code dir}, shared by the processes of one machine; the run lock is an OS
     * file lock, so two processes never run the same non-concurrent dataflow at once.
     */
    public static StateStore directory(Path dir) {
        return new DirectoryStateStore(dir);
    }
}

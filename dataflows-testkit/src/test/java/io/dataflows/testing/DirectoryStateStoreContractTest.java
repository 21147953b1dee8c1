package io.dataflows.testing;

import io.dataflows.StateStores;
import io.dataflows.spi.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The directory store keeps the state store contract, with instances over one directory as processes share it. */
class DirectoryStateStoreContractTest extends StateStoreContract {

    @TempDir
    Path dir;

    private int stores;

    @Override
    protected StateStore newStore() {
        return StateStores.directory(dir.resolve("state-" + stores++));
    }

    @Override
    protected List<StateStore> newSharedStores(int count) {
        Path shared = dir.resolve("shared-" + stores++);
        List<StateStore> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(StateStores.directory(shared));
        }
        return list;
    }
}

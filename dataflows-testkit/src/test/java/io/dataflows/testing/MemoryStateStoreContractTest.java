package io.dataflows.testing;

import io.dataflows.StateStores;
import io.dataflows.spi.StateStore;

/** The in-memory store keeps the state store contract (no other instance can share its state). */
class MemoryStateStoreContractTest extends StateStoreContract {

    @Override
    protected StateStore newStore() {
        return StateStores.inMemory();
    }
}

package io.dataflows.testing;

import io.dataflows.StateStores;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The JDBC store under the state store contract, with instances over one database as processes share it. */
abstract class JdbcStateStoreContract extends StateStoreContract {

    private final List<TestDatabase> databases = new ArrayList<>();

    /** The database kind of this class's stores. */
    abstract TestDatabase.Kind kind();

    @AfterEach
    void closeDatabases() {
        databases.forEach(TestDatabase::close);
    }

    @Override
    protected StateStore newStore() {
        return newSharedStores(1).get(0);
    }

    @Override
    protected List<StateStore> newSharedStores(int count) {
        TestDatabase db = TestDatabase.create(kind());
        databases.add(db);
        List<StateStore> stores = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stores.add(StateStores.jdbc(db.dataSource()));
        }
        return stores;
    }
}

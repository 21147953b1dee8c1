package io.dataflows.testing;

import io.dataflows.testkit.TestDatabase;

/** The JDBC store keeps the state store contract on H2 (in PostgreSQL mode). */
class H2StateStoreContractTest extends JdbcStateStoreContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}

package io.dataflows.testing;

import io.dataflows.testkit.TestDatabase;

/**
 * The JDBC store keeps the state store contract on PostgreSQL: skipped without a server, failing in CI, as
 * {@link TestDatabase} decides.
 */
class PostgresqlStateStoreContractTest extends JdbcStateStoreContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}

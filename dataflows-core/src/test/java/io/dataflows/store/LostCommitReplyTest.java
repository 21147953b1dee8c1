package io.dataflows.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection that breaks after the start of a run was committed, but before the reply arrived (what happens when
 * the process serving an embedded database ends at that moment): the store finds the row it wrote instead of
 * failing, so no caller records the run a second time.
 */
class LostCommitReplyTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theStartOfARunWhoseReplyWasLostIsFoundNotRepeated(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore store = StateStores.jdbc(new LosingFirstRunInsert(db.dataSource()));

            RunRecord run = store.startRun("flow", false, Instant.parse("2026-01-01T00:00:00Z"), "{}");

            assertThat(run.status()).isEqualTo("processing");
            assertThat(store.runs("flow")).extracting(RunRecord::id).containsExactly(run.id());
        }
    }

    /** Executes the first insert of a run, then reports the connection as broken. */
    private static final class LosingFirstRunInsert implements DataSource {
        private final DataSource target;
        private final AtomicBoolean lost = new AtomicBoolean();

        LosingFirstRunInsert(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = target.getConnection();
            InvocationHandler connection = (proxy, method, args) -> {
                Object result = invoke(c, method, args);
                if (method.getName().equals("prepareStatement") && String.valueOf(args[0])
                        .startsWith("INSERT INTO dataflows_runs")) {
                    PreparedStatement ps = (PreparedStatement) result;
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                                Object r = invoke(ps, m, a);
                                if (m.getName().equals("executeUpdate") && lost.compareAndSet(false, true)) {
                                    throw new SQLException("Connection is broken: reply lost", "08006");
                                }
                                return r;
                            });
                }
                return result;
            };
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, connection);
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
                throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}

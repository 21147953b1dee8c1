package io.dataflows;

import io.dataflows.internal.store.DirectoryStateStore;
import io.dataflows.internal.store.JdbcStateStore;
import io.dataflows.internal.store.MemoryStateStore;
import io.dataflows.spi.StateStore;
import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Built-in {@link StateStore}s: {@link #inMemory()} (the engine default), {@link #directory(Path)} (JSON files, one
 * machine) and {@link #jdbc(DataSource)} (a database, one machine or several; what the command line uses).
 */
public final class StateStores {

    private StateStores() {}

    /**
     * State kept in memory for the life of the store; the run lock works within this JVM. The engine default. It
     * keeps 1,000 runs of each dataflow, forgetting the oldest finished ones, so an engine that runs a dataflow again
     * and again does not grow without bound; sequence numbers go on counting.
     */
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

    /**
     * State kept in a database (H2 or PostgreSQL), shared by every process that uses the same database, on one
     * machine or several. The store creates and migrates its tables ({@code dataflows_*}) itself on first use; no
     * manual step is needed. The run lock is a row lock held by the running process for the length of the run: two
     * processes never run the same non-concurrent dataflow at once, and the database releases the lock of a process
     * that dies.
     *
     * <p>The store borrows connections from {@code dataSource} (use a pool) and never closes it. Each run holds one
     * connection for its lock while it runs. Database errors are thrown as {@link DataflowException}s that say what
     * the store was doing.
     */
    public static StateStore jdbc(DataSource dataSource) {
        return new JdbcStateStore(Objects.requireNonNull(dataSource, "dataSource"));
    }
}

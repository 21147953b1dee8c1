package io.dataflows.store;

import io.dataflows.StateStores;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A process that claims the queued events of dataflow {@code flow} in a directory state store, one at a time, until
 * none is left, and writes the ids it claimed, one per line.
 *
 * <p>Arguments: the state directory, the file to write the ids to, the file to create when ready, the file whose
 * appearance starts the claiming (so that the processes claim at the same time).
 */
public final class EventClaimer {

    private EventClaimer() {}

    public static void main(String[] args) throws Exception {
        StateStore store = StateStores.directory(Path.of(args[0]));
        String run = store.startRun("flow", false, Instant.now(), "{}").id();
        Files.createFile(Path.of(args[2]));
        Path go = Path.of(args[3]);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        List<String> ids = new ArrayList<>();
        while (true) {
            List<QueuedEvent> page = store.claimEvents("flow", run, 1);
            if (page.isEmpty()) {
                break;
            }
            for (QueuedEvent e : page) {
                ids.add(Long.toString(e.id()));
            }
        }
        Files.write(Path.of(args[1]), ids);
    }
}

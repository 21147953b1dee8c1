package io.dataflows.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store keeps 1,000 runs of a dataflow, forgetting the oldest finished ones, so an engine that runs a
 * dataflow again and again does not grow without bound; runs still processing stay, and sequence numbers go on
 * counting.
 */
class MemoryStateStoreRetentionTest {

    private final StateStore store = StateStores.inMemory();

    private RunRecord finishedRun(String dataflow) {
        RunRecord run = store.startRun(dataflow, false, Instant.EPOCH, "{}");
        store.finishRun(run, "finalised", Instant.EPOCH, "{}", null);
        return run;
    }

    @Test
    void aThousandRunsAreKeptTheOldestFinishedOnesForgotten() {
        RunRecord processing = store.startRun("flow", false, Instant.EPOCH, "{}");
        for (int i = 0; i < 1004; i++) {
            finishedRun("flow");
        }
        finishedRun("other");

        List<RunRecord> runs = store.runs("flow");
        assertThat(runs).hasSize(1000);
        assertThat(runs.get(0)).isEqualTo(processing);
        assertThat(runs.get(1).name()).isEqualTo("7");
        assertThat(runs.get(999).name()).isEqualTo("1005");
        assertThat(store.runs("other")).extracting(RunRecord::name).containsExactly("1");
        assertThat(store.recentRuns("flow", 2)).extracting(RunRecord::name).containsExactly("1005", "1004");
    }

    @Test
    void theEventsAForgottenRunHadClaimedAreClaimedAgain() {
        long id = store.enqueueEvent("flow", "e", "{}", Instant.EPOCH);
        RunRecord claimer = store.startRun("flow", false, Instant.EPOCH, "{}");
        assertThat(store.claimEvents("flow", claimer.id(), 5)).extracting(QueuedEvent::id).containsExactly(id);
        store.finishRun(claimer, "aborted", Instant.EPOCH, "{}", "process died");
        for (int i = 0; i < 1000; i++) {
            finishedRun("flow");
        }
        assertThat(store.runs("flow")).extracting(RunRecord::id).doesNotContain(claimer.id());

        assertThat(store.queuedEvents("flow", 0, 5)).extracting(QueuedEvent::claimedBy).containsExactly((String) null);
        assertThat(store.claimEvents("flow", "next", 5)).extracting(QueuedEvent::id).containsExactly(id);
    }
}

package io.dataflows.scheduler;

import io.dataflows.DataflowEngine;
import io.dataflows.RunListener;
import io.dataflows.RunResult;
import io.dataflows.StateStores;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * One test's scheduler: a state store, the test step types (the core test kit's, the test triggers, a gate), an
 * engine that records every run's result, and a scheduler with a recording listener. Closed after the test.
 */
final class SchedulerFixture implements AutoCloseable {

    final StateStore store;
    final TestKit kit = new TestKit();
    final GateStep gates = new GateStep();
    final RecordingSchedulerListener listener = new RecordingSchedulerListener();
    final DataflowEngine engine;
    final DataflowScheduler scheduler;
    private final List<RunResult> results = Collections.synchronizedList(new ArrayList<>());
    private final List<String> runThreads = Collections.synchronizedList(new ArrayList<>());

    SchedulerFixture(StateStore store, Consumer<DataflowScheduler.Builder> settings) {
        this.store = store;
        this.engine = DataflowEngine.builder()
                .stepRegistry(kit.registryBuilder().add(new TestCronTrigger()).add(new TestEventTrigger())
                        .add(new TestWebhookTrigger()).add(gates).add(gates.flowStep())
                        .add(new AbortFlowStep()).add(new FileSink()).build())
                .stateStore(this.store)
                .listener(new RunListener() {
                    @Override
                    public void runStarted(RunInfo run) {
                        runThreads.add(Thread.currentThread().getName());
                    }

                    @Override
                    public void runFinished(RunResult result) {
                        results.add(result);
                    }

                    @Override
                    public void runBlocked(RunResult result) {
                        results.add(result);
                    }
                })
                .build();
        DataflowScheduler.Builder b = DataflowScheduler.builder(engine).listener(listener)
                .eventRetryDelay(Duration.ofMillis(200));
        settings.accept(b);
        this.scheduler = b.build();
    }

    /** A fixture on an in-memory store, with default settings. */
    static SchedulerFixture inMemory() {
        return new SchedulerFixture(StateStores.inMemory(), b -> { });
    }

    /** The results of the runs of {@code dataflow} that ended, in the order they ended. */
    List<RunResult> results(String dataflow) {
        synchronized (results) {
            return results.stream().filter(r -> r.dataflowName().equals(dataflow)).toList();
        }
    }

    /** The names of the threads runs started on. */
    List<String> runThreads() {
        synchronized (runThreads) {
            return List.copyOf(runThreads);
        }
    }

    @Override
    public void close() {
        scheduler.close(Duration.ofSeconds(5));
    }
}

package io.dataflows.scheduler;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.StateStores;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.Trigger;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestDatabase;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A scheduler in a process of its own, for the tests of schedulers sharing a database ({@code ClusterProcessesTest}):
 * {@code ClusterNode MODE URL USER PASSWORD OUT [COUNT]}. It runs until its standard input closes, except in
 * {@code publish-and-hang}, which waits to be killed.
 *
 * <ul>
 *   <li>{@code cron}: the concurrent dataflow {@code tick} every second; each run started appends
 *       {@code "<scheduledat> <run id>"} to OUT.</li>
 *   <li>{@code events}: publishes COUNT events {@code job} for the dataflow {@code consume}, whose runs append
 *       {@code "<event id> <run id>"} to OUT; the ids published go to OUT.published.</li>
 *   <li>{@code publish-and-hang}: publishes COUNT events for a {@code consume} whose run claims them all and then
 *       waits for ever; once every one is claimed, their ids go to OUT.ready.</li>
 * </ul>
 */
public final class ClusterNode {

    private ClusterNode() {}

    /** The dataflow whose runs consume the {@code job} events and append them to {@code out}. */
    static Dataflow consumer(Path out, String gate) {
        Dataflow.Builder b = Dataflow.builder("consume").start("events", StepSpec.of(TestEventTrigger.ID)
                .with("eventname", "job").with("executionpolicy", "adhocqueued"));
        if (gate != null) {
            b.then("gate", StepSpec.of(GateStep.FLOW_ID).with("gate", gate));
        }
        return b.then("sink", StepSpec.of(FileSink.ID).with("file", out.toString())).build();
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        DataSource ds = TestDatabase.driverManager(args[1], args[2], args[3]);
        Path out = Path.of(args[4]);
        StateStore store = StateStores.jdbc(ds);
        GateStep gates = new GateStep();
        DataflowEngine engine = DataflowEngine.builder()
                .stepRegistry(StepRegistry.builder().add(TestConnector.isolated()).add(new TestCronTrigger())
                        .add(new TestEventTrigger()).add(new FileSink()).add(gates.flowStep()).build())
                .stateStore(store).build();
        DataflowScheduler scheduler = DataflowScheduler.builder(engine).dataSource(ds)
                .eventRetryDelay(Duration.ofMillis(200))
                .listener(SchedulerListener.onStarted((flow, trigger, runId, details) -> {
                    if (trigger == Trigger.CRON) {
                        append(out, details.get("scheduledat") + " " + runId);
                    }
                }))
                .build();
        switch (mode) {
            case "cron" -> {
                // Concurrent, so that a run still going never makes a firing skip: every firing runs.
                scheduler.register(Dataflow.builder("tick").concurrencyEnabled(true)
                        .start("cron", StepSpec.of(TestCronTrigger.ID).with("every", 1))
                        .then("work", StepSpec.of(TestConnector.ID)).build());
                scheduler.start();
            }
            case "events" -> {
                scheduler.register(consumer(out, null));
                scheduler.start();
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < Integer.parseInt(args[5]); i++) {
                    ids.addAll(scheduler.publish("job", Map.of("n", i)));
                }
                Files.write(Path.of(out + ".published"), ids.stream().map(String::valueOf).toList());
            }
            case "publish-and-hang" -> {
                scheduler.register(consumer(out, "never"));
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < Integer.parseInt(args[5]); i++) {
                    ids.addAll(scheduler.publish("job", Map.of("n", i)));
                }
                scheduler.start();
                while (!store.queuedEvents("consume", 1000).stream().allMatch(e -> e.claimedBy() != null)
                        || gates.entered("never") == 0) {
                    Thread.sleep(20);
                }
                List<String> claimed = store.queuedEvents("consume", 1000).stream().map(QueuedEvent::id)
                        .map(String::valueOf).toList();
                Files.write(Path.of(out + ".ready"), claimed);
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        // Runs until the parent closes our standard input.
        while (System.in.read() >= 0) {
            // nothing to read
        }
        boolean ended = scheduler.close(Duration.ofSeconds(10));
        try (PrintWriter w = new PrintWriter(System.out, true, StandardCharsets.UTF_8)) {
            w.println("closed " + ended);
        }
        System.exit(0);
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

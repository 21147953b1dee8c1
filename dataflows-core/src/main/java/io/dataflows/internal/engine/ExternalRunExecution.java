package io.dataflows.internal.engine;

import io.dataflows.Dataflow;
import io.dataflows.MdcKeys;
import io.dataflows.RunExecutor;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.Values;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run executed by a {@link RunExecutor} instead of the engine's steps, with the same bookkeeping as a local run
 * ({@link RunBookkeeper}): the run lock of a non-concurrent dataflow, the runs of dead processes ended, the start
 * recorded, and the end recorded with its status, error and the steps' summary whatever happens. The variable tree
 * kept as the run's start and end state is the dataflow's name, its status times and the trigger: the executor's
 * workers keep the rest to themselves.
 */
public final class ExternalRunExecution {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    private final EngineSettings settings;
    private final Dataflow flow;
    private final FlowGraph graph;
    private final RunOptions options;

    public ExternalRunExecution(EngineSettings settings, Dataflow flow, FlowGraph graph, RunOptions options) {
        this.settings = settings;
        this.flow = flow;
        this.graph = graph;
        this.options = options;
    }

    /** Executes the run with {@code executor} on the calling thread and returns its recorded result. */
    public RunResult execute(RunExecutor executor) {
        boolean dryRun = options.isDryRun();
        Instant started = settings.clock().instant();
        RunControl control = new RunControl(flow.name());
        try (RunBookkeeper books = new RunBookkeeper(settings.store(), flow, dryRun, options.trigger().label());
                MdcScope f = MdcScope.put(MdcKeys.FLOW, flow.name())) {
            if (!books.acquire(graph, started, options.waitForLock(), control)) {
                log.warn("Execution of dataflow '{}' blocked by a lock: another run holds it", flow.name());
                Instant now = settings.clock().instant();
                RunRecord record = books.recordBlocked(now, state(Map.of(RunStatus.BLOCKED, now)));
                return Results.factory().runResult(flow.name(), record.id(), record.name(), dryRun,
                        RunStatus.BLOCKED, null, null, Map.of(), state(Map.of(RunStatus.BLOCKED, now)), List.of(),
                        started, now);
            }
            Map<RunStatus, Instant> times = new LinkedHashMap<>();
            times.put(RunStatus.PROCESSING, started);
            RunRecord record = books.start(started, state(times));
            try (MdcScope r = MdcScope.put(MdcKeys.RUN, record.id())) {
                RunResult outcome;
                try {
                    outcome = executor.execute(new RunListener.RunInfo(flow.name(), record.id(), record.name(),
                            dryRun));
                } catch (RuntimeException | Error e) {
                    Instant failed = settings.clock().instant();
                    times.put(RunStatus.ABORTED, failed);
                    books.finish(RunStatus.ABORTED, failed, state(times), String.valueOf(e.getMessage()),
                            RunSummary.nothingRan());
                    throw e;
                }
                Instant finished = settings.clock().instant();
                times.put(outcome.status(), finished);
                Map<String, Object> end = state(times);
                RunResult result = Results.factory().runResult(flow.name(), record.id(), record.name(), dryRun,
                        outcome.status(), outcome.failure().orElse(null), outcome.cancelReason().orElse(null),
                        outcome.steps(), end, outcome.effects(), started, finished);
                books.finish(result.status(), finished, end,
                        result.error().orElse(result.cancelReason().orElse(null)), result.summary());
                log.info("Run {} of dataflow '{}' {}{} on another runner", record.name(), flow.name(),
                        result.status().label(), dryRun ? " (dry run)" : "");
                return result;
            }
        }
    }

    /** The run's variable tree as the history keeps it: the dataflow's name and status times, and the trigger. */
    private Map<String, Object> state(Map<RunStatus, Instant> times) {
        Map<String, Object> states = new LinkedHashMap<>();
        times.forEach((status, at) -> states.put(status.label(), Values.timestamp(at)));
        Map<String, Object> dataflow = new LinkedHashMap<>();
        dataflow.put("name", flow.name());
        dataflow.put("states", states);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("dataflow", dataflow);
        state.put("run", Map.of("trigger", Map.of("type", options.trigger().label())));
        return state;
    }
}

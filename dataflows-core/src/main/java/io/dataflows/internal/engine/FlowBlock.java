package io.dataflows.internal.engine;

import io.dataflows.MdcKeys;
import io.dataflows.RunStatus;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.internal.graph.Plan;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one flow block — readers and the flow steps their records stream through — in three phases: open every flow
 * step's processor, wire each step's outputs to the processors downstream and let the readers push their records
 * through, then finish the processors in order. The opened processors are always closed, in reverse order; a
 * failure to close only fails a block that otherwise succeeded.
 */
final class FlowBlock {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    private final FlowGraph graph;
    private final Map<String, StepRuntime> runtimes;
    private final RunFailures failures;
    private final RunNotifier notifier;
    private final Redactor redactor;
    private final StepTimer timer;
    private final boolean readAhead;
    private final boolean writeBehind;

    /**
     * @param readAhead whether readers that can may read ahead of the steps downstream (see {@link ReadAhead})
     * @param writeBehind whether writers that can may process their records on a thread of their own (see
     *     {@link WriteBehind})
     */
    FlowBlock(FlowGraph graph, Map<String, StepRuntime> runtimes, RunFailures failures, RunNotifier notifier,
            Redactor redactor, StepTimer timer, boolean readAhead, boolean writeBehind) {
        this.timer = timer;
        this.readAhead = readAhead;
        this.writeBehind = writeBehind;
        this.graph = graph;
        this.runtimes = runtimes;
        this.failures = failures;
        this.notifier = notifier;
        this.redactor = redactor;
    }

    /**
     * Streams the block's records through {@code active}, the block's steps that an upstream connector did not
     * cancel; they end {@code finished}, or the failure is thrown as a {@link RunSignal}.
     */
    void pump(Plan.Unit unit, List<StepRuntime> active) {
        for (StepRuntime s : active) {
            s.setStatus(RunStatus.FLOWING);
            notifier.stepStarted(s);
        }
        List<StepRuntime> opened = new ArrayList<>();
        boolean ok = false;
        RunControl control = failures.control();
        control.enterSteps();
        try {
            for (StepRuntime s : active) {
                if (s.type.kind() == StepKind.READER) {
                    continue;
                }
                failures.entering(s);
                long t0 = System.nanoTime();
                try (MdcScope m = MdcScope.put(MdcKeys.STEP, s.alias)) {
                    s.processor = ((FlowStep) s.type).open(s.context);
                } catch (AbortRequest a) {
                    throw failures.aborted(s, a.getMessage(), 0);
                } catch (RunSignal signal) {
                    throw signal;
                } catch (Exception e) {
                    throw failures.failed(s, e, 0);
                } finally {
                    s.nanos += System.nanoTime() - t0;
                }
                if (s.processor == null) {
                    throw failures.failed(s, new IllegalStateException("open() of step type '" + s.typeId
                            + "' returned null"), 0);
                }
                opened.add(s);
            }
            for (StepRuntime s : active) {
                s.emitter = emitterFor(s, active);
            }
            for (String readerAlias : unit.readers()) {
                StepRuntime reader = runtimes.get(readerAlias);
                if (!active.contains(reader)) {
                    continue;
                }
                failures.entering(reader);
                long[] before = beginPhase(reader, active);
                long t0 = System.nanoTime();
                List<StepRuntime> behind = writeBehind(active, control);
                RunSignal stopped = null;
                try {
                    read(reader, readsAhead(reader, active) ? new ReadAhead(reader, control, notifier) : null);
                } catch (RunSignal signal) {
                    stopped = signal;
                } finally {
                    try {
                        stopped = finishBehind(behind, stopped, active, before);
                    } finally {
                        endPhase(reader, active, before, System.nanoTime() - t0);
                    }
                }
                if (stopped != null) {
                    throw stopped;
                }
                // A reader that caught what emit threw (a failure downstream, a stop) still stops the run here.
                control.checkpoint();
                notifier.progress(reader, reader.recordsOut);
            }
            for (StepRuntime s : opened) {
                failures.entering(s);
                long[] before = beginPhase(s, active);
                long t0 = System.nanoTime();
                try (MdcScope m = MdcScope.put(MdcKeys.STEP, s.alias)) {
                    s.processor.finish(s.emitter);
                } catch (RunSignal signal) {
                    throw signal;
                } catch (AbortRequest a) {
                    throw failures.aborted(s, a.getMessage(), 0);
                } catch (Exception e) {
                    throw failures.failed(s, e, 0);
                } finally {
                    endPhase(s, active, before, System.nanoTime() - t0);
                }
            }
            control.checkpoint();
            ok = true;
        } finally {
            control.leaveSteps();
            RunSignal closeFailure = null;
            Collections.reverse(opened);
            for (StepRuntime s : opened) {
                long t0 = System.nanoTime();
                try {
                    s.processor.close();
                } catch (Exception e) {
                    if (ok && closeFailure == null) {
                        closeFailure = failures.failed(s, e, 0);
                    } else {
                        log.warn("Closing step '{}' after a failure also failed: {}", s.alias,
                                redactor.scrub(RunFailures.describe(e)));
                    }
                } finally {
                    s.nanos += System.nanoTime() - t0;
                }
            }
            if (closeFailure != null) {
                throw closeFailure;
            }
        }
        for (StepRuntime s : active) {
            s.setStatus(RunStatus.FINISHED);
            notifier.stepFinished(s);
        }
    }

    /**
     * Lets {@code reader} read, through {@code ahead} when it reads ahead; what goes wrong comes out as the run's
     * stop.
     */
    private void read(StepRuntime reader, ReadAhead ahead) {
        reader.ahead = ahead;
        try (MdcScope m = MdcScope.put(MdcKeys.STEP, reader.alias)) {
            try {
                ((ReaderStep) reader.type).read(reader.context, ahead != null ? ahead : reader.emitter);
            } finally {
                if (ahead != null) {
                    // The steps downstream finish the records already read; a failure of theirs came on an earlier
                    // record than one of the reader's own, so it is the one that is thrown.
                    ahead.finish();
                }
            }
        } catch (RunSignal signal) {
            throw signal;
        } catch (AbortRequest a) {
            throw failures.aborted(reader, a.getMessage(), reader.recordsOut + 1);
        } catch (Exception e) {
            // Nothing read yet and the source cannot be reached: the failure is opening it, not a record.
            throw reader.recordsOut == 0 && isOpeningFailure(e) ? failures.failedOpening(reader, e)
                    : failures.failed(reader, e, reader.recordsOut + 1);
        } finally {
            reader.ahead = null;
        }
    }

    /**
     * The steps of {@code active} that write behind while a reader reads, each given what processes its records
     * on a thread of its own: a step at the end of its stream (it feeds no other step) whose type says it can, with
     * no vars of its own (they would be evaluated per record, from the run's variables) and a processor of its own
     * making. Never in a block with a step given as code.
     */
    private List<StepRuntime> writeBehind(List<StepRuntime> active, RunControl control) {
        if (!writeBehind || hasCode(active)) {
            return List.of();
        }
        List<StepRuntime> behind = new ArrayList<>(1);
        for (StepRuntime s : active) {
            // A processor from the context's concurrentProcessor positions the step itself on each record's result.
            if (s.type instanceof FlowStep && ((FlowStep) s.type).canWriteBehind(s.step.config()) && !s.hasVars()
                    && !feedsAStep(s) && !(s.processor instanceof ConcurrentProcessor)) {
                s.behind = new WriteBehind(s, control);
                behind.add(s);
            }
        }
        return behind;
    }

    /**
     * Waits until the steps in {@code behind} have processed the records they took, and returns what the phase
     * stops with: the failure of one of them (the earliest record's, when several failed), which came on an earlier
     * record than {@code stopped}, the failure met upstream; else {@code stopped} (null when the phase went well).
     * Their records there were timed there, so the phase's estimate leaves them out.
     */
    private static RunSignal finishBehind(List<StepRuntime> behind, RunSignal stopped, List<StepRuntime> active,
            long[] before) {
        RunSignal earliest = null;
        RuntimeException unexpected = null;
        for (StepRuntime s : behind) {
            WriteBehind w = s.behind;
            s.behind = null;
            RuntimeException failure = w.finish();
            before[active.indexOf(s)] += w.taken();
            if (failure instanceof RunSignal) {
                RunSignal f = (RunSignal) failure;
                if (earliest == null || recordOf(f) < recordOf(earliest)) {
                    earliest = f;
                }
            } else if (failure != null && unexpected == null) {
                unexpected = failure;
            }
        }
        if (unexpected != null) {
            throw unexpected;
        }
        return earliest != null && (stopped == null || !earliest.isCancellation()) ? earliest : stopped;
    }

    private static long recordOf(RunSignal s) {
        return s.isCancellation() ? Long.MAX_VALUE : s.failure().recordNumber().orElse(Long.MAX_VALUE);
    }

    /** {@code driver} starts to read or finish; returns the records each active step had received. */
    private long[] beginPhase(StepRuntime driver, List<StepRuntime> active) {
        long[] before = new long[active.size()];
        for (int i = 0; i < before.length; i++) {
            StepRuntime s = active.get(i);
            before[i] = s.recordsIn;
            s.sampledNanos = 0;
            s.sampledRecords = 0;
        }
        timer.beginPhase(driver);
        driver.driving = true;
        return before;
    }

    /**
     * The phase driven by {@code driver} took {@code elapsed}: each step downstream gets its own time estimated from
     * its timed records, the driver the rest.
     */
    private void endPhase(StepRuntime driver, List<StepRuntime> active, long[] before, long elapsed) {
        driver.driving = false;
        timer.endPhase();
        double[] estimates = new double[before.length];
        double others = 0;
        for (int i = 0; i < before.length; i++) {
            StepRuntime s = active.get(i);
            long received = s.recordsIn - before[i];
            if (s != driver && s.sampledRecords > 0 && received > 0) {
                estimates[i] = (double) s.sampledNanos * received / s.sampledRecords;
                others += estimates[i];
            }
        }
        // Estimates can overshoot (a few slow samples); the steps never get more than the phase took.
        double scale = others > elapsed ? elapsed / others : 1;
        long given = 0;
        for (int i = 0; i < before.length; i++) {
            long own = (long) (estimates[i] * scale);
            active.get(i).nanos += own;
            given += own;
        }
        driver.nanos += Math.max(0, elapsed - given);
    }

    /**
     * Whether {@code reader} reads ahead of the steps downstream in this run. Never when a step of the block is code
     * given to the flow (a lambda): such code often relies on the caller's thread (a transaction bound to it).
     */
    private boolean readsAhead(StepRuntime reader, List<StepRuntime> active) {
        return readAhead && ((ReaderStep) reader.type).canReadAhead(reader.step.config()) && !hasCode(active)
                && feedsAStep(reader);
    }

    /**
     * Whether a step of the block is code given to the flow (a lambda): such code often relies on the caller's
     * thread (a transaction bound to it), so the block runs on that thread alone.
     */
    private static boolean hasCode(List<StepRuntime> active) {
        for (StepRuntime s : active) {
            if (s.step.implementation().isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a step receives what {@code s} emits. */
    private static boolean feedsAStep(StepRuntime s) {
        for (int i = 0; i < s.emitter.outputs(); i++) {
            if (s.emitter.hasTargets(i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} says the source could not be opened (a missing or unreadable file), not a bad record. */
    private static boolean isOpeningFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.FileSystemException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The emitter of {@code s}: per output of the step, the active flow steps it feeds. Outputs are positional for
     * steps with labelled outputs or one output per dependant; otherwise every dependant gets every record.
     */
    private EmitterImpl emitterFor(StepRuntime s, List<StepRuntime> active) {
        List<String> labels = s.type.outputLabels(s.step.config());
        List<FlowGraph.Edge> outs = new ArrayList<>();
        for (FlowGraph.Edge e : graph.outputs(s.alias)) {
            if (runtimes.get(e.to()).type.kind().isFlow()) {
                outs.add(e);
            }
        }
        int count = !labels.isEmpty() ? labels.size() : s.type.outputPerDependant() ? outs.size() : 1;
        List<List<StepRuntime>> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            targets.add(new ArrayList<>());
        }
        boolean positional = !labels.isEmpty() || s.type.outputPerDependant();
        for (FlowGraph.Edge e : outs) {
            StepRuntime target = runtimes.get(e.to());
            if (!active.contains(target)) {
                continue;
            }
            int index = positional ? e.output() - 1 : 0;
            if (index >= 0 && index < count) {
                targets.get(index).add(target);
            }
        }
        StepRuntime[][] arr = new StepRuntime[count][];
        for (int i = 0; i < count; i++) {
            arr[i] = targets.get(i).toArray(EmitterImpl.none());
        }
        return new EmitterImpl(s, arr);
    }
}

package io.dataflows.internal.engine;

import io.dataflows.DataRecord;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.RecordProcessor;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A step at the end of its stream — a writer whose records go to no other step — processing its records on a thread
 * of its own, behind the steps upstream: while it encodes and writes one batch, the reader and the steps before it
 * go on with the next. The step's first {@value #BATCH} records are processed as usual, on the thread that hands them
 * over, so a small input never starts a thread; after that they travel in batches of {@value #BATCH}, with the source
 * record each came from, through a queue of at most {@value #QUEUED} batches (constant memory), and are processed in
 * the order they arrived.
 *
 * <p>What the steps upstream see is unchanged: the step's count of records received, its
 * {@code steps.<alias>.record} and iterations are kept on the handing-over side, as the records arrive. The step's
 * own processing happens later, on the other thread; it must not use the run's variables or its context there
 * ({@code FlowStep.canWriteBehind}), and a call to its context's {@code record}, {@code variables}, {@code output},
 * {@code effects} or {@code state} from there fails (see {@link #refuseContextCall}). A failure there names the
 * record it failed on, and the steps upstream stop at their next record; it is the one the run ends with even when
 * a step upstream failed meanwhile, as that step failed on a later record. {@link #finish} waits until every record
 * handed over is processed.
 */
final class WriteBehind {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    /** Records per batch, and the records processed as usual before the thread starts. */
    static final int BATCH = 512;
    /** Batches queued at most. */
    private static final int QUEUED = 4;
    private static final int PAD = 16;

    private final StepRuntime step;
    private final RunControl control;
    /**
     * The records received ({@code [PAD]}) and those in the batch being filled ({@code [PAD + 1]}), in the middle of
     * an array of their own, so that no object the other thread writes per record shares their cache line: a line
     * written on both sides would travel between the two cores with every record.
     */
    private final long[] counts = new long[2 * PAD + 2];
    private Batch filling;
    private BlockingQueue<Batch> queue;
    private BlockingQueue<Batch> spare;
    private CountDownLatch done;
    private volatile Thread behind;
    /** The step's failure there (a run signal), or what else it met there (an error of the JVM); read after done. */
    private volatile RuntimeException failure;
    private volatile Error error;
    /**
     * Records the step processed there, those it emitted there, its time there, and the record it failed on there
     * (null if none); read after {@link #done}.
     */
    private long processed;
    private long emitted;
    private long nanos;
    private DataRecord failedOn;

    WriteBehind(StepRuntime step, RunControl control) {
        this.step = step;
        this.control = control;
    }

    /**
     * Counts a record the step received; returns whether it goes to the other thread ({@link #take}), false for the
     * first {@value #BATCH}, which the caller processes as usual.
     */
    boolean goesBehind() {
        return ++counts[PAD] > BATCH;
    }

    /**
     * Takes a record that goes behind, which came from the source's record {@code source}, to process later on the
     * other thread. Throws the run's stop (a failure there, a cancellation) when it hands a full batch over.
     */
    void take(DataRecord record, long source) {
        long[] c = counts;
        if (queue == null) {
            start();
        }
        Batch b = filling;
        int n = (int) c[PAD + 1];
        b.records[n] = record;
        b.sources[n] = source;
        c[PAD + 1] = ++n;
        if (n == BATCH) {
            b.size = n;
            c[PAD + 1] = 0;
            control.checkpoint(); // a failure there, or a cancellation, stops the steps upstream here
            HelperThreads.putUninterruptibly(queue, b);
            Batch next = spare.poll();
            filling = next != null ? next : new Batch(); // before anything can throw: b belongs to the other side
            control.checkpoint(); // an interrupt while waiting for room
        }
    }

    /** The records handed to the other thread so far (not those processed as usual). */
    long taken() {
        return Math.max(0, counts[PAD] - BATCH);
    }

    private void start() {
        queue = new ArrayBlockingQueue<>(QUEUED);
        spare = new ArrayBlockingQueue<>(QUEUED + 2);
        filling = new Batch();
        done = HelperThreads.start(control, this::behind);
        log.debug("Step '{}' writes behind: its records from {} on are processed on a thread of its own", step.alias,
                BATCH + 1);
    }

    /**
     * The stream has ended or stopped: hands over the records still held, waits until the other thread has processed
     * them (or dropped them after a cancellation or its own failure) and ended, and adds the step's records and time
     * there to its figures. Returns the step's failure there — the run's stop, or an exception that escaped the
     * step's own handling — or null; throws an error of the JVM met there.
     */
    RuntimeException finish() {
        if (queue == null) {
            return null;
        }
        Batch b = filling;
        b.size = (int) counts[PAD + 1];
        if (b.size > 0) {
            HelperThreads.putUninterruptibly(queue, b);
        }
        filling = null;
        HelperThreads.putUninterruptibly(queue, Batch.END);
        HelperThreads.awaitUninterruptibly(done);
        step.recordsOut += emitted;
        step.nanos += nanos;
        if (failedOn != null) {
            // On one thread the step would have received no record after the one it failed on: its count, record
            // and iterations say so, as they would have.
            long neverReached = taken() - processed - 1;
            step.recordsIn -= neverReached;
            step.node.setIterations(step.node.iterations() - neverReached - 1);
            step.node.setRecord(failedOn);
        }
        HelperThreads.rethrow(error);
        return failure;
    }

    /**
     * Fails a context call that the step makes on the other thread, where what the context shows belongs to a later
     * record of the steps upstream.
     */
    void refuseContextCall(String call) {
        if (Thread.currentThread() == behind) {
            throw new IllegalStateException("Step '" + step.alias + "' writes behind: it processes records on a"
                    + " thread of its own, where its context's " + call + "() is not available; its type must not"
                    + " say it can write behind (FlowStep.canWriteBehind)");
        }
    }

    /** The other thread: processes the batches in order until the end. */
    private void behind() {
        behind = Thread.currentThread();
        StepRuntime s = step;
        RecordProcessor processor = s.processor;
        Counting out = new Counting(s);
        boolean dropping = false;
        long time = 0;
        long[] handled = new long[1];
        try {
            while (true) {
                Batch b = HelperThreads.take(queue);
                if (b == Batch.END) {
                    return;
                }
                // A failure upstream leaves these records to process: they came before the one that failed there.
                if (!dropping && control.cancellation() == null) {
                    long t0 = System.nanoTime();
                    try {
                        process(b, processor, out, handled);
                    } catch (RuntimeException e) {
                        // the run's stop, or an exception that escaped the step's own handling (then unexpected)
                        failure = e;
                        dropping = true;
                    } catch (Error e) {
                        error = e;
                        dropping = true;
                    }
                    time += System.nanoTime() - t0;
                }
                Arrays.fill(b.records, 0, b.size, null);
                b.size = 0;
                spare.offer(b);
            }
        } finally {
            processed = handled[0];
            emitted = out.counts[PAD];
            nanos = time;
            behind = null;
        }
    }

    /**
     * Processes a batch's records. Per record it reads only the batch, which the handing-over side no longer
     * writes, and locals: nothing that side writes per record.
     */
    private void process(Batch b, RecordProcessor processor, Counting out, long[] handled) {
        DataRecord[] records = b.records;
        long[] sources = b.sources;
        int n = b.size;
        int i = 0;
        try {
            for (; i < n; i++) {
                processor.process(records[i], out);
            }
        } catch (RunSignal stop) {
            failedOn = records[i];
            throw stop;
        } catch (Exception e) {
            failedOn = records[i];
            throw step.failed(e, sources[i]);
        } finally {
            handled[0] += i;
        }
    }

    /**
     * The step's emitter on the other thread: the step feeds no other step, so a record it emits is only counted,
     * in the middle of an array of its own, away from what the handing-over side writes.
     */
    private static final class Counting implements Emitter {
        private final EmitterImpl emitter;
        private final int outputs;
        final long[] counts = new long[2 * PAD + 1];

        Counting(StepRuntime step) {
            this.emitter = step.emitter;
            this.outputs = emitter.outputs();
        }

        @Override
        public void emit(DataRecord record) {
            Objects.requireNonNull(record, "record");
            counts[PAD]++;
        }

        @Override
        public void emit(int output, DataRecord record) {
            Objects.requireNonNull(record, "record");
            if (output < 0 || output >= outputs) {
                emitter.emit(output, record); // the emitter's own message for an output that does not exist
            }
            counts[PAD]++;
        }

        @Override
        public int outputs() {
            return outputs;
        }
    }

    /** Records on their way to the other thread, each with the source record it came from. */
    private static final class Batch {
        static final Batch END = new Batch();

        final DataRecord[] records = new DataRecord[BATCH];
        final long[] sources = new long[BATCH];
        int size;
    }
}

package io.dataflows.internal.engine;

import io.dataflows.DataRecord;
import io.dataflows.spi.Emitter;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emitter of a reader that reads ahead: the steps downstream work on a second thread while the reader, on the
 * run's thread, goes on reading — two cores on one stream. The first {@value #BATCH} records go straight through,
 * as with the reader's own emitter, so a small input never starts the second thread; after that the records travel
 * in batches of {@value #BATCH} through a queue of at most {@value #QUEUED} batches (constant memory), and the second
 * thread passes them to the reader's own emitter in the order they were emitted. Everything the steps downstream do
 * per record — the reader's count and {@code steps.<reader>.record}, the processing, the failures with their record
 * numbers — thus happens on one thread, in order, exactly as without reading ahead; only the reader's own work
 * overlaps with it.
 *
 * <p>A failure downstream is the run's stop ({@link RunControl}), which the reader meets at its next batch; the
 * second thread then drops what is still queued. {@link #finish} hands over the last records and waits for the second
 * thread, so that when the reader's {@code read} has returned (or failed) the steps downstream have seen every record
 * it emitted before — and a failure downstream, which happened on an earlier record, is the one the run reports.
 */
final class ReadAhead implements Emitter {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    /** Records per batch, and the records that go straight through before the second thread starts. */
    static final int BATCH = 512;
    private static final int PAD = 16;
    private static final int EMITTED = PAD;
    private static final int SINCE_PROGRESS = PAD + 1;
    private static final int FILLED = PAD + 2;
    /** Batches queued at most between the reader and the second thread. */
    private static final int QUEUED = 4;

    private final StepRuntime reader;
    private final EmitterImpl target;
    private final RunControl control;
    private final RunNotifier notifier;
    /**
     * What the reader's side changes with every record, apart from the batch: the records emitted so far
     * ({@link #EMITTED}), since the last progress event, which this side sends on the run's thread
     * ({@link #SINCE_PROGRESS}), and in the batch being filled ({@link #FILLED}). They sit in the middle of an array of
     * their own, {@link #PAD} slots from either end, so that no other object shares their cache line, nor the line
     * next to it: another object that the second thread writes per record (a step's counters) would otherwise pull
     * that line to and fro between the two cores with every record.
     */
    private final long[] counts = new long[2 * PAD + 3];
    private Batch filling;
    private BlockingQueue<Batch> queue;
    private BlockingQueue<Batch> spare;
    private CountDownLatch done;
    /** What the second thread met that is not the run's stop (an error of the JVM); read after {@link #done}. */
    private volatile Throwable unexpected;

    ReadAhead(StepRuntime reader, RunControl control, RunNotifier notifier) {
        this.reader = reader;
        this.target = reader.emitter;
        this.control = control;
        this.notifier = notifier;
    }

    @Override
    public void emit(DataRecord record) {
        if (count() <= BATCH && queue == null) {
            target.emit(record);
            return;
        }
        add(-1, Objects.requireNonNull(record, "record"));
    }

    @Override
    public void emit(int output, DataRecord record) {
        if (count() <= BATCH && queue == null) {
            target.emit(output, record);
            return;
        }
        Objects.requireNonNull(record, "record");
        if (output < 0 || output >= target.outputs()) {
            target.emit(output, record); // the emitter's own message for an output that does not exist
        }
        add(output, record);
    }

    @Override
    public int outputs() {
        return target.outputs();
    }

    /** Counts a record emitted, sends a progress event every so often, and returns the records emitted so far. */
    private long count() {
        long[] c = counts;
        long emitted = ++c[EMITTED];
        if (++c[SINCE_PROGRESS] == StepRuntime.PROGRESS_EVERY) {
            c[SINCE_PROGRESS] = 0;
            notifier.progress(reader, emitted);
        }
        return emitted;
    }

    private void add(int output, DataRecord record) {
        if (queue == null) {
            start();
        }
        Batch b = filling;
        long[] c = counts;
        int n = (int) c[FILLED];
        b.outputs[n] = output;
        b.records[n] = record;
        c[FILLED] = ++n;
        if (n == BATCH) {
            control.checkpoint(); // a failure downstream, or a cancellation, stops the reader here
            handOver();
        }
    }

    private void start() {
        queue = new ArrayBlockingQueue<>(QUEUED);
        spare = new ArrayBlockingQueue<>(QUEUED + 2);
        filling = new Batch();
        done = HelperThreads.start(control, this::downstream);
        log.debug("Step '{}' reads ahead: the steps after it go on from record {} on a second thread", reader.alias,
                BATCH + 1);
    }

    /** Hands the full batch over and starts filling another. */
    private void handOver() {
        Batch b = sealed();
        rethrowUnexpected();
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.checkpoint(); // the cancellation (or the interrupt) stops the reader
        }
        Batch next = spare.poll();
        filling = next != null ? next : new Batch();
    }

    /**
     * Waits until the steps downstream have processed every record emitted so far: before the reader's context
     * shows or changes what they also see.
     */
    void catchUp() {
        if (queue == null) {
            return;
        }
        Batch marker = new Batch();
        marker.reached = new CountDownLatch(1);
        putUninterruptibly(sealed());
        filling = new Batch();
        putUninterruptibly(marker);
        HelperThreads.awaitUninterruptibly(marker.reached);
        rethrowUnexpected();
        control.checkpoint();
    }

    /**
     * The reader has returned or failed: hands over the records still held, waits for the second thread to process
     * them (or drop them after a stop) and end, and throws the run's stop or what the second thread met, if any.
     */
    void finish() {
        if (queue == null) {
            return;
        }
        putUninterruptibly(sealed());
        filling = null;
        putUninterruptibly(Batch.END);
        HelperThreads.awaitUninterruptibly(done);
        rethrowUnexpected();
        if (control.isStopRequested()) {
            control.checkpoint();
        }
    }

    /** The batch being filled, with its size told, for handing over as it is. */
    private Batch sealed() {
        Batch b = filling;
        b.size = (int) counts[FILLED];
        counts[FILLED] = 0;
        return b;
    }

    private void rethrowUnexpected() {
        HelperThreads.rethrow(unexpected);
    }

    /** Hands {@code b} over unless it is an empty batch. */
    private void putUninterruptibly(Batch b) {
        if (b.size == 0 && b != Batch.END && b.reached == null) {
            return;
        }
        HelperThreads.putUninterruptibly(queue, b);
    }

    /** The second thread: takes the batches in order and passes their records on, until the end. */
    private void downstream() {
        EmitterImpl to = target;
        boolean dropping = false;
        while (true) {
            Batch b = HelperThreads.take(queue);
            if (b == Batch.END) {
                return;
            }
            if (b.reached != null) {
                b.reached.countDown();
                continue;
            }
            if (!dropping) {
                try {
                    forward(b, to);
                } catch (RunSignal stop) {
                    dropping = true; // the run's stop: the reader meets it at its next batch
                } catch (RuntimeException | Error e) {
                    unexpected = e;
                    dropping = true;
                }
            }
            b.clear();
            spare.offer(b);
        }
    }

    /**
     * Passes a batch's records on. Per record it reads only the batch, which the reader no longer writes, and locals:
     * nothing of the reader's side, whose cache lines would otherwise travel between the two cores with every record
     * and slow both threads down.
     */
    private static void forward(Batch b, EmitterImpl to) {
        DataRecord[] records = b.records;
        int[] outputs = b.outputs;
        for (int i = 0, n = b.size; i < n; i++) {
            int output = outputs[i];
            if (output < 0) {
                to.emit(records[i]);
            } else {
                to.emit(output, records[i]);
            }
        }
    }

    /** Records on their way to the second thread, with the output each was emitted to (-1: every output). */
    private static final class Batch {
        static final Batch END = new Batch();

        final DataRecord[] records = new DataRecord[BATCH];
        final int[] outputs = new int[BATCH];
        int size;
        /** Counted down when the second thread reaches this marker (see {@link #catchUp}); null in a batch. */
        CountDownLatch reached;

        void clear() {
            java.util.Arrays.fill(records, 0, size, null);
            size = 0;
        }
    }
}

package io.dataflows.internal.engine;

/**
 * Measures each stream step's own time without reading the clock for every record. A flow block runs in phases
 * (open, a reader's read, a step's finish, close); one step drives each read or finish phase, and the phase's
 * length is measured. Inside it, the first {@value #SAMPLE_EVERY} records the driver emits, then one in
 * {@value #SAMPLE_EVERY}, are followed downstream with the clock — the time between two clock readings goes to the
 * step whose code ran — and each downstream step's own time for the phase is estimated from its timed records
 * (timing the first ones all keeps a slow first record, code still cold, from weighing for a whole stream). The
 * driver gets the rest of the phase, so that the steps' own times add up to the phase's time.
 *
 * <p>The per-record cost outside samples is a field read per step; a measurement costs two clock readings per step
 * that the sampled record reaches.
 */
final class StepTimer {

    /** One record in this many is timed, and every one of the first so many; a power of two. */
    static final int SAMPLE_EVERY = 64;

    /** Whether the driver's {@code n}th record is timed. */
    static boolean isSampled(long n) {
        return n <= SAMPLE_EVERY || (n & (SAMPLE_EVERY - 1)) == 0;
    }

    /** Whether the record going through now is timed. */
    boolean on;
    private StepRuntime running;
    private long last;
    private StepRuntime driver;

    /** The step driving the current phase, or null between phases. */
    StepRuntime driver() {
        return driver;
    }

    /** A read or finish phase driven by {@code s} begins. */
    void beginPhase(StepRuntime s) {
        driver = s;
        on = false;
    }

    /** The phase ends: the driver stops driving; estimates are made by the caller. */
    void endPhase() {
        driver = null;
        on = false;
        running = null;
    }

    /** The driver emits a record that is timed (see {@link StepRuntime#beforeEmit}). */
    void beginSample(StepRuntime emitter) {
        running = emitter;
        last = System.nanoTime();
        on = true;
    }

    /** The timed record has gone through every step downstream. */
    void endSample() {
        long now = System.nanoTime();
        running.sampledNanos += now - last;
        running = null;
        on = false;
    }

    /** {@code s} starts processing a timed record; returns the step to go back to. */
    StepRuntime enter(StepRuntime s) {
        long now = System.nanoTime();
        running.sampledNanos += now - last;
        last = now;
        StepRuntime previous = running;
        running = s;
        s.sampledRecords++;
        return previous;
    }

    /** {@code s} has processed a timed record. */
    void leave(StepRuntime previous) {
        long now = System.nanoTime();
        running.sampledNanos += now - last;
        last = now;
        running = previous;
    }
}

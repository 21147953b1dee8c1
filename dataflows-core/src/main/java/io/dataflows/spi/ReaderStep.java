package io.dataflows.spi;

/** A step that starts a stream of records. */
public interface ReaderStep extends StepType {

    /**
     * Reads the records and emits them one by one. Returns when the source is exhausted.
     *
     * <p>Called once per run on the run's thread. {@link Emitter#emit} pushes the record through the whole flow
     * before it returns, so a reader holds one record at a time and memory stays constant. Close what you open in
     * a {@code finally} block or try-with-resources: an exception thrown downstream (an abort) comes out of
     * {@code emit}. Any exception fails the step and aborts the run.
     */
    void read(StepContext context, Emitter out) throws Exception;
}

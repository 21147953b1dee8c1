package io.dataflows.beam.internal;

import org.apache.beam.sdk.transforms.DoFn;

/**
 * A DoFn that runs steps with a {@link Worker}: one per DoFn instance, made in {@code @Setup} from the run's
 * {@link WorkerSpec}, and released in {@code @Teardown} (what the application's setup built for it, such as a
 * connection pool, is released with it).
 *
 * @param <InputT> what the DoFn receives
 * @param <OutputT> what it emits
 */
public abstract class WorkerFn<InputT, OutputT> extends DoFn<InputT, OutputT> {

    private static final long serialVersionUID = 1L;

    private final WorkerSpec spec;
    private transient Worker worker;

    /** @param spec the run every worker belongs to */
    WorkerFn(WorkerSpec spec) {
        this.spec = spec;
    }

    /** Makes this instance's worker. */
    @Setup
    public void setup() {
        worker = new Worker(spec);
    }

    /** Releases this instance's worker. */
    @Teardown
    public void teardown() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    /** This instance's worker, between {@code @Setup} and {@code @Teardown}. */
    final Worker worker() {
        return worker;
    }
}

package io.dataflows;

import java.io.Serializable;
import java.util.Objects;

/**
 * A serializable recipe that configures a {@link DataflowEngine.Builder}: what a distributed runner ships to its
 * workers so that the engine each worker builds for itself gets the settings the launching application gave its own
 * engine — global variables and settings, secrets, data sources, host functions, locale, clock, expression mode.
 *
 * <p>An engine cannot be sent to another process (its data sources, state store and host functions are live
 * objects), so the recipe is sent instead and runs once per worker engine. Write it as a lambda or a small class
 * whose fields are serializable; it should build what cannot travel (a connection pool, a secret read from the
 * worker's environment) on the worker:
 *
 * <pre>{@code
 * EngineSetup setup = builder -> builder
 *         .globalVar("site", "Example")
 *         .secretProvider(SecretProvider.environment("APP_SECRET_"));
 * }</pre>
 *
 * <p>A secret value captured in the recipe travels with it, in the serialized job a cluster receives: prefer a
 * provider that reads the secret where the worker runs.
 */
@FunctionalInterface
public interface EngineSetup extends Serializable {

    /** A setup that changes nothing. */
    static EngineSetup none() {
        return builder -> { };
    }

    /**
     * Configures {@code builder}, an engine builder on a worker. Called once per engine the worker builds, possibly
     * on several threads at once for different builders.
     */
    void configure(DataflowEngine.Builder builder);

    /**
     * Releases what {@link #configure} built for {@code engine} on the worker (a connection pool it opened), once the
     * worker no longer uses that engine. Best effort: a runner calls it when it discards the engine on the paths
     * where it can (Beam calls a DoFn's teardown then, but not when the worker's process dies). Does nothing by
     * default.
     *
     * @param engine an engine built from a builder this setup configured
     */
    default void release(DataflowEngine engine) {}

    /**
     * This setup, then {@code next}: what {@code next} sets replaces what this one set. Releasing releases
     * {@code next}'s, then this one's.
     */
    default EngineSetup andThen(EngineSetup next) {
        Objects.requireNonNull(next, "next");
        EngineSetup first = this;
        return new EngineSetup() {
            private static final long serialVersionUID = 1L;

            @Override
            public void configure(DataflowEngine.Builder builder) {
                first.configure(builder);
                next.configure(builder);
            }

            @Override
            public void release(DataflowEngine engine) {
                try {
                    next.release(engine);
                } finally {
                    first.release(engine);
                }
            }
        };
    }
}

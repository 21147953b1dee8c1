package io.dataflows.spi;

import io.dataflows.DataflowEngine;
import java.util.Map;

/**
 * A named runner that executes whole dataflows somewhere else than in the local engine's steps (an Apache Beam
 * pipeline, a Flink cluster), offered by a module through {@link java.util.ServiceLoader}: listed in
 * {@code META-INF/services/io.dataflows.spi.RunnerProvider} on the class path, or with
 * {@code provides io.dataflows.spi.RunnerProvider with ...} in a module descriptor. Applications find one by name
 * with {@link io.dataflows.Runners#find(String)} and need none of the runner's own classes.
 *
 * <p>A provider is a stateless factory: {@link #create} gives a {@link DataflowRunner} bound to an engine, whose
 * state store records the runs as it records local runs. Implementations must have a public no-argument constructor
 * and be thread-safe.
 */
public interface RunnerProvider {

    /**
     * The name applications ask for ({@code beam}, {@code flink}): lower case letters, digits and {@code -}, unique
     * among the providers on the class path.
     */
    String name();

    /** One sentence saying where the runs execute, for listings and help texts. */
    String description();

    /**
     * The runner-specific settings {@link #create} accepts in {@link RunnerSettings#options()}, by name, each with a
     * one-sentence description (its values and default). {@link io.dataflows.Runners#create} refuses a name not
     * listed here before calling {@link #create}. The default is none.
     */
    default Map<String, String> options() {
        return Map.of();
    }

    /**
     * A runner for {@code engine}: its step types, base directory and state store are those the runs use.
     *
     * @throws IllegalArgumentException if a setting has a value this runner cannot use, with a message naming it
     */
    DataflowRunner create(DataflowEngine engine, RunnerSettings settings);
}

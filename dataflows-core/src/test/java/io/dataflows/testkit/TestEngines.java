package io.dataflows.testkit;

import io.dataflows.DataflowEngine;
import io.dataflows.ExpressionMode;
import io.dataflows.StepRegistry;

/**
 * Engines for tests that do not read what {@code test_sink} collected or which {@code test_connector}s ran: each
 * call has a sink and connector of its own. Tests that read them use a {@link TestKit}.
 */
public final class TestEngines {

    private TestEngines() {}

    /**
     * The discovered step types plus {@code test_source}, {@code test_sink}, {@code test_connector} and
     * {@code test_fatal}.
     */
    public static StepRegistry registry() {
        return new TestKit().registry();
    }

    /** A builder with {@link #registry()}. */
    public static DataflowEngine.Builder builder() {
        return DataflowEngine.builder().stepRegistry(registry());
    }

    /** A builder with {@link #registry()} and the given expression mode. */
    public static DataflowEngine.Builder builder(ExpressionMode mode) {
        return builder().expressionMode(mode);
    }
}

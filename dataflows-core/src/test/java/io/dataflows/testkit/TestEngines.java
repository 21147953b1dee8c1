package io.dataflows.testkit;

import io.dataflows.DataflowEngine;
import io.dataflows.ExpressionMode;
import io.dataflows.StepRegistry;

/** Engines for tests: every discovered step type plus the test source and sink. */
public final class TestEngines {

    private TestEngines() {}

    /**
     * The discovered step types plus {@code test_source}, {@code test_sink}, {@code test_connector} and
     * {@code test_fatal}.
     */
    public static StepRegistry registry() {
        return StepRegistry.builder().discover().add(new ArraySource()).add(new CollectingSink())
                .add(new TestConnector()).add(new FatalStep()).build();
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

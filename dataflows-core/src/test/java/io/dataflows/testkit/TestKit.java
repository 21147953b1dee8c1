package io.dataflows.testkit;

import io.dataflows.DataflowEngine;
import io.dataflows.ExpressionMode;
import io.dataflows.StepRegistry;

/**
 * The test step types of one test: its own {@link CollectingSink} and {@link TestConnector}, so what one test
 * collects is never seen by a test running at the same time. Keep one in a test instance field
 * ({@code private final TestKit kit = new TestKit();}); JUnit creates a test instance per test method.
 */
public final class TestKit {

    private final CollectingSink sink = CollectingSink.isolated();
    private final TestConnector connector = TestConnector.isolated();

    /** This test's {@code test_sink}. */
    public CollectingSink sink() {
        return sink;
    }

    /** This test's {@code test_connector}. */
    public TestConnector connector() {
        return connector;
    }

    /**
     * The discovered step types plus {@code test_source}, this kit's {@code test_sink} and {@code test_connector},
     * and {@code test_fatal}.
     */
    public StepRegistry registry() {
        return StepRegistry.builder().discover().add(new ArraySource()).add(sink).add(connector).add(new FatalStep())
                .build();
    }

    /** A registry builder holding only {@code test_source}, this kit's sink and connector, and {@code test_fatal}. */
    public StepRegistry.Builder registryBuilder() {
        return StepRegistry.builder().add(new ArraySource()).add(sink).add(connector).add(new FatalStep());
    }

    /** An engine builder with {@link #registry()}. */
    public DataflowEngine.Builder builder() {
        return DataflowEngine.builder().stepRegistry(registry());
    }

    /** An engine builder with {@link #registry()} and the given expression mode. */
    public DataflowEngine.Builder builder(ExpressionMode mode) {
        return builder().expressionMode(mode);
    }
}

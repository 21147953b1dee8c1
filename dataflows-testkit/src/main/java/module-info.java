/**
 * The Dataflows test kit, for authors of step types and state stores: a harness that runs one step type in a real
 * engine, and JUnit 5 contract tests ({@code io.dataflows.testing}).
 */
module io.dataflows.testing {
    exports io.dataflows.testing;

    // The harness's API is core's (StepType, DataRecord, RunResult) and the contracts are JUnit test classes.
    requires transitive io.dataflows.core;
    requires transitive org.junit.jupiter.api;
    // the secrets check draws the dataflow holding the step
    requires io.dataflows.dot;
}

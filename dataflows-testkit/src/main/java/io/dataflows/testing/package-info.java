/**
 * Testing step types and state stores written for Dataflows: {@link io.dataflows.testing.StepHarness} runs one step
 * type in a real engine and returns what it did ({@link io.dataflows.testing.StepRun});
 * {@link io.dataflows.testing.StepTypeContract} and {@link io.dataflows.testing.StateStoreContract} are JUnit 5
 * test classes to extend, which check what every step type and every state store must do.
 */
package io.dataflows.testing;

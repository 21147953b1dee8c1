package io.dataflows;

/**
 * Anything that describes a step for {@link Dataflow.Builder#step}: a {@link StepSpec}, or a typed builder of a
 * step type such as {@code Steps.switchOn().when("nz", "record.country == 'NZ'")}.
 */
@FunctionalInterface
public interface StepDefinition {

    /** The step type and config this definition stands for. */
    StepSpec toStepSpec();
}

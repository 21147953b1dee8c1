package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.steps.internal.connector.WaitStep;
import io.dataflows.testkit.StepTypeConventions;
import org.junit.jupiter.api.Test;

/**
 * What every built-in step type must have, checked on the types the services file registers — so adding a type
 * needs no list in the tests: the class, its line in {@code META-INF/services/io.dataflows.spi.StepType} and in
 * the {@code provides} of {@code module-info.java}, and optionally a {@link Steps} factory.
 */
class StepTypeConventionsTest {

    private final StepTypeConventions conventions =
            new StepTypeConventions(WaitStep.class, "io.dataflows.steps", "io.dataflows.steps.");

    @Test
    void everyTypeLoads() {
        assertThat(conventions.types()).hasSizeGreaterThan(40);
    }

    @Test
    void everyTypeFollowsTheConventions() {
        conventions.check();
    }
}

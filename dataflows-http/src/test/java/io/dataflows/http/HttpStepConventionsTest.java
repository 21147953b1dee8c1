package io.dataflows.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.http.internal.CurlStep;
import io.dataflows.spi.StepType;
import io.dataflows.testkit.StepTypeConventions;
import org.junit.jupiter.api.Test;

/** The HTTP step types are registered for the class path and the module path, and describe themselves. */
class HttpStepConventionsTest {

    @Test
    void everyTypeFollowsTheConventions() {
        StepTypeConventions conventions =
                new StepTypeConventions(CurlStep.class, "io.dataflows.http", "io.dataflows.http.");
        conventions.check();
        assertThat(conventions.types()).extracting(StepType::id).containsExactlyInAnyOrder("connector_curl",
                "flow_curl");
    }
}

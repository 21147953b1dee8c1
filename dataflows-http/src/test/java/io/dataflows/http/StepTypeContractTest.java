package io.dataflows.http;

import io.dataflows.http.internal.CurlStep;
import io.dataflows.spi.StepType;
import io.dataflows.testing.RegisteredStepTypes;
import io.dataflows.testing.StepTypeChecks;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every step type this module registers keeps the step type contract of the test kit. The dry run of a POST, which a
 * dry run never sends, needs no server.
 */
class StepTypeContractTest {

    /** Configs a dry run of the type can execute offline, by type id. */
    private static final Map<String, Map<String, Object>> SAMPLES = Map.of(
            "connector_curl", Map.of("curl", "http://127.0.0.1:9/hook", "method", "post", "rawpostdata", "x"),
            "flow_curl", Map.of("curl", "http://127.0.0.1:9/hook", "method", "post", "rawpostdata", "x"));

    private static StepTypeChecks checks(StepType type) {
        return StepTypeChecks.of(type).sampleConfig(SAMPLES.get(type.id()));
    }

    @TestFactory
    Stream<DynamicTest> everyStepTypeKeepsTheContract() {
        return RegisteredStepTypes.besides(CurlStep.class).stream()
                .flatMap(t -> checks(t).dynamicTests().stream());
    }
}

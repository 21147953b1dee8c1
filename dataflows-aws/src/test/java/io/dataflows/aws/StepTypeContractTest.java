package io.dataflows.aws;

import io.dataflows.aws.internal.SnsNotifyStep;
import io.dataflows.spi.StepType;
import io.dataflows.testing.RegisteredStepTypes;
import io.dataflows.testing.StepTypeChecks;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every step type this module registers keeps the step type contract of the test kit. A notification a dry run never
 * sends needs no AWS; the S3 copies have no sample here: {@code S3CopyStepTest} dry-runs them against an S3 server.
 */
class StepTypeContractTest {

    /** Configs a dry run of the type can execute offline, by type id. */
    private static final Map<String, Map<String, Object>> SAMPLES = Map.of(
            "connector_sns_notify", Map.of("region", "ap-southeast-2", "key", "AKIAEXAMPLE", "secret", "example",
                    "topic", "arn:aws:sns:ap-southeast-2:123456789012:topic", "message", "hello"));

    private static StepTypeChecks checks(StepType type) {
        return StepTypeChecks.of(type).sampleConfig(SAMPLES.get(type.id()));
    }

    @TestFactory
    Stream<DynamicTest> everyStepTypeKeepsTheContract() {
        return RegisteredStepTypes.besides(SnsNotifyStep.class).stream()
                .flatMap(t -> checks(t).dynamicTests().stream());
    }
}

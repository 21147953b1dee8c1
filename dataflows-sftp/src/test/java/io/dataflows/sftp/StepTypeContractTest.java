package io.dataflows.sftp;

import io.dataflows.sftp.internal.SftpCopyStep;
import io.dataflows.spi.StepType;
import io.dataflows.testing.RegisteredStepTypes;
import io.dataflows.testing.StepTypeChecks;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every step type this module registers keeps the step type contract of the test kit. The SFTP steps have no sample
 * config here: {@code SftpCopyTest} dry-runs them against an SFTP server on loopback.
 */
class StepTypeContractTest {

    /** Configs a dry run of the type can execute offline, by type id. */
    private static final Map<String, Map<String, Object>> SAMPLES = Map.of();

    private static StepTypeChecks checks(StepType type) {
        return StepTypeChecks.of(type).sampleConfig(SAMPLES.get(type.id()));
    }

    @TestFactory
    Stream<DynamicTest> everyStepTypeKeepsTheContract() {
        return RegisteredStepTypes.besides(SftpCopyStep.class).stream()
                .flatMap(t -> checks(t).dynamicTests().stream());
    }
}

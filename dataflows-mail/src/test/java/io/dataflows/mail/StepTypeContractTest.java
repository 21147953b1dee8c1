package io.dataflows.mail;

import io.dataflows.mail.internal.EmailStep;
import io.dataflows.spi.StepType;
import io.dataflows.testing.RegisteredStepTypes;
import io.dataflows.testing.StepTypeChecks;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every step type this module registers keeps the step type contract of the test kit. An e-mail a dry run never sends
 * needs no SMTP server listening.
 */
class StepTypeContractTest {

    /** Configs a dry run of the type can execute offline, by type id. */
    private static final Map<String, Map<String, Object>> SAMPLES = Map.of(
            "connector_email", Map.of("to", "someone@example.com", "subject", "Hello", "message", "Text"),
            "flow_email", Map.of("to", "someone@example.com", "subject", "Hello", "message", "${{ record.name }}"));

    private static StepTypeChecks checks(StepType type) {
        // the dry run never connects to it
        SmtpServer server = SmtpServer.builder("127.0.0.1", "flows@example.com").build();
        return StepTypeChecks.of(type).sampleConfig(SAMPLES.get(type.id()))
                .engine(b -> b.service(SmtpServer.class, server));
    }

    @TestFactory
    Stream<DynamicTest> everyStepTypeKeepsTheContract() {
        return RegisteredStepTypes.besides(EmailStep.class).stream()
                .flatMap(t -> checks(t).dynamicTests().stream());
    }
}

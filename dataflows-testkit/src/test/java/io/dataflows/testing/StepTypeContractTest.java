package io.dataflows.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The contract catches a step type that breaks it, check by check, and skips what does not apply. */
class StepTypeContractTest {

    /** Runs {@code contract} with JUnit and returns each test method's outcome: passed, skipped or the failure. */
    private static Map<String, String> outcomes(Class<?> contract) {
        Map<String, String> outcomes = new TreeMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false").build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.getSource().orElse(null) instanceof MethodSource method) {
                    outcomes.put(method.getMethodName(), result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                            ? "passed" : result.getStatus() + ": " + result.getThrowable().map(Throwable::getMessage)
                                    .orElse(""));
                }
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                outcomes.put(test.getDisplayName(), "skipped: " + reason);
            }
        });
        return outcomes;
    }

    @Test
    void aStepTypeThatBreaksTheContractFailsEachBrokenCheck() {
        Map<String, String> outcomes = outcomes(LeakyConnectorContract.class);

        assertThat(outcomes).containsOnlyKeys("describesItself", "describesEveryConfigField", "linkLimitsFitTheKind",
                "aMissingRequiredFieldIsAValidationProblem", "aDryRunChangesNothingOutsideTheScratchDirectory",
                "secretValuesNeverShow", "toStringHidesSecretValues");
        assertThat(outcomes.get("describesItself")).isEqualTo("passed");
        assertThat(outcomes.get("linkLimitsFitTheKind")).isEqualTo("passed");
        assertThat(outcomes.get("toStringHidesSecretValues")).isEqualTo("passed");
        assertThat(outcomes.get("describesEveryConfigField")).isEqualTo(
                "FAILED: acme_leaky.path: description (ConfigField.describe) must not be blank ==> expected: <true> "
                + "but was: <false>");
        assertThat(outcomes.get("aMissingRequiredFieldIsAValidationProblem")).startsWith(
                "FAILED: acme_leaky: validation threw instead of reporting a problem: ");
        assertThat(outcomes.get("aDryRunChangesNothingOutsideTheScratchDirectory")).startsWith(
                "FAILED: acme_leaky: the dry run changed the base directory ==> expected: <{}> but was: <{leak.txt=");
        assertThat(outcomes.get("secretValuesNeverShow")).startsWith(
                "FAILED: acme_leaky: the value of secret field 'apikey' shows in the run's output and events:\n"
                + "api key contract-secret-apikey-");
    }

    @Test
    void aCredentialFieldThatIsNotSecretFailsTheSchemaCheck() {
        ConnectorStep type = new ConnectorStep() {
            @Override
            public String id() {
                return "acme_token";
            }

            @Override
            public StepKind kind() {
                return StepKind.CONNECTOR;
            }

            @Override
            public ConfigSchema configSchema() {
                return ConfigSchema.builder().field(ConfigField.of("api_token", FieldType.STRING)
                        .describe("The service's token")).build();
            }

            @Override
            public Outcome run(StepContext context) {
                return Outcome.CONTINUE;
            }
        };

        assertThatThrownBy(StepTypeChecks.of(type)::checkConfigSchema).isInstanceOf(AssertionError.class)
                .hasMessage("acme_token.api_token: the name says it holds a credential, but the field is not secret "
                        + "(ConfigField.secret()), so its value would show in exports, results and logs ==> "
                        + "expected: <true> but was: <false>");
        StepTypeChecks.of(type).notSecret("api_token").checkConfigSchema();
    }

    @Test
    void aStepTypeThatKeepsTheContractPassesAndSkipsWhatDoesNotApply() {
        Map<String, String> outcomes = outcomes(TaggingStepContractTest.class);

        assertThat(outcomes).containsEntry("describesItself", "passed")
                .containsEntry("describesEveryConfigField", "passed")
                .containsEntry("linkLimitsFitTheKind", "passed")
                .containsEntry("aMissingRequiredFieldIsAValidationProblem", "passed")
                .containsEntry("aDryRunChangesNothingOutsideTheScratchDirectory", "passed")
                .containsEntry("secretValuesNeverShow", "ABORTED: Assumption failed: acme_tag has no secret text field")
                .containsEntry("toStringHidesSecretValues",
                        "ABORTED: Assumption failed: acme_tag has no secret text field");
    }
}

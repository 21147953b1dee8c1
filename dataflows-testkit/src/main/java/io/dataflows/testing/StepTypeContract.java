package io.dataflows.testing;

import io.dataflows.DataflowEngine;
import io.dataflows.spi.StepType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every step type must do, as a JUnit 5 test class: extend it, return the type from {@link #stepType()} and,
 * when a dry run of the type can run on the test machine, a valid config from {@link #sampleConfig()}.
 *
 * <pre>{@code
 * class UppercaseStepContractTest extends StepTypeContract {
 *     protected StepType stepType() {
 *         return new UppercaseStep();
 *     }
 *
 *     protected Optional<Map<String, Object>> sampleConfig() {
 *         return Optional.of(Map.of("field", "name"));
 *     }
 * }
 * }</pre>
 *
 * <p>The checks, described on {@link StepTypeChecks}: metadata (id syntax, kind, display name, description, group),
 * the config schema (every field typed and described, credentials secret), link limits that fit the kind, a
 * validation problem naming each missing required field, a dry run that leaves its base directory as it was, and
 * secret values hidden from exports, validation messages, results, output and {@code toString()}. A check that
 * cannot apply (no required field, no secret field, no sample config) is skipped.
 */
public abstract class StepTypeContract {

    /** For subclasses. */
    protected StepTypeContract() {}

    /** The step type under test. */
    protected abstract StepType stepType();

    /**
     * A valid config that a dry run can execute offline; empty (the default) skips the dry-run check and the run
     * part of the secrets check.
     */
    protected Optional<Map<String, Object>> sampleConfig() {
        return Optional.empty();
    }

    /** The records a flow step or writer gets in the dry run; default one record {@code {id: 1, name: sample}}. */
    protected List<Map<String, Object>> sampleInput() {
        return List.of(Map.of("id", 1L, "name", "sample"));
    }

    /** Other step types the engine must know for the sample config to validate; default none. */
    protected List<StepType> otherStepTypes() {
        return List.of();
    }

    /** Engine settings the type needs to validate and run (a service, a data source); default none. */
    protected void configureEngine(DataflowEngine.Builder engine) {}

    /** Puts the files the sample config reads into the dry run's base directory; default nothing. */
    protected void prepareBaseDirectory(Path dir) {}

    /** The checks this class runs, configured by the methods above; override to configure more. */
    protected StepTypeChecks checks() {
        return StepTypeChecks.of(stepType()).sampleConfig(sampleConfig().orElse(null)).sampleInput(sampleInput())
                .otherTypes(otherStepTypes().toArray(new StepType[0])).baseDirectory(this::prepareBaseDirectory)
                .engine(this::configureEngine);
    }

    /** See {@link StepTypeChecks#checkMetadata()}. */
    @Test
    public void describesItself() {
        checks().checkMetadata();
    }

    /** See {@link StepTypeChecks#checkConfigSchema()}. */
    @Test
    public void describesEveryConfigField() {
        checks().checkConfigSchema();
    }

    /** See {@link StepTypeChecks#checkLinkLimits()}. */
    @Test
    public void linkLimitsFitTheKind() {
        checks().checkLinkLimits();
    }

    /** See {@link StepTypeChecks#checkRequiredFields()}. */
    @Test
    public void aMissingRequiredFieldIsAValidationProblem() {
        checks().checkRequiredFields();
    }

    /** See {@link StepTypeChecks#checkDryRun()}. */
    @Test
    public void aDryRunChangesNothingOutsideTheScratchDirectory() {
        checks().checkDryRun();
    }

    /** See {@link StepTypeChecks#checkSecrets()}. */
    @Test
    public void secretValuesNeverShow() {
        checks().checkSecrets();
    }

    /** See {@link StepTypeChecks#checkToStringRedactsSecrets()}. */
    @Test
    public void toStringHidesSecretValues() {
        checks().checkToStringRedactsSecrets();
    }
}

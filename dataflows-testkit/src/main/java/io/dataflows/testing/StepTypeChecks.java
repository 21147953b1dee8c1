package io.dataflows.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.RunStatus;
import io.dataflows.Step;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.ValidationReport;
import io.dataflows.dot.DotExporter;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * The checks of {@link StepTypeContract}, usable without extending it: for a module with many step types, one
 * {@code @TestFactory} can run them on each type as {@link #dynamicTests() dynamic tests}.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> everyStepTypeKeepsTheContract() {
 *     return StepRegistry.discover().types().stream()
 *             .flatMap(type -> StepTypeChecks.of(type).sampleConfig(samples.get(type.id())).dynamicTests().stream());
 * }
 * }</pre>
 *
 * <p>A check that cannot apply to the type (no required field, no secret field, no sample config) is skipped with a
 * JUnit assumption, so it shows as skipped, not as passed.
 */
public final class StepTypeChecks {

    /** The id syntax of {@link StepType#id()}: lower-case letters, digits and {@code _}, starting with a letter. */
    public static final Pattern ID_SYNTAX = Pattern.compile("[a-z][a-z0-9_]*");

    /**
     * Words that make a config field name look like a credential; such a field must be {@link ConfigField#secret()
     * secret}, so its value never shows in exports, results and logs.
     */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|passphrase|secret|token|apikey|api_key|privatekey|private_key|credential).*");

    private final StepType type;
    private Map<String, Object> sampleConfig;
    private final List<Map<String, Object>> sampleInput = new ArrayList<>();
    private final List<StepType> otherTypes = new ArrayList<>();
    private Consumer<Path> baseDirectorySetup = dir -> { };
    private final List<String> notSecretFields = new ArrayList<>();
    private final List<Consumer<DataflowEngine.Builder>> engineSettings = new ArrayList<>();

    private StepTypeChecks(StepType type) {
        this.type = Objects.requireNonNull(type, "type");
        sampleInput.add(Map.of("id", 1L, "name", "sample"));
    }

    /** Checks of {@code type}. */
    public static StepTypeChecks of(StepType type) {
        return new StepTypeChecks(type);
    }

    /**
     * A valid config of the type that a dry run can execute on this machine (no network, no server); null for none,
     * which skips the dry-run check and the run part of the secrets check.
     */
    public StepTypeChecks sampleConfig(Map<String, ?> config) {
        this.sampleConfig = config == null ? null : new LinkedHashMap<>(config);
        return this;
    }

    /** The records a flow step or writer gets in the dry run; default one record {@code {id: 1, name: sample}}. */
    public StepTypeChecks sampleInput(List<? extends Map<String, ?>> records) {
        sampleInput.clear();
        records.forEach(r -> sampleInput.add(new LinkedHashMap<>(r)));
        return this;
    }

    /** Other step types the engine must know for the type's config to validate. */
    public StepTypeChecks otherTypes(StepType... types) {
        otherTypes.addAll(List.of(types));
        return this;
    }

    /** Prepares the base directory of the dry run (files the sample config reads), before it is listed. */
    public StepTypeChecks baseDirectory(Consumer<Path> setup) {
        this.baseDirectorySetup = Objects.requireNonNull(setup, "setup");
        return this;
    }

    /**
     * An engine setting the type needs to validate and run (a service it uses, a data source):
     * {@code engine(b -> b.service(SmtpServer.class, server))}.
     */
    public StepTypeChecks engine(Consumer<DataflowEngine.Builder> setting) {
        engineSettings.add(Objects.requireNonNull(setting, "setting"));
        return this;
    }

    /**
     * Fields whose names look like credentials but hold none (a token that names a template, not a secret); the
     * secret-name check leaves them alone.
     */
    public StepTypeChecks notSecret(String... fields) {
        notSecretFields.addAll(List.of(fields));
        return this;
    }

    /** The step type checked. */
    public StepType type() {
        return type;
    }

    /** Every check as a dynamic test named {@code <type id>: <check>}. */
    public List<DynamicTest> dynamicTests() {
        String id = String.valueOf(type.id());
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(test(id, "metadata", this::checkMetadata));
        tests.add(test(id, "config schema", this::checkConfigSchema));
        tests.add(test(id, "link limits", this::checkLinkLimits));
        tests.add(test(id, "required fields", this::checkRequiredFields));
        tests.add(test(id, "dry run", this::checkDryRun));
        tests.add(test(id, "secrets", this::checkSecrets));
        tests.add(test(id, "toString", this::checkToStringRedactsSecrets));
        return tests;
    }

    private static DynamicTest test(String id, String check, Executable executable) {
        return DynamicTest.dynamicTest(id + ": " + check, executable);
    }

    /**
     * The id has the syntax {@link #ID_SYNTAX} and is its own type id, the registry accepts the type (its kind
     * matches the interface it implements), and it has a display name, a one-line description and a group.
     */
    public void checkMetadata() {
        String id = type.id();
        assertNotNull(id, "id() of " + type.getClass().getName());
        assertTrue(ID_SYNTAX.matcher(id).matches(), "id '" + id + "' must match " + ID_SYNTAX.pattern());
        assertEquals(id, Step.typeIdOf(id), "id '" + id + "' must be its own type id");
        assertNotNull(type.kind(), id + ": kind()");
        try {
            StepRegistry.builder().add(type).build();
        } catch (IllegalArgumentException e) {
            fail(id + ": the registry refuses the type: " + e.getMessage());
        }
        assertNotBlank(type.displayName(), id + ": displayName()");
        assertNotBlank(type.description(), id + ": description()");
        assertFalse(type.description().contains("\n"), id + ": description() must be one line");
        assertNotBlank(type.group(), id + ": group()");
        for (Map.Entry<String, String> output : type.outputs().entrySet()) {
            assertNotBlank(output.getKey(), id + ": a name in outputs()");
            assertNotBlank(output.getValue(), id + ": description of output " + output.getKey());
        }
    }

    /**
     * Every config field has a name, a type and a description; a default value fits its allowed values; and a field
     * whose name says it holds a credential (password, token, secret, key...) is secret, unless it is a file path.
     */
    public void checkConfigSchema() {
        String id = type.id();
        assertNotNull(type.configSchema(), id + ": configSchema()");
        for (ConfigField field : type.configSchema().fields()) {
            String name = id + "." + field.name();
            assertNotBlank(field.name(), id + ": a config field name");
            assertNotNull(field.type(), name + ": type");
            assertNotBlank(field.description(), name + ": description (ConfigField.describe)");
            field.defaultValue().ifPresent(value -> {
                if (!field.allowedValues().isEmpty() && value instanceof String) {
                    assertTrue(field.allowedValues().contains(value), name + ": default '" + value
                            + "' is not one of its allowed values " + field.allowedValues());
                }
            });
            // A path field names where a credential is kept (a key ring), not the credential itself.
            if (SECRET_NAME.matcher(field.name()).matches() && field.pathAccess().isEmpty()
                    && !notSecretFields.contains(field.name())) {
                assertTrue(field.isSecret(), name + ": the name says it holds a credential, but the field is not "
                        + "secret (ConfigField.secret()), so its value would show in exports, results and logs");
            }
        }
    }

    /**
     * The link limits fit the kind: a reader takes no input flow and has an output flow, a flow step and a writer
     * need an input flow, a flow step can have an output flow, and a connector needs no flow link.
     */
    public void checkLinkLimits() {
        String id = type.id();
        LinkLimits links = type.links();
        assertNotNull(links, id + ": links()");
        StepKind kind = type.kind();
        switch (kind) {
            case READER:
                assertEquals(0, links.inFlow().max(), id + ": a reader takes no input flow: " + links);
                assertTrue(links.outFlow().max() >= 1, id + ": a reader needs an output flow: " + links);
                break;
            case FLOW:
                assertTrue(links.inFlow().min() >= 1, id + ": a flow step needs an input flow: " + links);
                assertTrue(links.outFlow().max() >= 1, id + ": a flow step needs an output flow: " + links);
                break;
            case WRITER:
                assertTrue(links.inFlow().min() >= 1, id + ": a writer needs an input flow: " + links);
                break;
            default:
                assertEquals(0, links.inFlow().min(), id + ": a connector needs no input flow: " + links);
                assertEquals(0, links.outFlow().min(), id + ": a connector needs no output flow: " + links);
                break;
        }
    }

    /**
     * Validating the type without its required fields gives, for each, a validation error of the step naming the
     * field, and throws nothing: with an empty config (every required field missing), and with the sample config
     * without one required field at a time.
     */
    public void checkRequiredFields() {
        List<ConfigField> required = type.configSchema().fields().stream().filter(ConfigField::isRequired)
                .collect(Collectors.toList());
        assumeFalse(required.isEmpty(), type.id() + " has no required config field");
        try (StepHarness harness = harness()) {
            ValidationReport empty = validate(harness.config(Map.of()));
            for (ConfigField field : required) {
                assertNamed(empty, field, "an empty config");
            }
            if (sampleConfig != null) {
                for (ConfigField field : required) {
                    Map<String, Object> without = new LinkedHashMap<>(sampleConfig);
                    without.remove(field.name());
                    assertNamed(validate(harness.config(without)), field, "the sample config without it");
                }
            }
        }
    }

    /**
     * A dry run with the sample config finalises and changes nothing in its base directory (files added, removed,
     * resized or touched): effects are skipped and reported, and what the run writes goes to its scratch directory.
     */
    public void checkDryRun() {
        assumeTrue(sampleConfig != null, type.id() + ": no sample config to run");
        Path base = createDirectory("dataflows-contract-");
        try (StepHarness harness = harness().config(sampleConfig).dryRun(true).baseDirectory(base)) {
            baseDirectorySetup.accept(base);
            Map<String, String> before = FileTree.snapshot(base);
            assertValid(harness);
            feed(harness);
            StepRun run = harness.run();
            assertEquals(RunStatus.FINALISED, run.status(), type.id() + ": the dry run with the sample config ended "
                    + run.status().label() + run.error().map(e -> ": " + e).orElse(""));
            assertEquals(before, FileTree.snapshot(base), type.id() + ": the dry run changed the base directory");
        } finally {
            FileTree.deleteRecursively(base);
        }
    }

    /**
     * A value in a secret field never shows: not in the YAML and JSON exports of a dataflow holding the step, not in
     * validation messages and, when there is a sample config, not in a dry run's result text, variables, effects,
     * error, output or listener events, and not in the DOT picture of the dataflow, before the run and with its
     * outcome drawn on it.
     */
    public void checkSecrets() {
        Map<String, String> markers = secretMarkers();
        assumeFalse(markers.isEmpty(), type.id() + " has no secret text field");
        Map<String, Object> config = new LinkedHashMap<>(sampleConfig == null ? Map.of() : sampleConfig);
        config.putAll(markers);
        Path base = createDirectory("dataflows-contract-");
        try (StepHarness harness = harness().config(config).dryRun(true).baseDirectory(base)) {
            baseDirectorySetup.accept(base);
            Dataflow flow = harness.dataflow();
            StepRegistry registry = harness.stepRegistry();
            assertHidden(markers, Definitions.toYaml(flow, registry), "the YAML export");
            assertHidden(markers, Definitions.toJson(flow, registry), "the JSON export");
            assertHidden(markers, DotExporter.defaults().toDot(flow), "the DOT picture");
            DataflowEngine engine = harness.engine();
            ValidationReport report = engine.validate(flow);
            assertHidden(markers, report.toString() + "\n" + report.messages(), "validation messages");
            if (sampleConfig != null) {
                assertValid(harness);
                feed(harness);
                StepRun run = harness.run();
                assertHidden(markers, run.result().toString(), "the run result");
                assertHidden(markers, String.valueOf(run.result().variables()), "the run's variables");
                assertHidden(markers, String.valueOf(run.effects()), "the dry run's effects");
                assertHidden(markers, run.error().orElse(""), "the run's error");
                assertHidden(markers, String.join("\n", run.logLines()), "the run's output and events");
                assertHidden(markers, DotExporter.defaults().toDot(flow, run.result()), "the DOT picture of the run");
            }
        } finally {
            FileTree.deleteRecursively(base);
        }
    }

    /** The text of the step's spec, of the step and of a dataflow holding it shows no value of a secret field. */
    public void checkToStringRedactsSecrets() {
        Map<String, String> markers = secretMarkers();
        assumeFalse(markers.isEmpty(), type.id() + " has no secret text field");
        Map<String, Object> config = new LinkedHashMap<>(sampleConfig == null ? Map.of() : sampleConfig);
        config.putAll(markers);
        StepSpec spec = StepSpec.of(type.id(), config);
        assertHidden(markers, spec.toString(), "StepSpec.toString()");
        try (StepHarness harness = harness().config(config)) {
            Dataflow flow = harness.dataflow();
            assertHidden(markers, flow.toString(), "Dataflow.toString()");
            for (Step step : flow.steps()) {
                assertHidden(markers, step.toString(), "Step.toString()");
            }
        }
    }

    private StepHarness harness() {
        StepHarness harness = StepHarness.of(type).stepTypes(otherTypes.toArray(new StepType[0]));
        engineSettings.forEach(harness::engine);
        return harness;
    }

    private void feed(StepHarness harness) {
        if (type.kind() == StepKind.FLOW || type.kind() == StepKind.WRITER) {
            harness.inputMaps(sampleInput);
        }
    }

    private void assertValid(StepHarness harness) {
        ValidationReport report = harness.engine().validate(harness.dataflow());
        assertTrue(report.isValid(), type.id() + ": the sample config does not validate: " + report.errors());
    }

    private static ValidationReport validate(StepHarness harness) {
        try {
            return harness.engine().validate(harness.dataflow());
        } catch (RuntimeException e) {
            throw new AssertionError(harness.type().id() + ": validation threw instead of reporting a problem: " + e,
                    e);
        }
    }

    private void assertNamed(ValidationReport report, ConfigField field, String config) {
        Optional<Problem> named = report.errors().stream()
                .filter(p -> StepHarness.DEFAULT_ALIAS.equals(p.stepAlias()))
                .filter(p -> field.name().equals(p.field()) || p.message().contains("'" + field.label() + "'")
                        || p.message().contains("'" + field.name() + "'"))
                .findFirst();
        assertTrue(named.isPresent(), type.id() + ": with " + config + ", no validation error names the required "
                + "field '" + field.name() + "'; the problems: " + report.problems());
    }

    /** A distinct, recognisable value for each secret field that holds text. */
    private Map<String, String> secretMarkers() {
        Map<String, String> markers = new LinkedHashMap<>();
        for (ConfigField field : type.configSchema().fields()) {
            if (field.isSecret() && (field.type() == FieldType.STRING || field.type() == FieldType.ANY)) {
                markers.put(field.name(), "contract-secret-" + field.name().toLowerCase(Locale.ROOT) + "-"
                        + UUID.randomUUID().toString().substring(0, 8));
            }
        }
        return markers;
    }

    private void assertHidden(Map<String, String> markers, String text, String where) {
        for (Map.Entry<String, String> marker : markers.entrySet()) {
            assertFalse(text.contains(marker.getValue()), type.id() + ": the value of secret field '"
                    + marker.getKey() + "' shows in " + where + ":\n" + text);
        }
    }

    private static void assertNotBlank(String text, String what) {
        assertTrue(text != null && !text.isBlank(), what + " must not be blank");
    }

    private static Path createDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }
}

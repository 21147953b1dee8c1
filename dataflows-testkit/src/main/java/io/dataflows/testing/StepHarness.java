package io.dataflows.testing;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.SecretProvider;
import io.dataflows.StepRegistry;
import io.dataflows.StepResult;
import io.dataflows.StepSpec;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs one step type inside a real {@link DataflowEngine}, to test a step type without writing a dataflow around it.
 *
 * <p>The harness builds a small dataflow: a flow step or writer gets the harness's input records from a reader of
 * its own and, when its links allow a dependant, hands what it emits to a collecting writer (one per output of a step
 * that routes records, see {@link StepRun#records(String)}); a reader's records are collected the same way; a
 * connector runs alone. The engine knows only the step type under test, the harness's two
 * types and the types added with {@link #stepTypes} or {@link #registry}. Every run gets a fresh engine, a fixed clock
 * (2024-01-01T00:00:00Z unless {@link #clock} says otherwise) and a fresh, empty base directory, created under a
 * temporary directory that {@link #close} deletes; {@link #baseDirectory} uses the caller's directory instead.
 *
 * <pre>{@code
 * try (StepHarness harness = StepHarness.of(new UppercaseStep())) {
 *     StepRun run = harness.config("field", "name")
 *             .input(Map.of("name", "ada"), Map.of("name", "grace"))
 *             .run();
 *     assertEquals(RunStatus.FINALISED, run.status());
 *     assertEquals(List.of(Map.of("name", "ADA"), Map.of("name", "GRACE")), run.maps());
 * }
 * }</pre>
 *
 * <p>A harness is mutable and not thread-safe: use one per test. Settings stay between runs, so one harness can run
 * the same step with changed config.
 */
public final class StepHarness implements AutoCloseable {

    /** The alias of the step under test in the harness's dataflow ({@code steps.step.*} in expressions). */
    public static final String DEFAULT_ALIAS = "step";

    /** The instant of the default clock. */
    public static final Instant DEFAULT_INSTANT = Instant.parse("2024-01-01T00:00:00Z");

    private static final String INPUT_ALIAS = "harness_input";
    private static final String OUTPUT_ALIAS = "harness_output";

    private final StepType type;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final List<DataRecord> input = new ArrayList<>();
    private final List<StepType> extraTypes = new ArrayList<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, Object> runVars = new LinkedHashMap<>();
    private final List<Consumer<DataflowEngine.Builder>> engineSettings = new ArrayList<>();
    private boolean dryRun;
    private boolean feedInput;
    private String alias = DEFAULT_ALIAS;
    private Clock clock = Clock.fixed(DEFAULT_INSTANT, ZoneOffset.UTC);
    private Path baseDirectory;
    private Path temporaryRoot;

    private StepHarness(StepType type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A harness for {@code type}. */
    public static StepHarness of(StepType type) {
        return new StepHarness(type);
    }

    /** The step type under test. */
    public StepType type() {
        return type;
    }

    /** Replaces the step's whole config (values may hold {@code ${{ }}} expressions). */
    public StepHarness config(Map<String, ?> values) {
        config.clear();
        config.putAll(Objects.requireNonNull(values, "values"));
        return this;
    }

    /** Sets one config entry of the step. */
    public StepHarness config(String key, Object value) {
        config.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /** Removes one config entry of the step. */
    public StepHarness withoutConfig(String key) {
        config.remove(key);
        return this;
    }

    /** Adds input records, in order (for flow steps and writers). */
    public StepHarness input(DataRecord... records) {
        for (DataRecord record : records) {
            input.add(Objects.requireNonNull(record, "record"));
        }
        feedInput = true;
        return this;
    }

    /** Adds input records given as maps, in order (for flow steps and writers). */
    @SafeVarargs
    public final StepHarness input(Map<String, ?>... records) {
        for (Map<String, ?> record : records) {
            input.add(DataRecord.fromMap(Objects.requireNonNull(record, "record")));
        }
        feedInput = true;
        return this;
    }

    /** Adds input records given as maps, in order (for flow steps and writers). */
    public StepHarness inputMaps(List<? extends Map<String, ?>> records) {
        for (Map<String, ?> record : records) {
            input.add(DataRecord.fromMap(Objects.requireNonNull(record, "record")));
        }
        feedInput = true;
        return this;
    }

    /** Whether runs are dry runs: effects outside the run's scratch directory are skipped and reported. */
    public StepHarness dryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    /** The engine's clock ({@code time()}, timestamps); default: fixed at {@link #DEFAULT_INSTANT}, UTC. */
    public StepHarness clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The alias of the step under test; default {@link #DEFAULT_ALIAS}. */
    public StepHarness alias(String alias) {
        this.alias = Objects.requireNonNull(alias, "alias");
        return this;
    }

    /**
     * Runs in {@code dir} as base directory (relative paths resolve there) instead of a fresh temporary one; the
     * harness never deletes it.
     */
    public StepHarness baseDirectory(Path dir) {
        this.baseDirectory = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        return this;
    }

    /** More step types the engine knows (types the step under test runs, or is validated against). */
    public StepHarness stepTypes(StepType... types) {
        for (StepType t : types) {
            extraTypes.add(Objects.requireNonNull(t, "type"));
        }
        return this;
    }

    /** Adds every type of {@code registry} to the engine's types. */
    public StepHarness registry(StepRegistry registry) {
        extraTypes.addAll(registry.types());
        return this;
    }

    /** A secret the run reads as {@code secrets.<name>}. */
    public StepHarness secret(String name, String value) {
        secrets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** A host value the run reads as {@code env.<name>}. */
    public StepHarness env(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return engine(b -> b.env(name, value));
    }

    /** A run variable ({@code RunOptions.Builder.var}). */
    public StepHarness runVar(String name, Object value) {
        runVars.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    /**
     * Any other engine setting, applied to the engine builder after the harness's own (environment values, host
     * functions, data sources, a state store): {@code harness.engine(b -> b.env("region", "nz"))}.
     */
    public StepHarness engine(Consumer<DataflowEngine.Builder> setting) {
        engineSettings.add(Objects.requireNonNull(setting, "setting"));
        return this;
    }

    /** The dataflow a run executes, as the harness builds it (for validation or export tests). */
    public Dataflow dataflow() {
        return dataflow(collects());
    }

    /** The registry a run uses: the type under test, the harness's input and output, and the added types. */
    public StepRegistry stepRegistry() {
        return registry(new HarnessInput(List.of()), new HarnessOutput());
    }

    /** An engine as a run gets it (base directory, clock, secrets and the settings given). */
    public DataflowEngine engine() {
        return engineBuilder(stepRegistry(), nextBaseDirectory(), System.out).build();
    }

    /**
     * Runs the step once and returns what happened. A run that fails returns its result (status
     * {@code ABORTED} and the error); an invalid dataflow throws {@link io.dataflows.DataflowValidationException}.
     *
     * @throws IllegalStateException when input records were given to a reader or a connector
     */
    public StepRun run() {
        if (feedInput && !acceptsInput()) {
            throw new IllegalStateException("Step type '" + type.id() + "' is a " + type.kind().name()
                    .toLowerCase(java.util.Locale.ROOT) + ": it reads no input records; remove the input(...)");
        }
        HarnessInput in = new HarnessInput(input);
        HarnessOutput out = new HarnessOutput();
        boolean collect = collects();
        Path base = nextBaseDirectory();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        RunResult result;
        try (PrintStream output = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            DataflowEngine engine = engineBuilder(registry(in, out), base, output).build();
            RunOptions.Builder options = RunOptions.builder().dryRun(dryRun).output(output)
                    .listener(new EventLines(events));
            runVars.forEach(options::var);
            result = engine.run(dataflow(collect), options.build());
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\\R", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        Map<String, List<DataRecord>> byOutput = new LinkedHashMap<>();
        if (collect) {
            outputs().forEach((output, collector) -> byOutput.put(output, out.records(collector)));
        }
        return new StepRun(alias, result, collect ? out.records() : List.of(), byOutput, lines, List.copyOf(events),
                base);
    }

    /** Deletes the temporary base directories of the runs (not a directory given with {@link #baseDirectory}). */
    @Override
    public void close() {
        if (temporaryRoot != null) {
            FileTree.deleteRecursively(temporaryRoot);
            temporaryRoot = null;
        }
    }

    private boolean acceptsInput() {
        return type.kind() == StepKind.FLOW || type.kind() == StepKind.WRITER;
    }

    /** Whether a collecting writer may follow the step: a flow-kind step whose links allow one output flow. */
    private boolean collects() {
        return type.kind().isFlow() && type.links().outFlow().max() >= 1;
    }

    private Dataflow dataflow(boolean collect) {
        Dataflow.Builder flow = Dataflow.builder("harness " + type.id());
        if (acceptsInput()) {
            flow.start(INPUT_ALIAS, StepSpec.of(HarnessInput.ID)).then(alias, StepSpec.of(type.id(), config));
        } else {
            flow.start(alias, StepSpec.of(type.id(), config));
        }
        if (collect) {
            outputs().forEach((output, collector) -> {
                flow.step(collector, StepSpec.of(HarnessOutput.ID));
                flow.dependsOn(output.isEmpty() ? alias : alias + ":" + output);
            });
        }
        return flow.build();
    }

    /**
     * The step's outputs and the alias of the collecting step of each: the default output ({@code ""}), each
     * label of a step that routes records (a switch's cases), or each dependant of a step that copies records to
     * all ({@code "1"}, {@code "2"}... as many as its links need).
     */
    private Map<String, String> outputs() {
        Map<String, String> outputs = new LinkedHashMap<>();
        List<String> labels = type.outputLabels(config);
        if (!labels.isEmpty()) {
            for (String label : labels) {
                outputs.put(label, OUTPUT_ALIAS + "_" + (outputs.size() + 1));
            }
        } else if (type.outputPerDependant()) {
            int dependants = Math.max(1, type.links().outFlow().min());
            for (int i = 1; i <= dependants; i++) {
                outputs.put(String.valueOf(i), OUTPUT_ALIAS + "_" + i);
            }
        } else {
            outputs.put("", OUTPUT_ALIAS);
        }
        return outputs;
    }

    private StepRegistry registry(HarnessInput in, HarnessOutput out) {
        StepRegistry.Builder registry = StepRegistry.builder();
        for (StepType extra : extraTypes) {
            registry.override(extra);
        }
        return registry.override(type).override(in).override(out).build();
    }

    private DataflowEngine.Builder engineBuilder(StepRegistry registry, Path base, PrintStream output) {
        DataflowEngine.Builder builder = DataflowEngine.builder().stepRegistry(registry).clock(clock)
                .baseDirectory(base).output(output).secretProvider(SecretProvider.of(secrets));
        engineSettings.forEach(s -> s.accept(builder));
        return builder;
    }

    private Path nextBaseDirectory() {
        if (baseDirectory != null) {
            return baseDirectory;
        }
        try {
            if (temporaryRoot == null) {
                temporaryRoot = Files.createTempDirectory("dataflows-harness-");
            }
            return Files.createTempDirectory(temporaryRoot, "base-").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a base directory for the harness run", e);
        }
    }

    /** Records each listener event of a run as a line of text. */
    private static final class EventLines implements RunListener {
        private final List<String> lines;

        EventLines(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public void stepStarted(RunInfo run, String stepAlias) {
            lines.add("stepStarted " + stepAlias);
        }

        @Override
        public void stepFinished(RunInfo run, StepResult step) {
            lines.add("stepFinished " + step.alias() + " " + step.status().label() + " in=" + step.recordsIn()
                    + " out=" + step.recordsOut());
        }

        @Override
        public void runFinished(RunResult result) {
            lines.add("runFinished " + result.status().label() + result.error().map(e -> ": " + e).orElse(""));
        }
    }
}

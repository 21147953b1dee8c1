package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.StateStores;
import io.dataflows.Step;
import io.dataflows.StepExecutionException;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.spi.ReadSplit;
import io.dataflows.spi.SplittableReader;
import io.dataflows.spi.StepType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs some steps of the dataflow on a worker with the local engine, through its public API only: each run is a
 * small dataflow made of those steps, in the same order and with the same config, vars and dataflow variables,
 * fed by {@link BundleInputStep} and drained by one {@link BundleOutputStep} per dependant of the last step. The
 * step implementations are therefore exactly those of a local run. One worker per DoFn instance, used by one thread
 * at a time; its engine keeps step state in a store of its own, in memory, which starts with the values the
 * launcher gave ({@link WorkerSpec#stepState}).
 */
final class Worker implements AutoCloseable {

    private final WorkerSpec spec;
    private final Dataflow flow;
    private final DataflowEngine engine;
    private final BundleChannel channel = new BundleChannel();

    Worker(WorkerSpec spec) {
        this.spec = spec;
        this.flow = Definitions.readJson(spec.definitionJson(), "dataflow " + spec.runId());
        DataflowEngine.Builder builder = DataflowEngine.builder();
        if (spec.baseDir() != null) {
            builder.baseDirectory(Path.of(spec.baseDir()));
        }
        for (String dir : spec.permittedDirectories()) {
            builder.permittedDirectory(Path.of(dir));
        }
        spec.setup().configure(builder);
        // Last, so that no setup can take the channel the worker's runs are fed through, nor give the worker a
        // store shared with others: its steps' state is carried by the launcher (StepStates).
        this.engine = builder.service(BundleChannel.class, channel).stateStore(StateStores.inMemory()).build();
        spec.stepState().forEach((alias, values) -> values.forEach((key, value) ->
                engine.stateStore().putStepState(flow.name(), alias, key, value)));
    }

    /**
     * Releases what the application's setup built for this worker's engine ({@code EngineSetup.release}); the
     * worker is not used again.
     */
    @Override
    public void close() {
        spec.setup().release(engine);
    }

    /**
     * The step state that the step {@code alias} wrote in this worker's runs: each key it declares
     * ({@code StepType.stateKeys}) whose value is not the one the worker started with.
     */
    Map<String, Object> stateWrites(String alias) {
        StepType type = typeOf(alias);
        if (type == null) {
            return Map.of();
        }
        Map<String, Object> start = spec.stepState().getOrDefault(alias, Map.of());
        Map<String, Object> writes = new LinkedHashMap<>();
        for (String key : type.stateKeys(flow.step(alias).orElseThrow().config())) {
            engine.stateStore().stepState(flow.name(), alias, key).ifPresent(value -> {
                if (!value.equals(start.get(key))) {
                    writes.put(key, value);
                }
            });
        }
        return writes;
    }

    /**
     * Runs {@code aliases}, a chain of steps each fed by the one before, on {@code input} (or, when {@code input} is
     * null, from the first alias, a reader), passing what the last one emits to {@code output} (none when null).
     *
     * @param configOverrides per alias, config values that replace those of the definition
     * @return the run's result, for its per-step counts
     * @throws DistributedStepException when a step fails
     */
    RunResult run(List<String> aliases, Map<String, Map<String, Object>> configOverrides,
            Iterable<DataRecord> input, Consumer<DataRecord> output) {
        return run(aliases, configOverrides, Map.of(), input, output);
    }

    /**
     * Runs {@code aliases}, a chain of steps each fed by the one before, on {@code input} (or, when {@code input} is
     * null, from the first alias, a reader). Each of {@code outputs} stands for a dependant of the last step: an
     * output step attached as that dependant is, so that the last step routes records as in a local run, passes
     * what it receives to {@code ports.get(port)}.
     *
     * @param configOverrides per alias, config values that replace those of the definition
     * @return the run's result, for its per-step counts
     * @throws DistributedStepException when a step fails
     */
    RunResult run(List<String> aliases, Map<String, Map<String, Object>> configOverrides,
            Iterable<DataRecord> input, List<StageOutput> outputs, List<Consumer<DataRecord>> ports) {
        return run(aliases, configOverrides, Map.of(), input, outputs, ports);
    }


    /**
     * The parts to read the splittable reader {@code readerAlias}'s source in, about {@code targetBytes} each
     * ({@link SplittableReader#split}), found in a run of the reader alone.
     *
     * @throws DistributedStepException when the reader fails
     */
    List<ReadSplit> split(String readerAlias, long targetBytes) {
        List<ReadSplit> parts = new ArrayList<>();
        PartReaderStep finder = new PartReaderStep(splittable(readerAlias),
                (reader, context, out) -> parts.addAll(reader.split(context, targetBytes)));
        run(List.of(readerAlias), Map.of(), Map.of(readerAlias, finder), null, record -> { });
        return parts;
    }

    /**
     * Reads the part {@code split} with the splittable reader {@code readerAlias} ({@link SplittableReader#readSplit})
     * and passes its records to {@code output}.
     *
     * @return the run's result, for the reader's count
     * @throws DistributedStepException when the reader fails
     */
    RunResult readSplit(String readerAlias, ReadSplit split, Consumer<DataRecord> output) {
        PartReaderStep partReader = new PartReaderStep(splittable(readerAlias),
                (reader, context, out) -> reader.readSplit(context, split, out));
        return run(List.of(readerAlias), Map.of(), Map.of(readerAlias, partReader), null, output);
    }

    /** Whether the step {@code alias} is a reader that can be read in parts on this worker's registry. */
    boolean isSplittable(String alias) {
        return typeOf(alias) instanceof SplittableReader;
    }

    private SplittableReader splittable(String alias) {
        if (typeOf(alias) instanceof SplittableReader reader) {
            return reader;
        }
        throw new IllegalStateException("Step '" + alias + "' is not a reader that can be read in parts");
    }

    private @Nullable StepType typeOf(String alias) {
        return engine.registry().typeOf(flow.step(alias).orElseThrow()).orElse(null);
    }

    /** Like the public {@code run}, with {@code output} taking what the last step emits (none when null). */
    private RunResult run(List<String> aliases, Map<String, Map<String, Object>> configOverrides,
            Map<String, StepType> implementations, Iterable<DataRecord> input, Consumer<DataRecord> output) {
        List<StageOutput> outputs = output == null ? List.of()
                : List.of(new StageOutput(BundleOutputStep.ID, aliases.get(aliases.size() - 1), 0));
        return run(aliases, configOverrides, implementations, input, outputs,
                output == null ? List.of() : List.of(output));
    }

    /** The run of the two public {@code run}s, with {@code implementations} replacing the types of some steps. */
    private RunResult run(List<String> aliases, Map<String, Map<String, Object>> configOverrides,
            Map<String, StepType> implementations, Iterable<DataRecord> input, List<StageOutput> outputs,
            List<Consumer<DataRecord>> ports) {
        Dataflow stageFlow = stageFlow(flow, engine.registry(), aliases, input != null, configOverrides,
                implementations, outputs);
        channel.set(input != null ? input : List.of(), ports);
        RunOptions options = RunOptions.builder().dryRun(spec.dryRun()).vars(spec.vars()).build();
        RunResult result = engine.run(stageFlow, options);
        if (!result.isSuccess()) {
            throw failureOf(result);
        }
        return result;
    }

    /**
     * The dataflow a worker runs for {@code aliases}, steps of {@code flow} each fed by the one before: fed by
     * {@link BundleInputStep}s when {@code fed} (as many as the first step needs inputs), and, for each of
     * {@code outputs}, a {@link BundleOutputStep} attached as that dependant of the last step is. The launcher
     * validates it too, so that what a worker would refuse is refused before the pipeline starts.
     *
     * @param configOverrides per alias, config values that replace those of the definition
     * @param implementations per alias, a step type that replaces the step's own
     */
    static Dataflow stageFlow(Dataflow flow, StepRegistry registry, List<String> aliases, boolean fed,
            Map<String, Map<String, Object>> configOverrides, Map<String, StepType> implementations,
            List<StageOutput> outputs) {
        Dataflow.Builder b = Dataflow.builder(flow.name()).replaceConfig(flow.config()).vars(flow.vars());
        String previous = null;
        List<String> inputSteps = new ArrayList<>();
        if (fed) {
            Step first = flow.step(aliases.get(0)).orElseThrow();
            int needed = Math.max(1, registry.typeOf(first).map(t -> t.links().inFlow().min()).orElse(1));
            for (int i = 0; i < needed; i++) {
                String id = i == 0 ? BundleInputStep.ID : BundleInputStep.ID + "_" + (i + 1);
                b.step(id, StepSpec.of(new BundleInputStep(i == 0)));
                inputSteps.add(id);
            }
        }
        for (String alias : aliases) {
            Step step = flow.step(alias).orElseThrow();
            StepSpec spec = StepSpec.of(step.typeId(), step.config());
            StepType implementation = implementations.get(alias);
            if (implementation != null) {
                spec = StepSpec.of(implementation);
                for (Map.Entry<String, Object> e : step.config().entrySet()) {
                    spec = spec.with(e.getKey(), e.getValue());
                }
            }
            for (Map.Entry<String, Object> e : configOverrides.getOrDefault(alias, Map.of()).entrySet()) {
                spec = spec.with(e.getKey(), e.getValue());
            }
            b.step(alias, spec).stepName(step.name()).stepDescription(step.description());
            step.vars().forEach(b::stepVar);
            if (previous != null) {
                b.dependsOn(previous);
            } else if (!inputSteps.isEmpty()) {
                b.dependsOn(inputSteps.toArray(String[]::new));
            }
            previous = alias;
        }
        Set<Integer> passing = new HashSet<>();
        for (int i = 0; i < outputs.size(); i++) {
            StageOutput out = outputs.get(i);
            int port = passing.add(out.port()) ? out.port() : BundleOutputStep.DROP;
            b.step(i == 0 ? BundleOutputStep.ID : BundleOutputStep.ID + "_" + (i + 1),
                    StepSpec.of(new BundleOutputStep(port))).dependsOn(out.reference());
        }
        return b.build();
    }

    private static DistributedStepException failureOf(RunResult result) {
        StepExecutionException failure = result.failure().orElse(null);
        if (failure == null) {
            return new DistributedStepException("A worker's run ended " + result.status().label()
                    + result.cancelReason().map(r -> ": " + r).orElse(""), "", "");
        }
        // Without "on record #n": the number counts the records of the worker's batch, not of the run.
        return new DistributedStepException(failure.getOriginalMessage(), failure.stepAlias().orElse(""),
                failure.stepType());
    }
}

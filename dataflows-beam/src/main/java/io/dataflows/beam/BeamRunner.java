package io.dataflows.beam;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.DataflowValidationException;
import io.dataflows.Definitions;
import io.dataflows.EngineSetup;
import io.dataflows.FlowBlockRun;
import io.dataflows.Problem;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.Step;
import io.dataflows.StepExecutionException;
import io.dataflows.StepResult;
import io.dataflows.ValidationReport;
import io.dataflows.beam.internal.DistributedPlan;
import io.dataflows.beam.internal.DistributedStepException;
import io.dataflows.beam.internal.FlinkJobs;
import io.dataflows.beam.internal.FlinkStaging;
import io.dataflows.beam.internal.FlowStepsFn;
import io.dataflows.beam.internal.MetricView;
import io.dataflows.beam.internal.ReadSplitCoder;
import io.dataflows.beam.internal.ReadSplitFn;
import io.dataflows.beam.internal.ReaderFn;
import io.dataflows.beam.internal.RecordCoder;
import io.dataflows.beam.internal.ShardKeyFn;
import io.dataflows.beam.internal.ShardWriterFn;
import io.dataflows.beam.internal.SplitSourceFn;
import io.dataflows.beam.internal.Stage;
import io.dataflows.beam.internal.StageValidation;
import io.dataflows.beam.internal.StageOutput;
import io.dataflows.beam.internal.StepCounters;
import io.dataflows.beam.internal.StepStates;
import io.dataflows.beam.internal.WorkerSpec;
import io.dataflows.spi.SplittableReader;
import io.dataflows.spi.StepType;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a dataflow as an Apache Beam pipeline, on the runner its {@link PipelineOptions} name (the direct runner by
 * default). The steps run inside Beam's DoFns with the same step implementations as a local run, each worker with
 * an engine of its own; see {@code docs/beam.md} for what is translated and what is refused.
 *
 * <pre>{@code
 * BeamRunner runner = BeamRunner.builder(engine).shards(4).build();
 * RunResult result = runner.run(flow, RunOptions.defaults());
 * }</pre>
 *
 * <p>Connector steps are not translated: the engine runs them, before and after the flow blocks, in the one recorded
 * run ({@link DataflowEngine#runWithFlowBlocks}). A flow block is translated only when each of its steps' types
 * declares that it can run distributed ({@link io.dataflows.spi.StepType#distributionBlocker}) and it is made of
 * readers, flow steps (tees, switches, cases and joins among them) and {@code writer_stream}s that end their
 * branches; otherwise {@link #run} throws a {@link DataflowValidationException} with one problem per step in the
 * way, before anything runs. Thread-safe: each run builds its own pipeline.
 */
public final class BeamRunner {

    private static final Logger log = LoggerFactory.getLogger(BeamRunner.class);

    private final DataflowEngine engine;
    private final PipelineOptions pipelineOptions;
    private final int shards;
    private final long splitBytes;
    private final List<Path> permittedDirectories;
    private final EngineSetup workerSetup;

    private BeamRunner(Builder b) {
        this.engine = b.engine;
        this.pipelineOptions = b.pipelineOptions;
        this.shards = b.shards;
        this.splitBytes = b.splitBytes;
        this.permittedDirectories = List.copyOf(b.permittedDirectories);
        this.workerSetup = b.workerSetup;
    }

    /**
     * A runner whose workers use the step types of {@code engine}'s registry (found again on each worker's class
     * path) and its base directory.
     */
    public static Builder builder(DataflowEngine engine) {
        return new Builder(engine);
    }

    /**
     * Validates {@code flow} as the engine does, then checks that it can be translated: the engine's problems
     * followed by one problem per step that cannot run distributed or has a shape not translated yet.
     */
    public ValidationReport validate(Dataflow flow, RunOptions options) {
        return checked(flow, options).report();
    }

    /** A dataflow's problems, and its plan, which can be run only when the report has no errors. */
    private record Checked(ValidationReport report, DistributedPlan plan) {}

    private Checked checked(Dataflow flow, RunOptions options) {
        ValidationReport engineReport = engine.validate(flow, options);
        List<Problem> problems = new ArrayList<>(engineReport.problems());
        DistributedPlan plan = DistributedPlan.of(flow, engine.registry(), shards);
        problems.addAll(plan.problems());
        if (engineReport.isValid() && plan.problems().isEmpty()) {
            problems.addAll(StageValidation.problems(flow, plan, engine, options));
        }
        return new Checked(ValidationReport.of(flow.name(), problems), plan);
    }

    /**
     * The steps of {@code flow} that run on the workers, in the order the pipeline is built (readers first): to
     * show where a dataflow runs, for example in a picture of it ({@code DotExporter.toDot(flow, groups)} of
     * {@code dataflows-dot}). Empty when the flow cannot be translated ({@link #validate} says why).
     */
    public List<String> workerSteps(Dataflow flow) {
        DistributedPlan plan = DistributedPlan.of(flow, engine.registry(), shards);
        if (!plan.problems().isEmpty()) {
            return List.of();
        }
        List<String> steps = new ArrayList<>();
        plan.stages().forEach(stage -> steps.addAll(stage.aliases()));
        return List.copyOf(steps);
    }

    /**
     * Runs {@code flow} and waits for it: the engine runs the connector steps and records the run as it records a
     * local run ({@link DataflowEngine#runWithFlowBlocks}), and each flow block runs as a Beam pipeline, whose
     * workers get {@code dataflow.vars} as the connectors before it left them. The result has the run's status,
     * per-step record counts and durations (for the block's steps from Beam's metrics, summed over the workers, so a
     * step's duration is the time its work took on all workers together), when a step failed the failure naming
     * that step, and the run's variables but for what the block's steps publish on the workers. The run lock of a
     * dataflow that does not run concurrently is taken as for a local run (a {@link RunStatus#BLOCKED} result when
     * another run holds it).
     *
     * @throws DataflowValidationException if the dataflow is invalid or cannot be translated; nothing runs
     * @throws DataflowException if the pipeline fails for another reason than a step's failure
     */
    public RunResult run(Dataflow flow, RunOptions options) {
        DistributedPlan plan = plan(flow, options);
        PipelineCancel nobodyCancels = new PipelineCancel();
        return engine.runWithFlowBlocks(flow, options, block -> execute(flow, options, plan, block, nobodyCancels));
    }

    /**
     * Like {@link #run}, but returns at once: the pipeline runs on a thread of its own, and the handle waits for it
     * or cancels it. {@link RunHandle#cancel(String)} cancels the pipeline: on the direct runner with the default
     * options through {@link PipelineResult#cancel()}, which stops its workers (a step waiting in
     * {@code ctx.sleep} is interrupted); on Flink, whose runner hands back no result before the job has ended, by
     * interrupting the wait, which stops Flink's mini cluster. On a remote Flink cluster, the run's job (named
     * {@code dataflows <dataflow> run <run id>}) is then cancelled through the cluster's REST API, waiting up to
     * 10 s for a job still being submitted to appear. The run ends
     * {@link RunStatus#CANCELLED} with the reason, in its result and in the run record; a pipeline that ends before
     * the request takes effect keeps its outcome. A pipeline failure that is not a step's, or a state store that
     * cannot record the run, completes the handle's result exceptionally ({@link DataflowException}).
     *
     * @throws DataflowValidationException if the dataflow is invalid or cannot be translated; nothing runs
     */
    public RunHandle start(Dataflow flow, RunOptions options) {
        DistributedPlan plan = plan(flow, options);
        BeamRunHandle handle = new BeamRunHandle(flow.name());
        handle.start(() -> engine.runWithFlowBlocks(flow, options, block -> {
            handle.recorded(block.runId());
            return execute(flow, options, plan, block, handle.cancellation());
        }));
        return handle;
    }

    /** The plan of a valid dataflow that can be translated. */
    private DistributedPlan plan(Dataflow flow, RunOptions options) {
        Checked checked = checked(flow, options);
        if (!checked.report().errors().isEmpty()) {
            throw new DataflowValidationException(flow.name(), checked.report());
        }
        return checked.plan();
    }

    /**
     * Builds and runs the pipeline of a flow block of a run, unless {@code cancel} stops it. The workers' engines get
     * the block's {@code dataflow.vars}: what the connectors before it set is what its steps see.
     */
    private RunResult execute(Dataflow flow, RunOptions options, DistributedPlan plan, FlowBlockRun block,
            PipelineCancel cancel) {
        String runId = block.runId();
        Map<String, Object> vars = new LinkedHashMap<>(block.vars());
        WorkerSpec spec = new WorkerSpec(Definitions.toJson(flow, engine.registry()), runId, options.isDryRun(), vars,
                options.baseDir().or(engine::baseDirectory).map(Path::toString).orElse(null),
                permittedDirectories.stream().map(Path::toString).toList(), workerSetup, storedState(flow, block));

        // On a remote Flink cluster, the job is named after the run, so that a cancelled run can cancel it there, and
        // it leaves out the Flink jars the cluster has.
        Optional<URI> flinkCluster = FlinkJobs.remoteMaster(pipelineOptions);
        String jobName = "dataflows " + flow.name() + " run " + runId;
        PipelineOptions runOptions = flinkCluster.map(m -> FlinkJobs.named(pipelineOptions, jobName)).orElse(null);
        if (runOptions != null) {
            FlinkStaging.leaveOutFlinkJars(runOptions);
        }
        Pipeline pipeline = Pipeline.create(runOptions != null ? runOptions : pipelineOptions);
        // What each link between two steps carries, by "from->to", filled in as the stages are added in order.
        Map<String, PCollection<DataRecord>> links = new HashMap<>();
        for (Stage stage : plan.stages()) {
            if (!block.steps().contains(stage.first())) {
                continue; // a stage of another flow block
            }
            List<PCollection<DataRecord>> outputs = switch (stage.kind()) {
                case READER -> List.of(read(pipeline, flow, stage.first(), spec));
                case STEPS -> runSteps(spec, stage, input(pipeline, stage, links));
                case WRITER -> {
                    write(flow, spec, stage.first(), input(pipeline, stage, links));
                    yield List.of();
                }
            };
            for (StageOutput output : stage.outputs()) {
                links.put(stage.last() + "->" + output.dependant(), outputs.get(output.port()));
            }
        }

        Instant started = Instant.now();
        PipelineResult result;
        try {
            result = cancel.runAndWait(pipeline);
        } catch (RuntimeException e) {
            if (cancel.reason().isPresent()) {
                // the wait was interrupted, or a worker stopped by the cancel failed: the run was cancelled
                if (runOptions != null) {
                    FlinkJobs.cancel(flinkCluster.get(), jobName, REMOTE_CANCEL_WAIT);
                }
                return cancelled(flow, options, runId, cancel.reason().get(), started);
            }
            DistributedStepException failure = stepFailureIn(e);
            if (failure == null) {
                throw new DataflowException("The Beam pipeline of dataflow '" + flow.name() + "' failed: "
                        + e.getMessage() + rootCause(e), flow.name(), null, e);
            }
            StepExecutionException stepFailure = new StepExecutionException(failure.getMessage(), flow.name(),
                    failure.stepAlias(), failure.stepType(), 0, failure);
            return RunResult.of(flow.name(), runId, options.isDryRun(), RunStatus.ABORTED, stepFailure,
                    stepResults(flow, Map.of(), failure.stepAlias()), started, Instant.now());
        }
        if (result == null || result.getState() == PipelineResult.State.CANCELLED) {
            return cancelled(flow, options, runId, cancel.reason().orElse("cancelled"), started);
        }
        MetricView view = MetricView.of(isDirectRunner());
        Map<String, StepResult> steps = stepResults(flow, counters(result, view), null);
        storeState(flow, block, StepStates.read(result, view));
        return RunResult.of(flow.name(), runId, options.isDryRun(), RunStatus.FINALISED, null, steps, started,
                Instant.now());
    }

    /**
     * The stored values of the step state that the block's steps declare ({@link StepType#stateKeys}), which the
     * workers start with.
     */
    private Map<String, Map<String, Object>> storedState(Dataflow flow, FlowBlockRun block) {
        Map<String, Map<String, Object>> stored = new LinkedHashMap<>();
        for (String alias : block.steps()) {
            Step step = flow.step(alias).orElseThrow();
            Set<String> keys = engine.registry().typeOf(step).map(t -> t.stateKeys(step.config())).orElse(Set.of());
            for (String key : keys) {
                block.stepStates().get(alias).get(key)
                        .ifPresent(value -> stored.computeIfAbsent(alias, a -> new LinkedHashMap<>()).put(key, value));
            }
        }
        return stored;
    }

    /**
     * Stores what the workers' steps wrote to their state, now that the pipeline has succeeded (not in a dry run:
     * the block's step states keep a dry run's writes to the run). A key with more than one value, when attempts of
     * the same work saw different data, keeps its stored value: the next run reads again what this one read, rather
     * than skip what it did not.
     */
    private static void storeState(Dataflow flow, FlowBlockRun block, Map<String, Map<String, Set<Object>>> writes) {
        writes.forEach((alias, keys) -> keys.forEach((key, values) -> {
            if (values.size() == 1) {
                block.stepStates().get(alias).put(key, values.iterator().next());
            } else {
                log.warn("Dataflow '{}': the workers of step '{}' wrote {} different values of its state '{}'; the"
                        + " stored value is kept", flow.name(), alias, values.size(), key);
            }
        }));
    }

    /**
     * Reads with the reader: on one worker, and the records spread among the workers; or, for a reader that can be
     * read in parts ({@link SplittableReader}), its parts found on one worker, spread, and each read by the worker it
     * went to. A source not worth splitting is one part, read whole, and its records are spread as before.
     */
    private PCollection<DataRecord> read(Pipeline pipeline, Dataflow flow, String reader, WorkerSpec spec) {
        PCollection<String> alias = pipeline
                .apply("reader " + reader, Create.of(reader).withCoder(StringUtf8Coder.of()));
        Step step = flow.step(reader).orElseThrow();
        if (!(engine.registry().typeOf(step).orElse(null) instanceof SplittableReader)) {
            return alias.apply("read " + reader, ParDo.of(new ReaderFn(spec))).setCoder(RecordCoder.of())
                    .apply("spread " + reader, spread());
        }
        PCollectionTuple read = alias
                .apply("split " + reader, ParDo.of(new SplitSourceFn(spec, splitBytes)))
                .setCoder(ReadSplitCoder.of())
                .apply("spread parts of " + reader, Reshuffle.viaRandomKey())
                .apply("read " + reader, ParDo.of(new ReadSplitFn(spec, reader))
                        .withOutputTags(ReadSplitFn.PART, TupleTagList.of(ReadSplitFn.WHOLE)));
        PCollection<DataRecord> parts = read.get(ReadSplitFn.PART).setCoder(RecordCoder.of());
        PCollection<DataRecord> whole = read.get(ReadSplitFn.WHOLE).setCoder(RecordCoder.of())
                .apply("spread " + reader, spread());
        return PCollectionList.of(parts).and(whole).apply("records of " + reader, Flatten.pCollections());
    }

    /**
     * Spreads records among the workers. On Beam's direct runner into as many groups as its default number of
     * threads (the processors, at least 3): it makes
     * one bundle per group, and with a random key per record (Beam's default) every record would be a bundle of its
     * own. The writers' grouping then copies its whole in-memory state for each bundle it gets, which made a run of
     * 20,000 records take minutes. Other runners spread by a random key per record.
     */
    private Reshuffle.ViaRandomKey<DataRecord> spread() {
        Reshuffle.ViaRandomKey<DataRecord> spread = Reshuffle.viaRandomKey();
        if (isDirectRunner()) {
            spread = spread.withNumBuckets(Math.max(3, Runtime.getRuntime().availableProcessors()));
        }
        return spread;
    }

    private boolean isDirectRunner() {
        // By name: the direct runner's jar is only on the runtime class path (it splits packages with the SDK's).
        return pipelineOptions.getRunner().getName().equals("org.apache.beam.runners.direct.DirectRunner");
    }

    /** What feeds the first step of {@code stage}: its one input, or its inputs merged (a join's). */
    private static PCollection<DataRecord> input(Pipeline pipeline, Stage stage,
            Map<String, PCollection<DataRecord>> links) {
        List<PCollection<DataRecord>> inputs = new ArrayList<>();
        for (String from : stage.inputs()) {
            inputs.add(links.get(from + "->" + stage.first()));
        }
        if (inputs.size() == 1) {
            return inputs.get(0);
        }
        return PCollectionList.of(inputs).apply("merge into " + stage.first(), Flatten.pCollections())
                .setCoder(RecordCoder.of());
    }

    /** Runs the flow steps of {@code stage} on {@code input}: one collection per port of the stage. */
    private static List<PCollection<DataRecord>> runSteps(WorkerSpec spec, Stage stage,
            PCollection<DataRecord> input) {
        List<TupleTag<DataRecord>> tags = new ArrayList<>();
        for (int port = 0; port < Math.max(1, stage.ports()); port++) {
            tags.add(new TupleTag<>("output " + port));
        }
        PCollectionTuple outputs = input.apply("steps " + String.join(", ", stage.aliases()),
                ParDo.of(new FlowStepsFn(spec, stage, tags))
                        .withOutputTags(tags.get(0), TupleTagList.of(new ArrayList<>(tags.subList(1, tags.size())))));
        List<PCollection<DataRecord>> collections = new ArrayList<>();
        for (TupleTag<DataRecord> tag : tags) {
            collections.add(outputs.get(tag).setCoder(RecordCoder.of()));
        }
        return collections;
    }

    /**
     * Groups the records by shard and writes each shard with the real writer. Every shard gets a null marker, so
     * that a shard no record went to is still written (an empty file, a CSV header). The grouped values stream into
     * the writer ({@link ShardWriterFn}); on Flink's batch runner they come from its sorted, spillable grouping.
     */
    private void write(Dataflow flow, WorkerSpec spec, String writer, PCollection<DataRecord> records) {
        String streamname = String.valueOf(flow.step(writer).map(Step::config).orElseThrow().get("streamname"));
        KvCoder<Integer, DataRecord> shardCoder = KvCoder.of(VarIntCoder.of(), NullableCoder.of(RecordCoder.of()));
        List<KV<Integer, DataRecord>> everyShard = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            everyShard.add(KV.of(i, null));
        }
        PCollection<KV<Integer, DataRecord>> keyed = records
                .apply("shard " + writer, ParDo.of(new ShardKeyFn(shards))).setCoder(shardCoder);
        PCollection<KV<Integer, DataRecord>> markers = records.getPipeline()
                .apply("every shard of " + writer, Create.of(everyShard).withCoder(shardCoder));
        PCollectionList.of(keyed).and(markers)
                .apply("shards of " + writer, Flatten.pCollections())
                .apply("group " + writer, GroupByKey.create())
                .apply("write " + writer, ParDo.of(new ShardWriterFn(spec, writer, streamname, shards)));
    }

    /**
     * The result of a cancelled pipeline: every step {@code CANCELLED}, without counts, which a cancelled pipeline
     * does not report reliably.
     */
    private static RunResult cancelled(Dataflow flow, RunOptions options, String runId, String reason,
            Instant started) {
        Map<String, StepResult> steps = new LinkedHashMap<>();
        for (Step step : flow.steps()) {
            steps.put(step.alias(), StepResult.of(step.alias(), step.typeId(), RunStatus.CANCELLED, 0, 0,
                    Duration.ZERO));
        }
        return RunResult.cancelled(flow.name(), runId, options.isDryRun(), reason, steps, started, Instant.now());
    }

    /** The counters of a finished pipeline, summed over its transforms, as {@code view} gives them. */
    private static Map<String, Long> counters(PipelineResult result, MetricView view) {
        MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(StepCounters.NAMESPACE)).build());
        Map<String, Long> counts = new HashMap<>();
        for (MetricResult<Long> counter : metrics.getCounters()) {
            counts.merge(counter.getName().getName(), view.valueOf(counter), Long::sum);
        }
        return counts;
    }

    private static Map<String, StepResult> stepResults(Dataflow flow, Map<String, Long> counts, String failed) {
        Map<String, StepResult> steps = new LinkedHashMap<>();
        for (Step step : flow.steps()) {
            RunStatus status = failed == null ? RunStatus.FINALISED
                    : step.alias().equals(failed) ? RunStatus.ABORTED : RunStatus.CANCELLED;
            steps.put(step.alias(), StepResult.of(step.alias(), step.typeId(), status,
                    counts.getOrDefault(step.alias() + ".in", 0L), counts.getOrDefault(step.alias() + ".out", 0L),
                    Duration.ofNanos(counts.getOrDefault(step.alias() + ".micros", 0L) * 1000)));
        }
        return steps;
    }

    /**
     * What went wrong first, in parentheses, when {@code e} wraps it: the runners' own messages say only that the
     * pipeline failed ("Pipeline execution failed"), the cause says why (a Flink master that refuses connections).
     */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private static DistributedStepException stepFailureIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DistributedStepException d) {
                return d;
            }
        }
        return null;
    }

    /**
     * The size of the parts a splittable reader's source ({@code reader_csv}'s file) is read in, 64 MiB; a source
     * of at most this size is read whole by one worker.
     */
    public static final long DEFAULT_SPLIT_BYTES = 64L << 20;

    /**
     * How long a cancelled run waits for its job to appear on a remote Flink cluster, to cancel it: a job still
     * being submitted (its jars uploaded) when the run was cancelled.
     */
    private static final Duration REMOTE_CANCEL_WAIT = Duration.ofSeconds(10);

    /** The Flink master of {@link Builder#flink} that starts Flink's embedded mini cluster in this JVM. */
    public static final String LOCAL_FLINK = "[local]";

    /** Builds a {@link BeamRunner}. */
    public static final class Builder {
        private final DataflowEngine engine;
        private PipelineOptions pipelineOptions;
        private int shards = 1;
        private long splitBytes = DEFAULT_SPLIT_BYTES;
        private final List<Path> permittedDirectories = new ArrayList<>();
        private EngineSetup workerSetup = EngineSetup.none();

        private Builder(DataflowEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            // The direct runner must not block in Pipeline.run: its result, handed back at once, is what cancels it.
            this.pipelineOptions = PipelineOptionsFactory.fromArgs("--blockOnRun=false").create();
        }

        /**
         * Beam's options: the runner and its settings. Default: the direct runner with Beam's defaults, except that
         * {@code Pipeline.run} does not block ({@code blockOnRun} false), so that {@link BeamRunner#start}'s handle
         * can cancel the pipeline.
         */
        public Builder pipelineOptions(PipelineOptions options) {
            this.pipelineOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Runs on Apache Flink through Beam's Flink runner (Flink 1.19): the same as {@link #pipelineOptions} with
         * {@code FlinkPipelineOptions} naming the {@code FlinkRunner}, {@code master} and {@code parallelism}, for
         * callers that do not use Flink's classes.
         *
         * @param master {@value BeamRunner#LOCAL_FLINK} for Flink's own mini cluster in this JVM, or
         *     {@code HOST:PORT} of a Flink cluster's JobManager (its REST port)
         * @param parallelism how many parallel workers each stage of the pipeline has
         * @throws IllegalArgumentException if {@code master} is blank or {@code parallelism} is less than 1
         */
        public Builder flink(String master, int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
            }
            flink(master);
            ((FlinkPipelineOptions) pipelineOptions).setParallelism(parallelism);
            return this;
        }

        /**
         * Like {@link #flink(String, int)} with Flink's default parallelism: the cluster's configured default, or
         * for {@value BeamRunner#LOCAL_FLINK} the number of processors.
         *
         * @throws IllegalArgumentException if {@code master} is blank
         */
        public Builder flink(String master) {
            Objects.requireNonNull(master, "master");
            if (master.isBlank()) {
                throw new IllegalArgumentException("the Flink master must not be blank");
            }
            FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
            options.setRunner(FlinkRunner.class);
            options.setFlinkMaster(master);
            this.pipelineOptions = options;
            return this;
        }

        /**
         * How many files the final {@code writer_stream} writes: with 1 (the default) the one file a local run
         * writes; with more, {@code out-00000-of-00004.jsonl} and so on, each written by its own worker.
         *
         * @throws IllegalArgumentException if {@code shards} is less than 1
         */
        public Builder shards(int shards) {
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be at least 1: " + shards);
            }
            this.shards = shards;
            return this;
        }

        /**
         * A directory absolute paths may lead into on the workers, as
         * {@link DataflowEngine.Builder#permittedDirectory} on the local engine (the workers build their own).
         */
        public Builder permittedDirectory(Path dir) {
            permittedDirectories.add(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /**
         * What every worker configures on the engine it builds for itself, after the base directory and the
         * permitted directories: the global variables and settings, secrets, data sources, host functions, locale,
         * clock and expression mode that the steps need, as the application configured {@code engine}. Without it
         * a worker's engine has the defaults of {@link DataflowEngine#builder()}: no global variables, no secrets.
         * The setup is serialized into the pipeline, so anything it captures travels to the workers; see
         * {@link EngineSetup}.
         *
         * @throws IllegalArgumentException if {@code setup} cannot be serialized (it captures a value that is not
         *     serializable, such as a {@code Path}): found here rather than when the pipeline starts
         */
        public Builder workerSetup(EngineSetup setup) {
            Objects.requireNonNull(setup, "setup");
            try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
                out.writeObject(setup);
            } catch (IOException e) {
                throw new IllegalArgumentException("The worker setup cannot be serialized, so it cannot be sent to the"
                        + " workers: " + e + ". Capture only serializable values (a String rather than a Path) and"
                        + " build the rest in the setup.", e);
            }
            this.workerSetup = setup;
            return this;
        }

        /**
         * The size of the parts a splittable reader's source is read in; a smaller source is read whole by one
         * worker. For tests, which split small files.
         */
        Builder splitBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("split size must be at least 1: " + bytes);
            }
            this.splitBytes = bytes;
            return this;
        }

        /** The runner. */
        public BeamRunner build() {
            return new BeamRunner(this);
        }
    }
}

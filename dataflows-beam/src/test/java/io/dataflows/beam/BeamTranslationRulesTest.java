package io.dataflows.beam;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestKit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which dataflows the Beam runner translates, and the exact problems of those it refuses. */
class BeamTranslationRulesTest {

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private List<Problem> problems(Dataflow flow) {
        DataflowEngine engine = kit.builder().baseDirectory(dir).build();
        return BeamRunner.builder(engine).shards(3).build().validate(flow, RunOptions.defaults()).problems();
    }

    private static StepSpec numbers() {
        return Steps.arrayReader(List.of(Map.of("n", 1)));
    }

    @Test
    void aReaderFlowStepsAndAStreamWriterAreTranslated() {
        assertThat(problems(Dataflow.builder("ok")
                .start("numbers", numbers())
                .then("big", Steps.filter("record.n > 0"))
                .then("label", Steps.alter().set("label", "n${{ record.n }}"))
                .then("write", Steps.streamWriter("out.jsonl", "jsonl"))
                .build())).isEmpty();
    }

    @Test
    void aStepThatReadsTheVariablesOfAStepInAnotherStageIsRefused() {
        Dataflow flow = Dataflow.builder("other stage")
                .start("numbers", numbers())
                .then("big", Steps.filter("record.n > 0"))
                .then("label", Steps.alter().set("label", "${{ steps.big.name }} of ${{ steps.numbers.name }}"))
                .then("write", Steps.streamWriter("out.jsonl", "jsonl"))
                .build();

        assertThat(problems(flow)).containsExactly(new Problem("label", "config.expressions.label",
                "Cannot run distributed: Unknown step 'numbers' in expression 'steps.numbers.name'"
                        + " (config.expressions.label). On Beam, a step sees the variables of the steps of its own"
                        + " stage only: big, label."));
    }

    /**
     * A third-party flow step that passes records on: it declares that it can run distributed only when
     * {@code optsIn}, and keeps the step state {@code stateKeys}.
     */
    private static FlowStep passingOn(String id, boolean optsIn, Set<String> stateKeys) {
        return new FlowStep() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public StepKind kind() {
                return StepKind.FLOW;
            }

            @Override
            public ConfigSchema configSchema() {
                return ConfigSchema.empty();
            }

            @Override
            public Optional<String> distributionBlocker(Map<String, Object> config) {
                return optsIn ? Optional.empty() : FlowStep.super.distributionBlocker(config);
            }

            @Override
            public Set<String> stateKeys(Map<String, Object> config) {
                return stateKeys;
            }

            @Override
            public RecordProcessor open(StepContext context) {
                return (record, out) -> out.emit(record);
            }
        };
    }

    @Test
    void aStepTypeThatDoesNotOptInIsRefused() {
        assertThat(problems(Dataflow.builder("custom")
                .start("numbers", numbers())
                .then("upper", StepSpec.of(passingOn("acme_upper", false, Set.of())))
                .then("write", Steps.streamWriter("out.jsonl", "jsonl"))
                .build())).containsExactly(new Problem("upper", null, "Cannot run distributed: step type"
                        + " 'acme_upper' does not declare that it can run distributed."));
    }

    @Test
    void aFlowStepThatKeepsStepStateIsRefusedBecauseManyWorkersWouldWriteIt() {
        assertThat(problems(Dataflow.builder("stateful")
                .start("numbers", numbers())
                .then("seen", StepSpec.of(passingOn("acme_seen", true, Set.of("seen", "last"))))
                .then("write", Steps.streamWriter("out.jsonl", "jsonl"))
                .build())).containsExactly(new Problem("seen", null, "Cannot run distributed: it keeps step state"
                        + " (last, seen), which is carried between runs only for a reader that one worker reads"
                        + " whole."));
    }

    @Test
    void abortStepsAreRefused() {
        assertThat(problems(Dataflow.builder("abort")
                .start("numbers", numbers())
                .then("stop", Steps.flowAbort())
                .then("write", Steps.streamWriter("out.jsonl", "jsonl"))
                .build())).containsExactly(new Problem("stop", null, "Cannot run distributed: it aborts the whole"
                        + " run, which workers running apart cannot stop at one record."));
    }

    @Test
    void teesSwitchesCasesJoinsAndSeveralReadersAndWritersAreTranslated() {
        assertThat(problems(RunnerFlows.branches())).isEmpty();
        assertThat(problems(RunnerFlows.cases())).isEmpty();
        assertThat(problems(RunnerFlows.twoReaders())).isEmpty();
    }

    @Test
    void connectorsBeforeAndAfterTheFlowBlockAreNotTranslatedButRunByTheEngineSoTheyNeedNotBeDistributable() {
        Dataflow flow = Dataflow.builder("connectors")
                .start("prefix", Steps.connectorSetVariable("dataflow.vars.prefix", "n"))
                .then("numbers", numbers())
                .then("write", Steps.streamWriter("a.jsonl", "jsonl"))
                .then("done", Steps.connectorLog("info", "wrote ${{ steps.write.recordsIn }}"))
                .build();

        assertThat(problems(flow)).isEmpty();
        assertThat(BeamRunner.builder(kit.builder().baseDirectory(dir).build()).build().workerSteps(flow))
                .containsExactly("numbers", "write");
    }

    @Test
    void shapesNotTranslatedYetAreRefusedWithTheStepInTheWay() {
        assertThat(problems(Dataflow.builder("two writers")
                .start("numbers", numbers())
                .then("a", Steps.streamWriter("a.jsonl", "jsonl"))
                .then("b", Steps.streamWriter("b.jsonl", "jsonl"))
                .build())).containsExactly(new Problem("a", null, "A writer must be the last step of its branch"
                        + " when the flow is translated to Beam."));
        assertThat(problems(Dataflow.builder("no reader")
                .start("label", Steps.alter().set("label", "x"))
                .then("write", Steps.streamWriter("a.jsonl", "jsonl"))
                .build())).contains(Problem.ofDataflow("A dataflow translated to Beam needs a reader; it has none."));
        assertThat(problems(Dataflow.builder("unnamed shards")
                .start("numbers", numbers())
                .then("write", Steps.streamWriter("a.jsonl", "jsonl").with("streamname", List.of("a")))
                .build())).contains(new Problem("write", "streamname", "A sharded writer_stream needs a file name."));
    }

    @Test
    void aStepBehindATeeThatCannotRunDistributedIsRefused() {
        assertThat(problems(Dataflow.builder("tee")
                .start("numbers", numbers())
                .then("copy", Steps.tee())
                .then("a", Steps.streamWriter("a.jsonl", "jsonl"))
                .from("copy").then("show", Steps.debugWriter())
                .build())).containsExactly(new Problem("show", null, "Cannot run distributed: it prints to the"
                        + " run's output, which workers running apart do not have."));
    }
}

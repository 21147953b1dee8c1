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
    void aStepTypeThatDoesNotOptInIsRefused() {
        FlowStep custom = new FlowStep() {
            @Override
            public String id() {
                return "acme_upper";
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
            public RecordProcessor open(StepContext context) {
                return (record, out) -> out.emit(record);
            }
        };
        assertThat(problems(Dataflow.builder("custom")
                .start("numbers", numbers())
                .then("upper", StepSpec.of(custom))
                .then("write", Steps.streamWriter("out.jsonl", "jsonl"))
                .build())).containsExactly(new Problem("upper", null,
                        "Cannot run distributed: step type 'acme_upper' does not declare that it can run distributed."));
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
    void shapesNotTranslatedYetAreRefusedWithTheStepInTheWay() {
        assertThat(problems(Dataflow.builder("tee")
                .start("numbers", numbers())
                .then("copy", Steps.tee())
                .then("a", Steps.streamWriter("a.jsonl", "jsonl"))
                .from("copy").then("b", Steps.streamWriter("b.jsonl", "jsonl"))
                .build())).containsExactly(new Problem("copy", null, "Cannot run distributed: step type 'flow_tee'"
                        + " does not declare that it can run distributed."));
        assertThat(problems(Dataflow.builder("connector")
                .start("numbers", numbers())
                .then("write", Steps.streamWriter("a.jsonl", "jsonl"))
                .step("done", Steps.connectorNoop()).dependsOn("write")
                .build())).containsExactly(new Problem("done", null, "Cannot run distributed: step type"
                        + " 'connector_noop' does not declare that it can run distributed."));
        assertThat(problems(Dataflow.builder("two writers")
                .start("numbers", numbers())
                .then("a", Steps.streamWriter("a.jsonl", "jsonl"))
                .then("b", Steps.streamWriter("b.jsonl", "jsonl"))
                .build())).containsExactly(new Problem("a", null, "Only the last step may be a writer when the"
                        + " flow is translated to Beam."));
        assertThat(problems(Dataflow.builder("two readers")
                .start("one", numbers())
                .then("a", Steps.streamWriter("a.jsonl", "jsonl"))
                .step("two", numbers())
                .build())).contains(Problem.ofDataflow("A dataflow translated to Beam needs exactly one reader;"
                        + " it has 2."));
    }
}

package io.dataflows.beam;

import static io.dataflows.beam.RunnerFlows.counts;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connector steps before and after the flow block: the engine runs them on the launching machine, in the one
 * recorded run, and the pipeline runs the block between them with the variables they set.
 */
class BeamConnectorsTest {

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private DataflowEngine engine() throws IOException {
        return RunnerFlows.engineWithInput(kit, dir);
    }

    /** Sets a greeting, greets each person, then counts what the writer got. */
    private static Dataflow greetings(String out) {
        return Dataflow.builder("greetings")
                .start("greeting", Steps.connectorSetVariable("dataflow.vars.greeting", "Kia ora"))
                .then("read", Steps.csvReader("people.csv"))
                .then("greet", Steps.alter().set("greeting", "${{ dataflow.vars.greeting }}, ${{ record.name }}"))
                .then("write", Steps.streamWriter(out, "jsonl"))
                .then("count", Steps.connectorSetVariable("dataflow.vars.written", "${{ steps.write.iterations }}"))
                .build();
    }

    @Test
    void connectorsRunAroundTheBlockAsInALocalRunAndTheBlockSeesWhatTheySet() throws IOException {
        DataflowEngine engine = engine();
        RunResult local = engine.run(greetings("local.jsonl"), RunOptions.defaults()).orThrow();

        RunResult beam = BeamRunner.builder(engine).shards(2).build()
                .run(greetings("beam.jsonl"), RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.FINALISED);
        List<String> expected = Files.readAllLines(dir.resolve("local.jsonl"));
        assertThat(expected).hasSize(7).first().asString().contains("\"greeting\":\"Kia ora, ");
        assertThat(RunnerFlows.shardLines(dir, "beam", 2)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(counts(beam)).isEqualTo(counts(local));
        assertThat(beam.steps().values()).allSatisfy(s -> assertThat(s.status()).isEqualTo(RunStatus.FINALISED));
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) ((Map<String, Object>) beam.variables().get("dataflow"))
                .get("vars");
        assertThat(vars).containsEntry("greeting", "Kia ora").containsEntry("written", 7L);
    }

    @Test
    void aConnectorThatFailsBeforeTheBlockAbortsTheRunAndNoPipelineRuns() throws IOException {
        Dataflow flow = Dataflow.builder("stopped")
                .start("check", Steps.connectorAbortIf("true"))
                .then("read", Steps.csvReader("people.csv"))
                .then("write", Steps.streamWriter("stopped.jsonl", "jsonl"))
                .build();

        RunResult beam = BeamRunner.builder(engine()).build().run(flow, RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(beam.failure().orElseThrow().stepAlias()).contains("check");
        assertThat(beam.step("read").status()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(dir.resolve("stopped.jsonl")).doesNotExist();
    }

    @Test
    void aBlockThatFailsAbortsTheRunAndTheConnectorsAfterItDoNotRun() throws IOException {
        Dataflow flow = Dataflow.builder("failing")
                .start("read", Steps.csvReader("people.csv"))
                .then("ratio", Steps.alter().set("ratio", "${{ 100 / (record.age - 45) }}"))
                .then("write", Steps.streamWriter("failing.jsonl", "jsonl"))
                .then("count", Steps.connectorSetVariable("dataflow.vars.written", "${{ steps.write.iterations }}"))
                .build();

        RunResult beam = BeamRunner.builder(engine()).build().run(flow, RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(beam.error()).contains("Step 'ratio' (flow_transformer_alter) failed: Division by zero in"
                + " expression '100 / (record.age - 45)' (config.expressions.ratio)");
        assertThat(beam.step("ratio").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(beam.step("read").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(beam.step("count").status()).isEqualTo(RunStatus.NOT_RUN);
    }
}

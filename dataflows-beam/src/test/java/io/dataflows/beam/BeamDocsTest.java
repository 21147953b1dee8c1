package io.dataflows.beam;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.dot.DotExporter;
import io.dataflows.dot.ImageFormat;
import io.dataflows.dot.StepGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the picture of an example flow on Beam under docs/ current: the steps that run on the workers in a dashed
 * box. Fails when it is stale; {@code docs/update.sh} regenerates it (it runs this test with
 * {@code -Ddataflows.updateDocs=true}).
 */
class BeamDocsTest {

    private static final Path FLOW = Path.of("../dataflows-examples/flows/users-by-region.yml");
    private static final Path DOT = Path.of("../docs/users-by-region-on-beam.dot");
    private static final Path SVG = Path.of("../docs/users-by-region-on-beam.svg");
    private static final boolean UPDATE = Boolean.getBoolean("dataflows.updateDocs");

    @Test
    void workerStepsAreTheStepsOfTheTranslatedFlow() throws IOException {
        DataflowEngine engine = DataflowEngine.builder().baseDirectory(FLOW.toAbsolutePath().getParent()).build();
        BeamRunner runner = BeamRunner.builder(engine).build();

        assertThat(runner.workerSteps(Definitions.read(FLOW)))
                .containsExactly("read", "by_country", "write_nz", "write_au", "write_ua");
        assertThat(runner.workerSteps(RunnerFlows.flow("hello", "out.jsonl", "jsonl")))
                .containsExactly("read", "older", "greet", "write");
        assertThat(runner.workerSteps(Dataflow.builder("nothing").build())).isEmpty();
    }

    @Test
    void pictureOfAnExampleFlowOnBeamIsCurrent() throws IOException {
        // The flow's relative paths resolve in its directory, as when the command line draws it.
        DataflowEngine engine = DataflowEngine.builder().baseDirectory(FLOW.toAbsolutePath().getParent()).build();
        Dataflow flow = Definitions.read(FLOW);
        DotExporter exporter = DotExporter.builder().engine(engine).build();
        String dot = exporter.toDot(flow, List.of(new StepGroup("Beam workers",
                BeamRunner.builder(engine).build().workerSteps(flow))));
        String svg = new String(exporter.render(dot, ImageFormat.SVG), StandardCharsets.UTF_8);
        if (UPDATE) {
            Files.writeString(DOT, dot, StandardCharsets.UTF_8);
            Files.writeString(SVG, svg, StandardCharsets.UTF_8);
            return;
        }
        assertThat(Files.readString(DOT, StandardCharsets.UTF_8)).as("docs/users-by-region-on-beam.dot is stale: "
                + "run docs/update.sh").isEqualTo(dot);
        assertThat(Files.readString(SVG, StandardCharsets.UTF_8)).as("docs/users-by-region-on-beam.svg is stale: "
                + "run docs/update.sh").isEqualTo(svg);
    }
}

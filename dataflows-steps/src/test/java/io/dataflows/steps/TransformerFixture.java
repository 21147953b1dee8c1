package io.dataflows.steps;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Path;

/**
 * The fixture of tool_dataflows' transformer tests: {@code input.json} read by {@code reader_json} → the
 * transformer → {@code writer_stream} to {@code output.json}, with the directory permitted.
 */
final class TransformerFixture {

    private final Path dir;
    private final DataflowEngine engine;

    TransformerFixture(Path dir) {
        this.dir = dir;
        this.engine = TestEngines.builder().permittedDirectory(dir).build();
    }

    /** Runs the flow with {@code data} (JSON text) as input and the transformer aliased {@code alias}. */
    RunResult run(String data, String alias, StepDefinition transformer) {
        Path input = JsonText.write(dir.resolve("input.json"), data);
        Dataflow flow = Dataflow.builder("transformer")
                .step("reader", StepSpec.of("reader_json").with("pathtojson", input.toString())
                        .with("arrayexpression", "").with("arraysortexpression", "").with("sortorder", ""))
                .step(alias, transformer).dependsOn("reader")
                .step("writer", Steps.streamWriter(dir.resolve("output.json").toString(), "json")).dependsOn(alias)
                .build();
        return engine.run(flow);
    }

    /** The decoded output file. */
    Object output() {
        return JsonText.parseFile(dir.resolve("output.json"));
    }
}

package io.dataflows.bench;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.ExpressionMode;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import java.nio.file.Path;

/**
 * (3) The reference workload as a YAML dataflow ({@code flow.yml}) run by the engine in this JVM: one engine (the
 * default in-memory state store), the flow read once, one run per call. The whole-process measurement runs the same
 * file with {@code ./dataflows run} instead. With reading ahead, the steps after the reader run on a second
 * thread; with writing behind, the writer runs on a thread of its own.
 */
final class DataflowsEngine implements Implementation {

    private final String name;
    private final ExpressionMode mode;
    private final boolean readAhead;
    private final boolean writeBehind;
    private DataflowEngine engine;
    private Dataflow flow;
    private Path dir;

    DataflowsEngine(String name, ExpressionMode mode, boolean readAhead, boolean writeBehind) {
        this.name = name;
        this.mode = mode;
        this.readAhead = readAhead;
        this.writeBehind = writeBehind;
    }

    @Override
    public long run(Path dir) throws Exception {
        if (!dir.equals(this.dir)) {
            this.dir = dir;
            engine = DataflowEngine.builder().permittedDirectory(dir).expressionMode(mode).readAhead(readAhead)
                    .writeBehind(writeBehind).build();
            flow = Definitions.read(dir.resolve(Workload.FLOW));
        }
        RunResult result = engine.run(flow, RunOptions.builder().baseDir(dir).build());
        if (result.status() != RunStatus.FINALISED) {
            throw new IllegalStateException("run ended " + result.status() + ": " + result.error().orElse(""));
        }
        if (!name.equals("dataflows")) {
            java.nio.file.Files.move(Workload.output(dir, "dataflows"), Workload.output(dir, name),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return result.step("write").recordsOut();
    }
}

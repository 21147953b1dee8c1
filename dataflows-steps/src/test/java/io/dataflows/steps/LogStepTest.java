package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Replaces System.err to read what slf4j-simple prints: no other test may run meanwhile. */
@Isolated
class LogStepTest {

    private final DataflowEngine engine = TestEngines.builder().build();

    /** Runs {@code action} and returns what slf4j-simple printed (it writes to System.err). */
    private static String stderrOf(Supplier<RunResult> action, RunResult[] result) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            result[0] = action.get();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsMonologNumbersAndNames() {
        Dataflow flow = Dataflow.builder("log")
                .var("who", "world")
                .step("by_number", Steps.connectorLog(200, "hello ${{ dataflow.vars.who }}"))
                .step("by_name", Steps.connectorLog("info", "named level")).dependsOn("by_number")
                .step("warning", Steps.connectorLog("300", "careful")).dependsOn("by_name")
                .build();
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> engine.run(flow), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(logged).contains("INFO io.dataflows.step.by_number - hello world")
                .contains("INFO io.dataflows.step.by_name - named level")
                .contains("WARN io.dataflows.step.warning - careful");
    }

    @Test
    void theFlowFormLogsPerRecordAndPassesRecordsOn() {
        Dataflow flow = Dataflow.builder("flow-log")
                .step("reader", Steps.arrayReader(list(map("n", 1), map("n", 2))))
                .step("log", Steps.flowLog("notice", "record ${{ record.n }}")).dependsOn("reader")
                .step("writer", Steps.debugWriter()).dependsOn("log")
                .build();
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> engine.run(flow, io.dataflows.RunOptions.builder()
                .output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build()), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result[0].step("writer").recordsIn()).isEqualTo(2);
        assertThat(logged).contains("INFO io.dataflows.step.log - record 1")
                .contains("INFO io.dataflows.step.log - record 2");
    }

    @Test
    void anEmptyMessageLogsNothing() {
        Dataflow flow = Dataflow.builder("empty")
                .var("blank", "")
                .step("log", Steps.connectorLog("error", "${{ dataflow.vars.blank }}"))
                .build();
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> engine.run(flow), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(logged).doesNotContain("io.dataflows.step.log");
    }

    @Test
    void validationReportsAnUnknownLevel() {
        Dataflow flow = Dataflow.builder("bad").step("log", StepSpec.of("connector_log")
                .with("level", "loud").with("message", "x")).build();

        assertThat(engine.validate(flow).messages()).singleElement().satisfies(m -> assertThat(m)
                .startsWith("Config 'level' is invalid. Unknown log level 'loud'")
                .contains("info (200)"));
    }
}

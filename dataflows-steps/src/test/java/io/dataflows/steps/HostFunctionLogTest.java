package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestKit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** What the host-call steps log. Replaces System.err to read what slf4j-simple prints: no other test may run meanwhile. */
@Isolated
class HostFunctionLogTest {

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder()
            .readOnlyHostFunction("lookup", call -> {
                throw new IllegalStateException("no user " + call.parameters().get("id"));
            })
            .hostFunction("update_user", call -> null)
            .build();

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
    void skipRecordWarnsWithTheFunctionsMessage() {
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> engine.run(Dataflow.builder("skip")
                .start("read", StepSpec.of(ArraySource.ID).with("source", list(map("id", 5))))
                .then("ws", StepSpec.of("flow_web_service").with("webservice", "lookup").with("failure", "skiprecord")
                        .with("parameters", map("id", "${{ record.id }}")))
                .build()), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(logged).contains("WARN io.dataflows.steps.internal.host.WebServiceStep - Warn skipping record: "
                + "Host function 'lookup' failed: no user 5\n");
    }

    @Test
    void droppedPasswordAndAuthFieldsAreLoggedWithTheReason() {
        RunResult[] result = new RunResult[1];

        String logged = stderrOf(() -> engine.run(Dataflow.builder("update")
                .step("update", StepSpec.of("connector_update_user").with("userid", 3)
                        .with("fields", map("password", "s3cret!", "auth", "nologin", "city", "x")))
                .build()), result);

        assertThat(result[0].status()).isEqualTo(RunStatus.FINALISED);
        assertThat(logged).contains("INFO io.dataflows.steps.internal.host.UpdateUserStep - Step 'update': the "
                + "field 'password' is ignored: update_user steps do not change passwords or authentication methods, "
                + "as in tool_dataflows.\n")
                .contains("Step 'update': the field 'auth' is ignored")
                .doesNotContain("s3cret!");
    }
}

package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebuggingConnectorStepTest {

    private final DataflowEngine engine = DataflowEngine.builder().build();

    @Test
    void listsInVariablesStayLists() {
        Dataflow flow = Dataflow.builder("t38")
                .var("abc", List.of(1, 2, 3))
                .step("deb", Steps.connectorDebugging()).stepVar("out", "${{ dataflow.vars.abc}}")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.deb.vars.out")).contains(List.of(1L, 2L, 3L));
    }

    @Test
    void takesNoConfig() {
        Dataflow flow = Dataflow.builder("config")
                .step("deb", Steps.connectorDebugging().with("verbose", true))
                .build();

        assertThat(engine.validate(flow).messages())
                .containsExactly("Unknown config key 'verbose' in dataflow 'config' is ignored. This step type takes "
                        + "no config.");
    }
}

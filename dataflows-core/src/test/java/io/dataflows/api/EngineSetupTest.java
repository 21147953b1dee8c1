package io.dataflows.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.EngineSetup;
import io.dataflows.RunResult;
import io.dataflows.testkit.TestEngines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An engine setup travels as bytes and configures the engine built from it, later setups winning. */
class EngineSetupTest {

    @Test
    void aSetupSentAsBytesConfiguresTheEngineBuiltWithIt() throws Exception {
        String site = "Example";
        EngineSetup setup = EngineSetup.none()
                .andThen(builder -> builder.globalVar("site", "first").globalVar("region", "nz"))
                .andThen(builder -> builder.globalVar("site", site));

        DataflowEngine.Builder builder = TestEngines.builder();
        copy(setup).configure(builder);
        RunResult result = builder.build().run(Dataflow.builder("setup").build());

        assertThat(result.variables().get("global")).isEqualTo(
                Map.of("vars", Map.of("site", "Example", "region", "nz")));
    }

    private static EngineSetup copy(EngineSetup setup) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(setup);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (EngineSetup) in.readObject();
        }
    }
}

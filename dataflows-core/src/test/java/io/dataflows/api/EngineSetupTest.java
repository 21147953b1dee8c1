package io.dataflows.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.EngineSetup;
import io.dataflows.RunResult;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestEngines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /** A setup that gives a data source of its name, and notes its release in {@code RELEASED}. */
    private record Releasing(String name) implements EngineSetup {
        @Override
        public void configure(DataflowEngine.Builder builder) {
            builder.dataSource(name, TestDatabase.driverManager("jdbc:h2:mem:" + name, "sa", ""));
        }

        @Override
        public void release(DataflowEngine engine) {
            RELEASED.add(name + " of " + engine.dataSources().keySet());
        }
    }

    private static final List<String> RELEASED = new CopyOnWriteArrayList<>();

    @Test
    void setupsJoinedWithAndThenReleaseTheLastFirstAfterTheyWereSentAsBytes() throws Exception {
        RELEASED.clear();
        EngineSetup setup = copy(new Releasing("pool").andThen(new Releasing("cache")).andThen(builder -> { }));
        DataflowEngine.Builder builder = TestEngines.builder();
        setup.configure(builder);
        DataflowEngine engine = builder.build();

        setup.release(engine);

        assertThat(RELEASED).containsExactly("cache of [pool, cache]", "pool of [pool, cache]");
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

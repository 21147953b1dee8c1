package io.dataflows.engine;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.TestDatabase;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Named data sources and the table prefix as steps see them; outputs replace what a step published before. */
class DataSourcesTest {

    /** Publishes which data source it got ({@code connection} config) and the table prefix. */
    public static final class WhichDataSource implements ConnectorStep {
        static volatile Map<String, DataSource> known = Map.of();

        @Override
        public String id() {
            return "test_which_datasource";
        }

        @Override
        public StepKind kind() {
            return StepKind.CONNECTOR;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().field(ConfigField.of("connection", FieldType.STRING)).build();
        }

        @Override
        public Outcome run(StepContext ctx) throws Exception {
            DataSource ds = ctx.config().optionalString("connection").map(ctx::dataSource)
                    .orElseGet(ctx::dataSource);
            String name = known.entrySet().stream().filter(e -> e.getValue() == ds).map(Map.Entry::getKey)
                    .findFirst().orElse("?");
            try (Connection c = ds.getConnection()) {
                ctx.output("name", name);
                ctx.output("valid", c.isValid(1));
            }
            ctx.output("prefix", ctx.tablePrefix());
            ctx.output("data", map("id", 1L, "name", "first"));
            ctx.output("data", map());
            return Outcome.CONTINUE;
        }
    }

    private static DataflowEngine.Builder engine() {
        return DataflowEngine.builder().stepRegistry(StepRegistry.builder().add(new WhichDataSource()).build());
    }

    private static Dataflow flow(String connection) {
        StepSpec spec = StepSpec.of("test_which_datasource");
        return Dataflow.builder("ds").step("a", connection == null ? spec : spec.with("connection", connection))
                .build();
    }

    @Test
    void stepsGetTheNamedDataSourceOrTheFirstRegistered() {
        try (TestDatabase main = TestDatabase.h2(); TestDatabase other = TestDatabase.h2()) {
            WhichDataSource.known = Map.of("main", main.dataSource(), "other", other.dataSource());
            DataflowEngine engine = engine().dataSource("main", main.dataSource())
                    .dataSource("other", other.dataSource()).tablePrefix("mdl_").build();

            RunResult byDefault = engine.run(flow(null));
            RunResult named = engine.run(flow("other"));
            RunResult unknown = engine.run(flow("nope"));

            assertThat(byDefault.variable("steps.a.name")).contains("main");
            assertThat(byDefault.variable("steps.a.valid")).contains(true);
            assertThat(byDefault.variable("steps.a.prefix")).contains("mdl_");
            assertThat(named.variable("steps.a.name")).contains("other");
            assertThat(unknown.status()).isEqualTo(RunStatus.ABORTED);
            assertThat(unknown.error()).contains("Step 'a' (test_which_datasource) failed: Unknown connection "
                    + "'nope'. Known connections: main, other.");
            assertThat(engine.dataSources()).containsOnlyKeys("main", "other");
            assertThat(engine.tablePrefix()).isEqualTo("mdl_");
        }
    }

    @Test
    void anEngineWithoutDataSourcesSaysHowToRegisterOne() {
        RunResult result = engine().build().run(flow(null));

        assertThat(result.error()).contains("Step 'a' (test_which_datasource) failed: No database connection is "
                + "configured: register a data source with DataflowEngine.builder().dataSource(name, dataSource).");
        assertThat(engine().build().tablePrefix()).isEmpty();
    }

    @Test
    void publishingAMapReplacesTheMapPublishedBefore() {
        try (TestDatabase main = TestDatabase.h2()) {
            RunResult result = engine().dataSource("main", main.dataSource()).build().run(flow(null));

            assertThat(result.variable("steps.a.data")).contains(Map.of());
        }
    }

    @Test
    void namesAndPrefixesAreChecked() {
        try (TestDatabase main = TestDatabase.h2()) {
            DataflowEngine.Builder b = engine().dataSource("main", main.dataSource());
            assertThatThrownBy(() -> b.dataSource("main", main.dataSource()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("data source name registered twice: main");
            assertThatThrownBy(() -> b.dataSource("a b", main.dataSource()))
                    .hasMessage("data source name must match [A-Za-z0-9_.-]+: a b");
            assertThatThrownBy(() -> b.tablePrefix("mdl;"))
                    .hasMessage("table prefix must match [A-Za-z0-9_]*: mdl;");
        }
    }
}

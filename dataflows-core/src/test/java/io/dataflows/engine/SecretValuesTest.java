package io.dataflows.engine;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.StateStores;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.internal.util.Json;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StateStore;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A value that flows into a secret config field is secret: wherever it comes from (a run option, a variable, another
 * step), it never shows in results, run states, the run history, errors, exceptions, listeners' views, exports or
 * {@code toString()}; and errors never quote the text of a secret value.
 */
class SecretValuesTest {

    private static final String SECRET = "Hunter2xyz";
    private static final StepSpec CONNECTOR = StepSpec.of(TestConnector.ID);

    private final TestKit kit = new TestKit();

    @BeforeEach
    void reset() {
        ShowsItsConfig.SEEN.clear();
    }

    /** Everything a host or a user can see of a run, as one text. */
    private static String everything(RunResult result, StateStore store, RecordingResults listener) {
        StringWriter trace = new StringWriter();
        result.failure().ifPresent(f -> f.printStackTrace(new PrintWriter(trace)));
        return Json.write(result.variables()) + "\n" + result + "\n" + result.error().orElse("") + "\n" + trace
                + "\n" + store.runs(result.dataflowName()) + "\n" + listener.seen + "\n" + ShowsItsConfig.SEEN;
    }

    /** Keeps what a listener is shown of each finished run. */
    private static final class RecordingResults implements RunListener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void runFinished(RunResult result) {
            seen.add(result + " " + Json.write(result.variables()) + " " + result.failure().map(f -> {
                StringWriter w = new StringWriter();
                f.printStackTrace(new PrintWriter(w));
                return w.toString();
            }).orElse(""));
        }
    }

    @Test
    void aRunOptionThatFlowsIntoASecretFieldNeverShows() {
        StateStore store = StateStores.inMemory();
        RecordingResults listener = new RecordingResults();
        DataflowEngine engine = engine().stateStore(store).listener(listener).build();
        Dataflow flow = Dataflow.builder("leak")
                .var("wrapped", "${{ 'x-' ~ vars.pw }}")
                .step("a", CONNECTOR.with("secret", "${{ dataflow.vars.wrapped }}")
                        .with("value", "${{ dataflow.vars.pw }}").with("outcome", "fail"))
                .build();

        RunResult result = engine.run(flow, RunOptions.builder().var("pw", SECRET).build());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).contains("Step 'a' (test_connector) failed: boom with *****");
        assertThat(result.variable("dataflow.vars.pw")).contains("*****");
        assertThat(result.variable("dataflow.vars.wrapped")).contains("*****");
        assertThat(result.variable("steps.a.value")).contains("*****"); // a non-secret field that read the secret
        assertThat(everything(result, store, listener)).doesNotContain(SECRET).contains("boom with *****");
        // The exception handed to the host still tells what failed, and how.
        assertThat(result.failure().orElseThrow().getCause()).hasMessage("boom with *****")
                .hasToString("java.lang.IllegalStateException: boom with *****");
        assertThat(result.failure().orElseThrow().getCause().getStackTrace()).isNotEmpty();
    }

    @Test
    void aStepVarOrAConfigValueThatASecretFieldReadsIsSecretToo() {
        StateStore store = StateStores.inMemory();
        RecordingResults listener = new RecordingResults();
        Dataflow flow = Dataflow.builder("derived")
                .step("b", CONNECTOR).stepVar("token", "${{ 'tok-' ~ dataflow.vars.seed }}")
                .step("c", CONNECTOR.with("secret", "${{ steps.b.vars.token ~ config.value }}")
                        .with("value", "Literal-in-plain-field").with("outcome", "fail")).dependsOn("b")
                .build();

        RunResult result = engine().stateStore(store).listener(listener).build()
                .run(flow, RunOptions.builder().var("seed", SECRET).build());

        assertThat(result.variable("dataflow.vars.seed")).contains("*****");
        assertThat(result.variable("steps.b.vars.token")).contains("*****");
        assertThat(result.variable("steps.c.config.value")).contains("*****");
        assertThat(result.variable("steps.c.value")).contains("*****");
        assertThat(result.error()).contains("Step 'c' (test_connector) failed: boom with *****");
        assertThat(everything(result, store, listener)).doesNotContain(SECRET).doesNotContain("Literal-in-plain");
    }

    @Test
    void aSecretFromTheProviderNeverShowsAndAStepSeesItsValue() {
        StateStore store = StateStores.inMemory();
        RecordingResults listener = new RecordingResults();
        Dataflow flow = Dataflow.builder("provided")
                .step("a", StepSpec.of(ShowsItsConfig.ID).with("secret", "${{ secrets.db }}")
                        .with("plain", "shown"))
                .build();

        RunResult result = engine().stateStore(store).listener(listener)
                .secretProvider(SecretProvider.of(java.util.Map.of("db", SECRET))).build().run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(ShowsItsConfig.SEEN).containsExactly(
                "toString: {secret=*****, plain=shown}",
                "template: *****",
                "length: " + SECRET.length());
        assertThat(everything(result, store, listener)).doesNotContain(SECRET);
    }

    @Test
    void validationNeverQuotesTheTextOfASecretFieldOrOfAVariableItReads() {
        Dataflow flow = Dataflow.builder("invalid")
                .var("pw", SECRET + " ${{ oops")
                .step("a", CONNECTOR.with("secret", SECRET + " ${{ dataflow.vars.pw ~ steps.nope.x }}"))
                .step("b", CONNECTOR.with("secret", SECRET + " ${{ oops"))
                .step("c", CONNECTOR.with("secret", "${{ " + SECRET + "( }}"))
                .build();

        List<String> problems = engine().build().validate(flow).problems().stream().map(Problem::toString)
                .collect(Collectors.toList());

        assertThat(problems).containsExactly(
                "dataflow: Invalid expression in vars.pw: '${{' without '}}' at position 12 (secret: its text is not "
                        + "shown).",
                "a: Unknown step in the expression of config.secret (secret: its text is not shown).",
                "b: Invalid expression in config.secret: '${{' without '}}' at position 12 (secret: its text is not "
                        + "shown).",
                "c: Invalid expression in config.secret: syntax error at position 12 (secret: its text is not "
                        + "shown).");
    }

    @Test
    void aFailingExpressionInASecretFieldSaysWhatIsWrongWithoutItsTextOrValues() {
        StateStore store = StateStores.inMemory();
        RecordingResults listener = new RecordingResults();
        DataflowEngine engine = engine().stateStore(store).listener(listener).build();
        Dataflow typeError = Dataflow.builder("type")
                .step("a", CONNECTOR.with("secret", "${{ dataflow.vars.pw + 1 }}").with("outcome", "fail"))
                .build();
        Dataflow failingVariable = Dataflow.builder("var")
                .var("pw", "${{ vars.base * 2 }}")
                .var("base", SECRET)
                .step("a", CONNECTOR.with("secret", "${{ dataflow.vars.pw }}").with("outcome", "fail"))
                .build();

        RunResult first = engine.run(typeError, RunOptions.builder().var("pw", SECRET).build());
        RunResult second = engine.run(failingVariable);

        assertThat(first.error()).contains("Step 'a' (test_connector) failed: Cannot evaluate the secret value: an "
                + "operation on its values failed (secret: its text is not shown) (config.secret)");
        assertThat(second.error()).contains("Step 'a' (test_connector) failed: Cannot evaluate the secret variable "
                + "dataflow.vars.pw: an operation on its values failed (secret: its text is not shown) "
                + "(config.secret)");
        assertThat(second.variable("dataflow.vars.pw")).contains("*****");
        assertThat(everything(first, store, listener) + everything(second, store, listener)).doesNotContain(SECRET)
                .doesNotContain("vars.base * 2");
    }

    @Test
    void anExportWritesTheVariablesASecretFieldReadsAsStars() {
        Dataflow flow = Dataflow.builder("exported")
                .var("pw", SECRET)
                .var("user", "admin")
                .step("a", CONNECTOR.with("secret", "${{ dataflow.vars.pw }}"))
                .step("b", CONNECTOR.with("secret", "prefix ${{ dataflow.vars.user }}"))
                .build();
        StepRegistry registry = engine().build().registry();

        String yaml = Definitions.toYaml(flow, registry);

        assertThat(yaml).doesNotContain(SECRET).contains("pw: '*****'").contains("user: '*****'")
                .contains("secret: '${{ dataflow.vars.pw }}'") // names where the value comes from: re-imports
                .contains("secret: '*****'");
        assertThat(Definitions.toJson(flow, registry)).doesNotContain(SECRET);
    }

    @Test
    void aStepVarTakenFromRecordsThatASecretFieldReadsIsRedacted() {
        StateStore store = StateStores.inMemory();
        RecordingResults listener = new RecordingResults();
        Dataflow flow = Dataflow.builder("set")
                .step("read", StepSpec.of(ArraySource.ID).with("source", List.of(map("p", SECRET))))
                .step("keep", StepSpec.of(CollectingSink.ID)).dependsOn("read")
                .stepVar("last", "${{ record.p }}")
                .step("use", CONNECTOR.with("secret", "${{ steps.keep.vars.last }}").with("outcome", "fail"))
                .dependsOn("keep")
                .build();

        RunResult result = engine().stateStore(store).listener(listener).build().run(flow);

        assertThat(result.error()).contains("Step 'use' (test_connector) failed: boom with *****");
        assertThat(result.variable("steps.keep.vars.last")).contains("*****");
        assertThat(result.variable("steps.keep.record.p")).contains("*****"); // once known, redacted everywhere
        // The secret is data in the reader's config here, so the start state has it; everything after does not.
        var run = store.runs("set").get(0);
        assertThat(Json.write(result.variables()) + result + run.endState() + run.error() + listener.seen)
                .doesNotContain(SECRET);
    }

    private DataflowEngine.Builder engine() {
        return DataflowEngine.builder().stepRegistry(StepRegistry.builder().discover().add(new ArraySource())
                .add(kit.sink()).add(kit.connector()).add(new ShowsItsConfig()).build());
    }

    /** Records what its config shows when printed, and that the secret reached it. */
    static final class ShowsItsConfig implements ConnectorStep {
        static final String ID = "test_shows_config";
        static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String id() {
            return ID;
        }

        @Override
        public StepKind kind() {
            return StepKind.CONNECTOR;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder()
                    .field(ConfigField.of("secret", FieldType.STRING).secret())
                    .field(ConfigField.of("plain", FieldType.STRING))
                    .build();
        }

        @Override
        public Outcome run(StepContext context) {
            SEEN.add("toString: " + context.config());
            SEEN.add("template: " + context.config().template("secret"));
            SEEN.add("length: " + context.config().string("secret").length());
            return Outcome.CONTINUE;
        }
    }
}

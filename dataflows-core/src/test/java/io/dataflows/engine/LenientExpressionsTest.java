package io.dataflows.engine;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.ExpressionMode;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Lenient expressions: what tool_dataflows did with an expression it could not evaluate — an error, or a null
 * value — is keep its {@code ${{ … }}} text in the value, and carry on. Strict stays the default.
 */
@ResourceLock("io.dataflows.expressions")
class LenientExpressionsTest {

    private final TestKit kit = new TestKit();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void capture() throws InterruptedException {
        logger = logback("io.dataflows.expressions");
        logged.start();
        logger.addAppender(logged);
    }

    /** The Logback logger; while test classes start SLF4J in parallel, it may hand out a stand-in for a moment. */
    private static Logger logback(String name) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            if (LoggerFactory.getLogger(name) instanceof Logger l) {
                return l;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("SLF4J did not start Logback");
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    private static Dataflow flow(boolean lenientConfig) {
        Dataflow.Builder b = Dataflow.builder("migrated")
                .var("name", "Bob")
                .var("nothing", null)
                .var("text", "plain");
        if (lenientConfig) {
            b.config(Dataflow.EXPRESSIONS, "lenient");
        }
        return b.step("a", StepSpec.of(TestConnector.ID).with("value",
                        "Hello ${{ dataflow.vars.name }}, ${{ dataflow.vars.nothing }} and ${{ dataflow.vars.text + 1 }}"))
                .step("b", StepSpec.of(TestConnector.ID).with("value", "${{ dataflow.vars.nothing }}")).dependsOn("a")
                .build();
    }

    private List<String> warnings() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void whatCannotBeResolvedKeepsItsTextAsInPhp() {
        // PHP: a null result or an error leaves the ${{ }} text in place; the other parts are evaluated
        RunResult r = kit.builder().build().run(flow(true));

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.variable("steps.a.value"))
                .contains("Hello Bob, ${{ dataflow.vars.nothing }} and ${{ dataflow.vars.text + 1 }}");
        assertThat(r.variable("steps.b.value")).contains("${{ dataflow.vars.nothing }}");
        assertThat(warnings()).containsExactly(
                "a: expression ${{ dataflow.vars.nothing }} in config.value could not be resolved and is kept as "
                        + "text (lenient expressions): 'dataflow.vars.nothing' is null, which lenient expressions "
                        + "treat as not set",
                "a: expression ${{ dataflow.vars.text + 1 }} in config.value could not be resolved and is kept as "
                        + "text (lenient expressions): Unsupported operand for '+': 'plain' is not a number",
                "b: expression ${{ dataflow.vars.nothing }} in config.value could not be resolved and is kept as "
                        + "text (lenient expressions): 'dataflow.vars.nothing' is null, which lenient expressions "
                        + "treat as not set");
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void aVariableWhoseValueIsNullIsNotSetAsInPhp(ExpressionMode mode) {
        // PHP: tool_dataflows left null values out of what an expression saw, so an expression reading one failed
        // and kept its text even where null would have been an operand, and isset() found nothing
        Dataflow flow = Dataflow.builder("nulls")
                .config(Dataflow.EXPRESSIONS, "lenient")
                .var("nothing", null)
                .start("read", StepSpec.of(ArraySource.ID).with("source", list(map("a", 1, "note", null))))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .stepVar("joined", "${{ dataflow.vars.nothing ~ 'x' }}|${{ record.note ~ 'x' }}|${{ record.a ~ 'x' }}")
                .stepVar("plus", "${{ dataflow.vars.nothing + 1 }}")
                .stepVar("set", "${{ isset(dataflow.vars.nothing) ? 'set' : 'not set' }}")
                .stepVar("fallback", "${{ dataflow.vars.nothing ?? 'default' }}")
                .stepVar("whole", "${{ count(record) }} ${{ intval(record) }} ${{ record == {a: 1, note: null} }}")
                .build();

        RunResult r = kit.builder().expressionMode(mode).build().run(flow);

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.variable("steps.sink.vars.joined"))
                .contains("${{ dataflow.vars.nothing ~ 'x' }}|${{ record.note ~ 'x' }}|1x");
        assertThat(r.variable("steps.sink.vars.plus")).contains("${{ dataflow.vars.nothing + 1 }}");
        assertThat(r.variable("steps.sink.vars.set")).contains("not set");
        assertThat(r.variable("steps.sink.vars.fallback")).contains("default");
        assertThat(r.variable("steps.sink.vars.whole")).contains("2 1 1");
        assertThat(warnings()).contains("sink: expression ${{ record.note ~ 'x' }} in vars.joined could not be "
                + "resolved and is kept as text (lenient expressions): 'record.note' is null, which lenient "
                + "expressions treat as not set");
    }

    @Test
    void strictIsTheDefault() {
        RunResult r = kit.builder().build().run(flow(false));

        assertThat(r.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("Unsupported operand for '+'"));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void theEngineSettingMakesEveryFlowLenient() {
        DataflowEngine engine = kit.builder().lenientExpressions(true).build();

        RunResult r = engine.run(flow(false));

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.variable("steps.b.value")).contains("${{ dataflow.vars.nothing }}");
    }

    @Test
    void eachUnresolvedExpressionIsLoggedOncePerRunNotPerRecord() {
        Dataflow flow = Dataflow.builder("per-record")
                .config(Dataflow.EXPRESSIONS, "lenient")
                .start("read", StepSpec.of(ArraySource.ID).with("source",
                        list(map("a", 1, "note", null), map("a", 2, "note", null), map("a", 3, "note", null))))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .stepVar("last", "${{ record.a }}: ${{ record.note }}")
                .build();

        RunResult r = kit.builder().build().run(flow);

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.variable("steps.sink.vars.last")).contains("3: ${{ record.note }}");
        assertThat(warnings()).containsExactly("sink: expression ${{ record.note }} in vars.last could not be "
                + "resolved and is kept as text (lenient expressions): 'record.note' is null, which lenient "
                + "expressions treat as not set");
    }

    @Test
    void unknownNamesInTemplatesAreWarningsOfValidationWhenLenient() {
        // PHP never checked names before a run; a lenient flow is valid, and the run keeps the text
        Dataflow flow = Dataflow.builder("names")
                .config(Dataflow.EXPRESSIONS, "lenient")
                .step("a", StepSpec.of(TestConnector.ID).with("value", "id=${{ dataflow.vars.courseid }}"))
                .build();
        DataflowEngine engine = kit.builder().build();

        assertThat(engine.validate(flow).isValid()).isTrue();
        assertThat(engine.validate(flow).warnings()).extracting(Object::toString).containsExactly(
                "warning: a: Unknown variable 'dataflow.vars.courseid' in expression 'dataflow.vars.courseid' "
                        + "(config.value). Define it under 'vars', or test it with isset() or ??.");
        assertThat(engine.run(flow).variable("steps.a.value")).contains("id=${{ dataflow.vars.courseid }}");

        Dataflow strict = flow.toBuilder().config(Dataflow.EXPRESSIONS, "strict").build();
        assertThat(engine.validate(strict).isValid()).isFalse();
        assertThat(engine.validate(strict).errors()).hasSize(1);
    }

    @Test
    void theConfigKeyTakesStrictOrLenientOnly() {
        Dataflow flow = Dataflow.builder("x").config(Dataflow.EXPRESSIONS, "loose")
                .step("a", StepSpec.of(TestConnector.ID)).build();

        assertThat(kit.builder().build().validate(flow).problems()).extracting(Object::toString).containsExactly(
                "dataflow: Config 'expressions' is invalid. It must be strict or lenient.");
    }
}

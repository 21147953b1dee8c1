package io.dataflows.engine;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowAbortedException;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.DataflowValidationException;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.StateStores;
import io.dataflows.StepExecutionException;
import io.dataflows.StepSpec;
import io.dataflows.Trigger;
import io.dataflows.internal.util.Json;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.RecordingListener;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSemanticsTest {

    private static final StepSpec CONNECTOR = StepSpec.of(TestConnector.ID);

    private final TestKit kit = new TestKit();

    private static StepSpec source(List<Map<String, Object>> records) {
        return StepSpec.of(ArraySource.ID).with("source", records);
    }

    @Test
    void connectorChainRunsInOrderAndEveryStepEndsFinalised() {
        Dataflow flow = Dataflow.builder("d1")
                .step("c", CONNECTOR).dependsOn("b")
                .step("a", CONNECTOR)
                .step("b", CONNECTOR).dependsOn("a")
                .build();
        RunResult result = kit.builder().build().run(flow);

        assertThat(kit.connector().executions()).containsExactly("a", "b", "c");
        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.steps().values()).allSatisfy(s -> assertThat(s.status()).isEqualTo(RunStatus.FINALISED));
        assertThat(result.variable("steps.b.states.blocked")).isPresent();
        assertThat(result.variable("steps.b.states.processing")).isPresent();
        assertThat(result.variable("steps.b.states.finished")).isPresent();
        assertThat(result.variable("steps.a.states.blocked")).isEmpty();
    }

    @Test
    void cancelledConnectorCancelsItsDownstreamAndTheRunStillFinalises() {
        // tool_dataflows turned this into an abort
        Dataflow flow = Dataflow.builder("d2")
                .start("a", CONNECTOR)
                .then("b", CONNECTOR.with("outcome", "cancel"))
                .then("c", CONNECTOR)
                .then("read", source(list(map("x", 1))))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build();
        RunResult result = kit.builder().build().run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.connector().executions()).containsExactly("a", "b");
        assertThat(result.step("a").status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.step("b").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.step("c").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.step("read").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.step("sink").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(kit.sink().records("sink")).isEmpty();
        assertThat(result.failure()).isEmpty();
    }

    @Test
    void failingConnectorAbortsTheRunWithoutThrowingAndLaterStepsDoNotRun() {
        Dataflow flow = Dataflow.builder("d3")
                .start("a", CONNECTOR)
                .then("b", CONNECTOR.with("outcome", "fail"))
                .then("c", CONNECTOR)
                .build();
        RunResult result = kit.builder().build().run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("a").status()).isEqualTo(RunStatus.FINISHED);
        assertThat(result.step("b").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("c").status()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(result.variable("steps.c.states.not_run")).isPresent();
        StepExecutionException failure = result.failure().orElseThrow();
        assertThat(failure.stepAlias()).contains("b");
        assertThat(failure.stepType()).isEqualTo("test_connector");
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class);
        assertThat(failure.getMessage()).isEqualTo("Step 'b' (test_connector) failed: boom with null");
        assertThatThrownBy(result::orThrow).isSameAs(failure);
    }

    @Test
    void failingFlowStepReportsTheRecordNumberAndAbortsTheStream() {
        // Strict expressions fail on the record that lacks the field
        Dataflow flow = Dataflow.builder("d3f")
                .start("read", source(list(map("a", 1), map("a", 2), map("b", 3))))
                .then("sink", StepSpec.of(CollectingSink.ID)).stepVar("a", "${{ record.a }}")
                .build();
        RunResult result = kit.builder().build().run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(kit.sink().records("sink")).hasSize(3);
        StepExecutionException failure = result.failure().orElseThrow();
        assertThat(failure.stepAlias()).contains("sink");
        assertThat(failure.recordNumber()).hasValue(3);
        assertThat(failure.getMessage()).isEqualTo("Step 'sink' (test_sink) failed on record #3: Unknown variable "
                + "'record.a' (known: b) in expression 'record.a' (vars.a)");
        assertThat(result.step("read").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.variable("steps.sink.vars.a")).contains(2L);
    }

    @Test
    void abortRequestedByAStepIsAnAbortedRunWithTheReason() {
        Dataflow flow = Dataflow.builder("abort")
                .start("a", CONNECTOR.with("outcome", "abort"))
                .then("b", CONNECTOR)
                .build();
        RunResult result = kit.builder().build().run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure()).get().isInstanceOf(DataflowAbortedException.class);
        assertThat(result.error()).contains("Dataflow aborted by step 'a': stop here");
        assertThat(kit.connector().executions()).containsExactly("a");
    }

    @Test
    void invalidDataflowIsRefusedBeforeAnyStepRuns() {
        Dataflow flow = Dataflow.builder("invalid").step("read", source(list(map("a", 1)))).build();
        DataflowEngine engine = kit.builder().build();

        assertThatThrownBy(() -> engine.run(flow))
                .isInstanceOf(DataflowValidationException.class)
                .hasMessageStartingWith("Trying to run an invalid dataflow.")
                .hasMessageContaining("read: Cannot have zero output links. Requires 1 output flow link and no "
                        + "output connectors.");
    }

    @Test
    void disabledDataflowRunsManuallyButNotAutomatically() {
        Dataflow flow = Dataflow.builder("disabled").enabled(false).step("a", CONNECTOR).build();
        DataflowEngine engine = kit.builder().build();

        assertThatThrownBy(() -> engine.run(flow, RunOptions.builder().trigger(Trigger.AUTOMATED).build()))
                .isInstanceOf(DataflowException.class)
                .hasMessage("Trying to run a disabled dataflow.");
        assertThat(engine.run(flow).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(engine.run(flow, RunOptions.builder().dryRun(true).build()).status())
                .isEqualTo(RunStatus.FINALISED);
    }

    @Test
    void secondRunOfANonConcurrentDataflowIsBlockedWhileTheLockIsHeld() {
        StateStore store = StateStores.inMemory();
        DataflowEngine engine = kit.builder().stateStore(store).build();
        Dataflow flow = Dataflow.builder("locked").step("a", CONNECTOR).build();
        try (StateStore.Lock held = store.tryLock("locked").orElseThrow()) {
            RunResult blocked = engine.run(flow);
            assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);
            assertThat(kit.connector().executions()).isEmpty();
            assertThatThrownBy(blocked::orThrow).hasMessage("Dataflow 'locked' is locked by another run");
        }
        assertThat(engine.run(flow).status()).isEqualTo(RunStatus.FINALISED);
        Dataflow concurrent = flow.toBuilder().concurrencyEnabled(true).build();
        try (StateStore.Lock held = store.tryLock("locked").orElseThrow()) {
            assertThat(engine.run(concurrent).status()).isEqualTo(RunStatus.FINALISED);
        }
    }

    @Test
    void runHistoryKeepsStartAndEndStatesAndNumbersRuns() {
        StateStore store = StateStores.inMemory();
        DataflowEngine engine = kit.builder().stateStore(store).build();
        Dataflow flow = Dataflow.builder("history").step("a", CONNECTOR.with("outcome", "fail")).build();

        RunResult first = engine.run(flow);
        RunResult second = engine.run(flow);

        assertThat(first.runName()).isEqualTo("1");
        assertThat(second.runName()).isEqualTo("2");
        assertThat(store.runs("history")).hasSize(2);
        var record = store.runs("history").get(0);
        assertThat(record.status()).isEqualTo("aborted");
        assertThat(record.error()).isEqualTo("Step 'a' (test_connector) failed: boom with null");
        assertThat(record.finishedAt()).isNotNull();
        assertThat(record.startState()).contains("\"new\"").doesNotContain("finalised");
        assertThat(record.endState()).contains("\"aborted\"");
    }

    @Test
    void listenersSeeRunAndStepEventsInOrder() {
        RecordingListener listener = new RecordingListener();
        Dataflow flow = Dataflow.builder("listen")
                .start("read", source(list(map("a", 1), map("a", 2))))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .then("after", CONNECTOR)
                .build();
        kit.builder().listener(listener).build().run(flow);

        assertThat(listener.events()).containsExactly(
                "runStarted listen",
                "stepStarted read", "stepStarted sink",
                "progress read 2",
                "stepFinished read finished in=0 out=2", "stepFinished sink finished in=2 out=2",
                "stepStarted after", "stepFinished after finished in=0 out=0",
                "runFinished finalised");
    }

    @Test
    void secretsNeverAppearInResultsStatesOrErrors() {
        DataflowEngine engine = kit.builder()
                .secretProvider(SecretProvider.of(Map.of("token", "s3cr3t-token")))
                .build();
        Dataflow flow = Dataflow.builder("secrets")
                .start("a", CONNECTOR.with("secret", "OHNOYOUWERENTSUPPOSEDTOSEEME").with("outcome", "fail"))
                .build();
        RunResult result = engine.run(flow);

        String everything = Json.write(result.variables()) + result.error().orElse("")
                + engine.stateStore().runs("secrets").toString();
        assertThat(everything).doesNotContain("OHNOYOUWERENTSUPPOSEDTOSEEME").contains("*****");
        assertThat(result.variable("steps.a.config.secret")).contains("*****");
        assertThat(result.error()).contains("Step 'a' (test_connector) failed: boom with *****");

        Dataflow viaProvider = Dataflow.builder("secrets2")
                .start("a", CONNECTOR.with("secret", "${{ secrets.token }}").with("outcome", "fail")
                        .with("value", "${{ secrets.token }}"))
                .build();
        RunResult second = engine.run(viaProvider);
        assertThat(Json.write(second.variables()) + second.error().orElse("")).doesNotContain("s3cr3t-token");
        assertThat(second.error().orElseThrow()).contains("boom with *****");
        assertThat(second.variable("steps.a.value")).contains("*****");
    }

    @Test
    void dryRunSkipsEffectsOutsideScratchAndReportsThem(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.txt");
        Dataflow flow = Dataflow.builder("dry")
                .start("a", CONNECTOR.with("path", target.toString()))
                .build();
        DataflowEngine engine = kit.builder().permittedDirectory(dir).build();

        RunResult dry = engine.run(flow, RunOptions.builder().dryRun(true).build());
        assertThat(dry.isDryRun()).isTrue();
        assertThat(dry.effects()).extracting(Object::toString).containsExactly("a: would write " + target);
        // a step type that gives no kind reports OTHER, with the file's absolute path as target
        assertThat(dry.effects()).containsExactly(Effect.of("a", Effect.Kind.OTHER, target.toString(),
                "write " + target));
        assertThat(Files.exists(target)).isFalse();

        RunResult real = engine.run(flow);
        assertThat(real.effects()).isEmpty();
        assertThat(Files.readString(target)).isEqualTo("x");
    }

    @Test
    void relativePathsResolveAgainstTheBaseDirectoryAndEscapesAreRefused(@TempDir Path dir) throws Exception {
        DataflowEngine engine = kit.builder().build();
        RunOptions options = RunOptions.builder().baseDir(dir).build();

        RunResult ok = engine.run(Dataflow.builder("rel").step("a", CONNECTOR.with("path", "sub/../x.txt"))
                .build(), options);
        assertThat(ok.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(dir.resolve("x.txt"))).isEqualTo("x");

        RunResult escape = engine.run(Dataflow.builder("esc").step("a", CONNECTOR.with("path",
                "${{ '../escape.txt' }}")).build(), options);
        assertThat(escape.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(escape.error().orElseThrow()).contains("Path \"../escape.txt\" is not permitted. (config 'path')");
        assertThat(Files.exists(dir.getParent().resolve("escape.txt"))).isFalse();

        Files.createSymbolicLink(dir.resolve("link"), dir.getParent());
        RunResult symlink = engine.run(Dataflow.builder("sym").step("a", CONNECTOR.with("path",
                "${{ 'link/evil.txt' }}")).build(), options);
        assertThat(symlink.error().orElseThrow()).contains("Path \"link/evil.txt\" is not permitted.");
        assertThat(Files.exists(dir.getParent().resolve("evil.txt"))).isFalse();
    }

    @Test
    void runVariablesDescribeTheRun(@TempDir Path dir) {
        Dataflow flow = Dataflow.builder("runvars").step("a", CONNECTOR.with("value",
                "${{ run.name ~ '/' ~ run.dryrun ~ '/' ~ run.trigger.type }}")).build();
        RunResult r = kit.builder().build().run(flow, RunOptions.builder().baseDir(dir).build());

        assertThat(r.variable("steps.a.value")).contains("1//manual");
        assertThat(r.variable("run.trigger")).contains(Map.of("type", "manual"));
        assertThat(r.variable("run.id")).contains(r.runId());
        assertThat(r.variable("run.basedir")).contains(dir.toAbsolutePath().normalize().toString());
        assertThat(r.variable("steps.a.config.value")).contains(
                "${{ run.name ~ '/' ~ run.dryrun ~ '/' ~ run.trigger.type }}");
    }

    @Test
    void theTriggerAndItsDetailsAreRunVariablesAndTheRecordKeepsTheTrigger() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("payload", map("courseid", 7L, "note", "${{ secrets.never }}"));
        details.put("headers", map("x-request-id", "abc"));
        details.put("address", "127.0.0.1");
        Dataflow flow = Dataflow.builder("hooked").step("a", CONNECTOR.with("value",
                "${{ run.trigger.type ~ ':' ~ run.trigger.payload.courseid ~ ':' ~ run.trigger.payload.note }}"))
                .build();
        DataflowEngine engine = kit.builder().build();

        RunResult r = engine.run(flow, RunOptions.builder().trigger(Trigger.WEBHOOK, details).build());

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.variable("steps.a.value")).contains("webhook:7:${{ secrets.never }}");
        assertThat(r.variable("run.trigger")).contains(map("type", "webhook", "payload",
                map("courseid", 7L, "note", "${{ secrets.never }}"), "headers", map("x-request-id", "abc"),
                "address", "127.0.0.1"));
        assertThat(engine.stateStore().runs("hooked")).extracting(RunRecord::trigger).containsExactly("webhook");
        assertThatThrownBy(() -> RunOptions.builder().trigger(Trigger.CRON, Map.of("type", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run.trigger.type is the trigger's label; the details cannot set it");
        assertThatThrownBy(() -> RunOptions.builder().trigger(Trigger.CRON, Map.of("scheduledat", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'run.trigger.scheduledat' has a value of unsupported type java.time.Instant "
                        + "(records hold strings, booleans, numbers, lists, maps and null)");
    }

    @Test
    void recordsOfStepsAreExportedAsTheLastInputRecord() {
        Dataflow flow = Dataflow.builder("rec")
                .start("read", source(list(map("a", 1), map("a", 2))))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build();
        RunResult r = kit.builder().build().run(flow);

        assertThat(r.variable("steps.sink.record")).contains(map("a", 2L));
        assertThat(r.variable("steps.read.record")).contains(map("a", 2L));
        assertThat(r.variable("steps.read.iterations")).contains(2L);
        assertThat(kit.sink().records("sink")).containsExactly(DataRecord.of("a", 1), DataRecord.of("a", 2));
        assertThat(r.variable("steps.sink.states.waiting")).isPresent();
        assertThat(r.variable("steps.sink.states.flowing")).isPresent();
        assertThat(r.variable("steps.sink.states.finalised")).isPresent();
        assertThat((String) r.variable("dataflow.states.finalised").orElseThrow())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @SuppressWarnings("unused")
    private static Optional<Object> none() {
        return Optional.empty();
    }
}

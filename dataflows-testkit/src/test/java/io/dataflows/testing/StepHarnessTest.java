package io.dataflows.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import io.dataflows.DataflowValidationException;
import io.dataflows.Effect;
import io.dataflows.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepHarnessTest {

    @TempDir
    Path dir;

    @Test
    void aFlowStepGetsTheInputRecordsAndItsOutputIsCollectedInOrder() {
        try (StepHarness harness = StepHarness.of(new TaggingStep())) {
            StepRun run = harness.config(Map.of("field", "tag", "value", "${{ record.name }}!"))
                    .input(Map.of("id", 1L, "name", "ada"), Map.of("id", 2L, "name", "grace"))
                    .input(DataRecord.of("id", 3L, "name", "${{ not evaluated }}"))
                    .run();

            assertThat(run.status()).isEqualTo(RunStatus.FINALISED);
            assertThat(run.stepStatus()).isEqualTo(RunStatus.FINALISED);
            assertThat(run.maps()).containsExactly(
                    Map.of("id", 1L, "name", "ada", "tag", "ada!"),
                    Map.of("id", 2L, "name", "grace", "tag", "grace!"),
                    Map.of("id", 3L, "name", "${{ not evaluated }}", "tag", "${{ not evaluated }}!"));
            assertThat(run.stepResult().recordsIn()).isEqualTo(3);
            assertThat(run.stepResult().recordsOut()).isEqualTo(3);
            assertThat(run.vars()).isEqualTo(Map.of("tagged", 3L));
            assertThat(run.stepVariables()).containsEntry("vars", Map.of("tagged", 3L));
            assertThat(run.variable("steps.step.config.field")).contains("tag");
            assertThat(run.output()).containsExactly("tagging 1 with ada!", "tagging 2 with grace!",
                    "tagging 3 with ${{ not evaluated }}!");
            assertThat(run.events()).containsExactly("stepStarted harness_input", "stepStarted step",
                    "stepStarted harness_output", "stepFinished harness_input finished in=0 out=3",
                    "stepFinished step finished in=3 out=3", "stepFinished harness_output finished in=3 out=0",
                    "runFinished finalised");
            assertThat(run.logLines()).hasSize(10).startsWith("tagging 1 with ada!").endsWith("runFinished finalised");
            assertThat(run.error()).isEmpty();
            assertThat(run.effects()).isEmpty();
        }
    }

    @Test
    void aReaderRunsAloneAndItsRecordsAreCollected() {
        try (StepHarness harness = StepHarness.of(new CountingReader())) {
            StepRun run = harness.config("count", 3).run();

            assertThat(run.status()).isEqualTo(RunStatus.FINALISED);
            assertThat(run.maps()).containsExactly(Map.of("n", 1L), Map.of("n", 2L), Map.of("n", 3L));
        }
    }

    @Test
    void aFailedRunReturnsItsStatusAndError() {
        try (StepHarness harness = StepHarness.of(new CountingReader())) {
            StepRun run = harness.config("count", -1).run();

            assertThat(run.status()).isEqualTo(RunStatus.ABORTED);
            assertThat(run.stepStatus()).isEqualTo(RunStatus.ABORTED);
            assertThat(run.error()).hasValueSatisfying(e -> assertThat(e).contains("count must not be negative: -1"));
            assertThat(run.failure()).isPresent();
            assertThat(run.records()).isEmpty();
            assertThat(run.events()).last().asString().startsWith("runFinished aborted: ")
                    .contains("count must not be negative: -1");
        }
    }

    @Test
    void anInvalidConfigFailsValidation() {
        try (StepHarness harness = StepHarness.of(new CountingReader())) {
            assertThatThrownBy(harness::run).isInstanceOf(DataflowValidationException.class)
                    .hasMessageContaining("count");
        }
    }

    @Test
    void aConnectorRunsAloneInAFreshBaseDirectoryDeletedOnClose() throws Exception {
        Path base;
        try (StepHarness harness = StepHarness.of(new NoteConnector())) {
            StepRun run = harness.config(Map.of("path", "note.txt", "text", "hello", "token", "${{ secrets.tok }}"))
                    .secret("tok", "s3cr3t-value").run();

            assertThat(run.status()).isEqualTo(RunStatus.FINALISED);
            base = run.baseDirectory();
            assertThat(Files.readString(base.resolve("note.txt"))).isEqualTo("hello");
            assertThat(run.records()).isEmpty();
            assertThat(run.vars()).isEqualTo(Map.of("written", "note.txt"));
            assertThat(run.output()).containsExactly("wrote note with token *****");

            StepRun second = harness.run();
            assertThat(second.baseDirectory()).isNotEqualTo(base);
            assertThat(second.baseDirectory().resolve("note.txt")).hasContent("hello");
        }
        assertThat(base).doesNotExist();
    }

    @Test
    void aDryRunReportsTheEffectAndWritesNothing() {
        try (StepHarness harness = StepHarness.of(new NoteConnector()).baseDirectory(dir)) {
            StepRun run = harness.config(Map.of("path", "note.txt", "text", "hello")).dryRun(true).run();

            assertThat(run.status()).isEqualTo(RunStatus.FINALISED);
            assertThat(run.effects()).containsExactly(Effect.of("step", Effect.Kind.WRITE,
                    dir.resolve("note.txt").toString(), "write " + dir.resolve("note.txt")));
            assertThat(dir.resolve("note.txt")).doesNotExist();
        }
        assertThat(dir).exists();
    }

    @Test
    void theClockIsFixedUnlessGiven() {
        try (StepHarness harness = StepHarness.of(new TaggingStep())) {
            harness.config(Map.of("field", "at", "value", "${{ date('Y-m-d H:i', time()) }}")).input(Map.of("id", 1L));

            assertThat(harness.run().maps()).containsExactly(Map.of("id", 1L, "at", "2024-01-01 00:00"));
            harness.clock(Clock.fixed(Instant.parse("2030-06-07T08:09:10Z"), ZoneOffset.UTC));
            assertThat(harness.run().maps()).containsExactly(Map.of("id", 1L, "at", "2030-06-07 08:09"));
        }
    }

    @Test
    void engineSettingsAndOtherStepTypesReachTheEngine() {
        try (StepHarness harness = StepHarness.of(new TaggingStep()).stepTypes(new CountingReader())
                .env("region", "nz").engine(b -> b.globalVar("team", "data"))) {
            StepRun run = harness.config(Map.of("field", "region", "value", "${{ env.region }}-${{ global.vars.team }}"))
                    .input(Map.of("id", 1L)).run();

            assertThat(run.maps()).containsExactly(Map.of("id", 1L, "region", "nz-data"));
            assertThat(harness.stepRegistry().ids()).containsExactly("acme_count", "acme_tag", "harness_input",
                    "harness_output");
        }
    }

    @Test
    void eachOutputOfARoutingStepIsCollected() {
        try (StepHarness harness = StepHarness.of(new ParityStep())) {
            StepRun run = harness.input(Map.of("n", 1L), Map.of("n", 2L), Map.of("n", 3L)).run();

            assertThat(run.status()).isEqualTo(RunStatus.FINALISED);
            assertThat(run.records("odd")).containsExactly(DataRecord.of("n", 1L), DataRecord.of("n", 3L));
            assertThat(run.records("even")).containsExactly(DataRecord.of("n", 2L));
            assertThat(run.maps()).containsExactly(Map.of("n", 1L), Map.of("n", 2L), Map.of("n", 3L));
            assertThatThrownBy(() -> run.records("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("No output ''; the outputs collected: [even, odd]");
        }
    }

    @Test
    void inputToAReaderIsRefused() {
        try (StepHarness harness = StepHarness.of(new CountingReader())) {
            harness.config("count", 1).input(Map.of("n", 1L));

            assertThatThrownBy(harness::run).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Step type 'acme_count' is a reader: it reads no input records; remove the input(...)");
        }
    }

    @Test
    void theDataflowIsExportable() {
        try (StepHarness harness = StepHarness.of(new TaggingStep()).config(Map.of("field", "a", "value", "b"))) {
            assertThat(harness.dataflow().aliases()).containsExactly("harness_input", "step", "harness_output");
            assertThat(harness.dataflow().step("step").orElseThrow().config()).isEqualTo(Map.of("field", "a",
                    "value", "b"));
            assertThat(List.copyOf(harness.dataflow().step("harness_output").orElseThrow().dependsOn()))
                    .containsExactly("step");
        }
    }
}

package io.dataflows.dot;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestKit;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStateTest {

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private static String stateJson(String steps, String status, String error) {
        return "{\"dataflow\": \"flow\", \"run\": {\"id\": \"r\", \"name\": \"1\", \"dryrun\": false}, \"status\": "
                + status + ", \"error\": " + error + ", \"variables\": {\"global\": {}, \"steps\": {" + steps + "}}}";
    }

    @Test
    void stepStatusIsTheOneWithTheLatestTimestamp() {
        RunState state = RunState.fromJson(stateJson("\"a\": {\"states\": {"
                + "\"new\": \"2026-01-01T00:00:00.000Z\", \"finished\": \"2026-01-01T00:00:02.000Z\","
                + " \"processing\": \"2026-01-01T00:00:01.000Z\", \"aborted\": null}}", "\"finalised\"", "null"));

        assertThat(state.status("a")).contains(RunStatus.FINISHED);
        assertThat(state.runStatus()).contains(RunStatus.FINALISED);
        assertThat(state.dataflowName()).contains("flow");
        assertThat(state.error()).isEmpty();
        assertThat(state.failedStep()).isEmpty();
    }

    @Test
    void equalTimestampsGoToTheStatusWrittenLater() {
        RunState state = RunState.fromJson(stateJson("\"a\": {\"states\": {"
                + "\"new\": \"2026-01-01T00:00:00.000Z\", \"initialised\": \"2026-01-01T00:00:00.000Z\"}}",
                "\"processing\"", "null"));

        assertThat(state.status("a")).contains(RunStatus.INITIALISED);
    }

    @Test
    void phpMicrotimeSecondsAreUnderstoodToo() {
        RunState state = RunState.fromJson(stateJson("\"a\": {\"states\": {"
                + "\"flowing\": 1700000000.25, \"finished\": 1700000000.5, \"waiting\": 1700000000.125}}",
                "\"finalised\"", "null"));

        assertThat(state.status("a")).contains(RunStatus.FINISHED);
    }

    @Test
    void iterationsAreKeptButRecordCountsAreUnknown() {
        RunState state = RunState.fromJson(stateJson("\"r\": {\"states\": {}, \"iterations\": 7}, \"c\": {}",
                "\"finalised\"", "null"));

        assertThat(state.iterations("r")).isEqualTo(OptionalLong.of(7));
        assertThat(state.recordsIn("r")).isEmpty();
        assertThat(state.recordsOut("r")).isEmpty();
        assertThat(state.status("r")).isEmpty();
        assertThat(state.status("c")).isEmpty();
        assertThat(state.status("unknown")).isEmpty();
        assertThat(state.steps()).containsExactly("r", "c");
    }

    @Test
    void failedStepIsReadFromTheErrorMessage() {
        String steps = "\"a\": {}, \"b\": {}";
        assertThat(RunState.fromJson(stateJson(steps, "\"aborted\"",
                "\"Step 'b' (test_connector) failed: boom\"")).failedStep()).contains("b");
        assertThat(RunState.fromJson(stateJson(steps, "\"aborted\"",
                "\"Dataflow aborted by step 'a' on record #2: too many\"")).failedStep()).contains("a");
        assertThat(RunState.fromJson(stateJson(steps, "\"aborted\"",
                "\"Step 'zz' (x) failed: not a step of this flow\"")).failedStep()).isEmpty();
        assertThat(RunState.fromJson(stateJson(steps, "\"aborted\"", "\"something else\"")).error())
                .contains("something else");
    }

    @Test
    void stepSummariesGiveStatusesAndRecordCountsAndKeepTheIterations() {
        // the summary's "aborted" wins over the latest entry of the variables' states
        RunState state = RunState.fromJson("{\"dataflow\": \"flow\", \"status\": \"aborted\", \"error\": null,"
                + " \"failedstep\": null, \"failedrecord\": null, \"steps\": {"
                + "\"r\": {\"status\": \"aborted\", \"recordsin\": 0, \"recordsout\": 5, \"millis\": 3},"
                + "\"w\": {\"status\": \"not_run\", \"recordsin\": -1, \"recordsout\": 2.5, \"millis\": 0}},"
                + " \"variables\": {\"steps\": {\"r\": {\"states\": {\"finished\": \"2026-01-01T00:00:00.000Z\"},"
                + " \"iterations\": 5}, \"other\": {\"iterations\": 1}}}}");

        assertThat(state.status("r")).contains(RunStatus.ABORTED);
        assertThat(state.recordsIn("r")).isEqualTo(OptionalLong.of(0));
        assertThat(state.recordsOut("r")).isEqualTo(OptionalLong.of(5));
        assertThat(state.iterations("r")).isEqualTo(OptionalLong.of(5));
        assertThat(state.status("w")).contains(RunStatus.NOT_RUN);
        assertThat(state.recordsIn("w")).isEmpty(); // not a count
        assertThat(state.recordsOut("w")).isEmpty();
        assertThat(state.steps()).containsExactly("r", "w"); // the summary lists the steps
        assertThat(state.failedStep()).isEmpty();
    }

    @Test
    void summariesAloneAreEnoughWithoutVariables() {
        RunState state = RunState.fromJson("{\"status\": \"finalised\", \"steps\": {"
                + "\"a\": {\"status\": \"finalised\", \"recordsin\": 2, \"recordsout\": 2, \"millis\": 0}}}");

        assertThat(state.status("a")).contains(RunStatus.FINALISED);
        assertThat(state.recordsIn("a")).isEqualTo(OptionalLong.of(2));
        assertThatThrownBy(() -> RunState.fromJson("{\"steps\": {\"a\": []}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a run-state document: \"steps.a\" must be an object");
    }

    @Test
    void theFailedStepFieldWinsOverTheErrorMessageEvenWhenNull() {
        String steps = "\"steps\": {\"a\": {\"status\": \"finished\"}, \"b\": {\"status\": \"aborted\"}}";
        String error = "\"error\": \"Step 'a' (test_connector) failed: boom\"";

        assertThat(RunState.fromJson("{" + error + ", \"failedstep\": \"b\", " + steps + "}").failedStep())
                .contains("b");
        assertThat(RunState.fromJson("{" + error + ", \"failedstep\": null, " + steps + "}").failedStep())
                .isEmpty();
        assertThat(RunState.fromJson("{" + error + ", \"failedstep\": \"zz\", " + steps + "}").failedStep())
                .isEmpty(); // not a step of this state
        assertThat(RunState.fromJson("{" + error + ", " + steps + "}").failedStep()).contains("a"); // older file
    }

    @Test
    void documentsThatAreNotRunStatesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> RunState.fromJson("{\"status\": "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid JSON: ");
        assertThatThrownBy(() -> RunState.fromJson("[1, 2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a run-state document: the document must be an object");
        assertThatThrownBy(() -> RunState.fromJson("{\"variables\": {}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a run-state document: \"variables.steps\" must be an object");
        assertThatThrownBy(() -> RunState.fromJson(stateJson("\"a\": 3", "null", "null")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a run-state document: \"variables.steps.a\" must be an object");
    }

    @Test
    void readsAFileAndReportsAMissingOne() throws Exception {
        Path f = dir.resolve("state.json");
        Files.writeString(f, stateJson("\"a\": {\"states\": {\"finalised\": \"2026-01-01T00:00:00.000Z\"}}",
                "\"finalised\"", "null"));

        assertThat(RunState.read(f).status("a")).contains(RunStatus.FINALISED);
        assertThatThrownBy(() -> RunState.read(dir.resolve("missing.json")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot read run state " + dir.resolve("missing.json"));
    }

    @Test
    void fromARunResultKnowsRecordsInAndOutAndTheFailure() {
        kit.sink().reset();
        Dataflow flow = Dataflow.builder("f")
                .start("read", StepSpec.of("test_source").with("source", List.of(map("a", 1), map("a", 2))))
                .then("sink", StepSpec.of("test_sink"))
                .then("fail", StepSpec.of("test_connector").with("outcome", "fail"))
                .build();
        RunResult result = kit.builder().build().run(flow);

        RunState state = RunState.of(result);

        assertThat(state.runStatus()).contains(RunStatus.ABORTED);
        assertThat(state.status("sink")).contains(RunStatus.FINISHED);
        assertThat(state.recordsIn("sink")).isEqualTo(OptionalLong.of(2));
        assertThat(state.recordsOut("read")).isEqualTo(OptionalLong.of(2));
        assertThat(state.iterations("read")).isEmpty();
        assertThat(state.failedStep()).contains("fail");
        assertThat(state.error()).contains("Step 'fail' (test_connector) failed: boom with null");
        assertThat(state).hasToString("RunState[f: aborted, 3 steps, failed: fail]");
    }
}

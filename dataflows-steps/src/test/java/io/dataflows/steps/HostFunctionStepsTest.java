package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Effect;
import io.dataflows.HostCall;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** flow_web_service, connector_update_user and flow_update_user calling functions registered on the engine. */
class HostFunctionStepsTest {

    private final TestKit kit = new TestKit();
    private final List<HostCall> calls = Collections.synchronizedList(new ArrayList<>());

    /** An engine with a read-only {@code lookup}, a writing {@code save} and a writing {@code update_user}. */
    private final DataflowEngine engine = kit.builder()
            .readOnlyHostFunction("lookup", call -> {
                calls.add(call);
                Object id = call.parameters().get("id");
                if (Long.valueOf(2).equals(id)) {
                    throw new IllegalStateException("no user " + id);
                }
                return Map.of("x", "X" + id, "n", 1);
            })
            .hostFunction("save", call -> {
                calls.add(call);
                return List.of(true, 1.5f);
            })
            .hostFunction("update_user", call -> {
                calls.add(call);
                return "updated";
            })
            .build();

    private static final List<Map<String, Object>> PEOPLE = list(map("id", 1, "name", "Ann"), map("id", 2,
            "name", "Bo"), map("id", 3, "name", "Cy"));

    private static Dataflow webService(List<Map<String, Object>> records, StepSpec ws) {
        return webService(records, ws, "${{ steps.ws.result.x }}");
    }

    /** Reads the records through {@code ws}, then sets their field {@code found} to {@code found}. */
    private static Dataflow webService(List<Map<String, Object>> records, StepSpec ws, String found) {
        return Dataflow.builder("ws-flow")
                .start("read", StepSpec.of(ArraySource.ID).with("source", records))
                .then("ws", ws)
                .then("alter", Steps.alter().set("found", found))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build();
    }

    @Test
    void callsTheFunctionPerRecordWithTheRecordsParametersAndPublishesItsResult() {
        List<Map<String, Object>> two = list(map("id", 1, "name", "Ann"), map("id", 3, "name", "Cy"));
        RunResult result = engine.run(webService(two, StepSpec.of("flow_web_service")
                .with("webservice", "lookup")
                .with("user", "admin")
                .with("path", "ignored/path")
                .with("parameters", map("id", "${{ record.id }}", "greeting", "hi ${{ record.name }}",
                        "nested", map("names", List.of("${{ record.name }}", 3), "fixed", true)))));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(calls).extracting(HostCall::parameters).containsExactly(
                map("id", 1L, "greeting", "hi Ann", "nested", map("names", List.of("Ann", 3L), "fixed", true)),
                map("id", 3L, "greeting", "hi Cy", "nested", map("names", List.of("Cy", 3L), "fixed", true)));
        HostCall first = calls.get(0);
        assertThat(first.function()).isEqualTo("lookup");
        assertThat(first.user()).contains("admin");
        assertThat(first.dataflowName()).isEqualTo("ws-flow");
        assertThat(first.stepAlias()).isEqualTo("ws");
        assertThat(first.runId()).isEqualTo(result.runId());
        assertThat(kit.sink().maps("sink")).containsExactly(map("id", 1L, "name", "Ann", "found", "X1"),
                map("id", 3L, "name", "Cy", "found", "X3"));
        assertThat(result.variable("steps.ws.result")).contains(map("x", "X3", "n", 1L));
    }

    @Test
    void abortFlowFailsTheStepOnTheFailingRecord() {
        RunResult result = engine.run(webService(PEOPLE, StepSpec.of("flow_web_service")
                .with("webservice", "lookup").with("parameters", map("id", "${{ record.id }}"))));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException failure = result.failure().orElseThrow();
        assertThat(failure.getMessage())
                .isEqualTo("Step 'ws' (flow_web_service) failed on record #2: Host function 'lookup' failed: no user 2");
        assertThat(failure.recordNumber()).hasValue(2);
        assertThat(failure).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(kit.sink().maps("sink")).containsExactly(map("id", 1L, "name", "Ann", "found", "X1"));
    }

    @Test
    void skipRecordDropsOnlyTheFailingRecord() {
        RunResult result = engine.run(webService(PEOPLE, StepSpec.of("flow_web_service")
                .with("webservice", "lookup").with("failure", "skiprecord")
                .with("parameters", map("id", "${{ record.id }}"))));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(calls).hasSize(3);
        assertThat(kit.sink().maps("sink")).containsExactly(map("id", 1L, "name", "Ann", "found", "X1"),
                map("id", 3L, "name", "Cy", "found", "X3"));
    }

    @Test
    void onlyAbortFlowAndSkipRecordAreFailureModes() {
        Dataflow flow = webService(PEOPLE, StepSpec.of("flow_web_service").with("webservice", "lookup")
                .with("failure", "record"));

        assertThat(engine.validate(flow).problems()).containsExactly(Problem.ofStep("ws", "config.failure",
                "Config 'failure' is invalid. Allowed values: abortflow, skiprecord."));
    }

    @Test
    void aFunctionThatIsNotRegisteredIsAValidationProblemNamingTheRegisteredOnes() {
        Dataflow flow = webService(PEOPLE, StepSpec.of("flow_web_service").with("webservice", "nope"));

        assertThat(engine.validate(flow).problems()).containsExactly(Problem.ofStep("ws", "config.webservice",
                "Host function 'nope' is not registered. Registered: lookup, save, update_user."));
        assertThat(kit.builder().build().validate(flow).problems()).containsExactly(Problem.ofStep("ws",
                "config.webservice", "Host function 'nope' is not registered. The engine has no host functions: "
                        + "register them with DataflowEngine.builder().hostFunction(name, function) or "
                        + ".readOnlyHostFunction(name, function)."));
    }

    @Test
    void aTemplatedFunctionNameIsCheckedWhenTheStepRuns() {
        Dataflow flow = webService(PEOPLE, StepSpec.of("flow_web_service")
                .with("webservice", "${{ record.name }}"));

        assertThat(engine.validate(flow).problems()).isEmpty();
        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'ws' (flow_web_service) failed on "
                + "record #1: Host function 'Ann' is not registered. Registered: lookup, save, update_user.");
        assertThat(result.failure().orElseThrow().recordNumber()).hasValue(1);
    }

    @Test
    void aDryRunCallsReadOnlyFunctionsAndReportsTheOthers() {
        List<Map<String, Object>> two = list(map("id", 1, "name", "Ann"), map("id", 3, "name", "Cy"));
        RunOptions dry = RunOptions.builder().dryRun(true).build();

        RunResult read = engine.run(webService(two, StepSpec.of("flow_web_service").with("webservice", "lookup")
                .with("parameters", map("id", "${{ record.id }}"))), dry);

        assertThat(read.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(read.effects()).isEmpty();
        assertThat(calls).hasSize(2);
        assertThat(kit.sink().maps("sink")).extracting(m -> m.get("found")).containsExactly("X1", "X3");

        calls.clear();
        kit.sink().reset();
        RunResult write = engine.run(webService(two, StepSpec.of("flow_web_service").with("webservice", "save"),
                "${{ steps.ws.result }}"), dry);

        assertThat(write.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(calls).isEmpty();
        assertThat(write.effects()).containsExactly(Effect.of("ws", Effect.Kind.REQUEST, "save",
                "call host function save"));
        assertThat(write.effects().get(0)).hasToString("ws: would call host function save");
        assertThat(kit.sink().maps("sink")).containsExactly(map("id", 1L, "name", "Ann", "found", null),
                map("id", 3L, "name", "Cy", "found", null));
        assertThat(write.variable("steps.ws.result")).isEmpty();
    }

    @Test
    void resultsAreNormalisedAndOtherTypesRefusedNamingTheFunction() {
        RunResult saved = engine.run(webService(list(map("id", 1)), StepSpec.of("flow_web_service")
                .with("webservice", "save"), "${{ steps.ws.result }}"));

        assertThat(saved.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(saved.variable("steps.ws.result")).contains(List.of(true, 1.5d));

        DataflowEngine odd = kit.builder().hostFunction("clock", call -> Instant.EPOCH).build();
        RunResult result = odd.run(webService(list(map("id", 1)), StepSpec.of("flow_web_service")
                .with("webservice", "clock").with("failure", "skiprecord")));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'ws' (flow_web_service) failed on "
                + "record #1: Host function 'clock' returned a value of unsupported type java.time.Instant (results are null, "
                + "booleans, numbers, text, lists and maps).");
    }

    @Test
    void parametersMayBeJsonOrYamlTextAsToolDataflowsExportsThem() {
        List<Map<String, Object>> one = list(map("id", 3, "name", "Cy"));

        RunResult json = engine.run(webService(one, StepSpec.of("flow_web_service").with("webservice", "lookup")
                .with("parameters", "{\"id\": \"${{ record.id }}\", \"tags\": [\"a\", \"${{ record.name }}\"]}")));
        RunResult yaml = engine.run(webService(one, StepSpec.of("flow_web_service").with("webservice", "lookup")
                .with("parameters", "id: ${{ record.id }}\ntags:\n  - a\n  - ${{ record.name }}\n")));

        assertThat(json.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(yaml.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(calls).extracting(HostCall::parameters).containsExactly(
                map("id", 3L, "tags", List.of("a", "Cy")), map("id", 3L, "tags", List.of("a", "Cy")));
    }

    @Test
    void yesNoOnAndOffInParameterTextAreText() {
        RunResult result = engine.run(webService(list(map("id", 3)), StepSpec.of("flow_web_service")
                .with("webservice", "lookup").with("parameters", "a: yes\nb: Off\nc: true\nd: n\n")));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(calls).extracting(HostCall::parameters).containsExactly(
                map("a", "yes", "b", "Off", "c", true, "d", "n"));
    }

    @Test
    void parameterTextThatIsNotAMapIsAValidationProblemNamingTheField() {
        Dataflow notJson = webService(PEOPLE, StepSpec.of("flow_web_service").with("webservice", "lookup")
                .with("parameters", "{\"id\": ${{ record.id }}}"));
        Dataflow aList = webService(PEOPLE, StepSpec.of("flow_web_service").with("webservice", "lookup")
                .with("parameters", "[1, 2]"));

        assertThat(engine.validate(notJson).problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("config.parameters");
            assertThat(p.message()).startsWith("Config 'parameters' is invalid: it is not valid JSON or YAML at line 1")
                    .endsWith("(write each ${{ }} inside a quoted text value).");
        });
        assertThat(engine.validate(aList).problems()).containsExactly(Problem.ofStep("ws", "config.parameters",
                "Config 'parameters' is invalid: it must be a map, or JSON or YAML text of a map."));
    }

    @Test
    void parameterTextIsReadWithinLimitsAndWithoutAliases() {
        String alias = "a: &x {b: 1}\nc: *x\n";
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        String big = "a: '" + "x".repeat(70_000) + "'";

        assertThat(problem(alias)).isEqualTo(
                "Config 'parameters' is invalid: YAML aliases are not supported: write the value out in full.");
        assertThat(problem(deep)).isEqualTo("Config 'parameters' is invalid: it is nested deeper than 32 levels.");
        assertThat(problem("[" + "1,".repeat(12_000) + "1]")).isEqualTo(
                "Config 'parameters' is invalid: it has more than 10000 keys and values.");
        assertThat(problem(big)).isEqualTo("Config 'parameters' is invalid: its text of 70005 characters is longer "
                + "than the limit of 65536.");
    }

    private String problem(String parameters) {
        List<Problem> problems = engine.validate(webService(PEOPLE, StepSpec.of("flow_web_service")
                .with("webservice", "lookup").with("parameters", parameters))).problems();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).field()).isEqualTo("config.parameters");
        return problems.get(0).message();
    }

    @Test
    void updateUserCallsUpdateUserWithTheUserIdAndFieldsWithoutPasswordOrAuth() {
        RunResult result = engine.run(Dataflow.builder("users")
                .start("read", StepSpec.of(ArraySource.ID).with("source", list(map("id", 7, "city", "Nelson"))))
                .then("update", StepSpec.of("flow_update_user").with("userid", "${{ record.id }}")
                        .with("fields", map("city", "${{ record.city }}", "password", "hunter2", "auth", "nologin",
                                "firstname", "Ann")))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.function()).isEqualTo("update_user");
            assertThat(call.parameters()).isEqualTo(map("userid", 7L, "fields",
                    map("city", "Nelson", "firstname", "Ann")));
            assertThat(call.user()).isEmpty();
        });
        assertThat(result.variable("steps.update.result")).contains("updated");
        assertThat(kit.sink().maps("sink")).containsExactly(map("id", 7L, "city", "Nelson"));
    }

    @Test
    void theConnectorFormTakesYamlTextFieldsAndIsSkippedInADryRun() {
        Dataflow flow = Dataflow.builder("one-user")
                .step("update", StepSpec.of("connector_update_user").with("userid", 12)
                        .with("fields", "firstname: Ann\nauth: manual\nprofile_field_colour: blue\n"))
                .build();

        RunResult dry = engine.run(flow, RunOptions.builder().dryRun(true).build());

        assertThat(dry.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(calls).isEmpty();
        assertThat(dry.effects()).extracting(Effect::toString)
                .containsExactly("update: would call host function update_user");

        RunResult real = engine.run(flow);

        assertThat(real.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(calls).extracting(HostCall::parameters).containsExactly(map("userid", 12L, "fields",
                map("firstname", "Ann", "profile_field_colour", "blue")));
    }

    @Test
    void updateUserStepsNeedAnUpdateUserFunctionAndTheirFields() {
        Dataflow flow = Dataflow.builder("no-host")
                .step("update", StepSpec.of("connector_update_user").with("userid", 12))
                .build();

        assertThat(kit.builder().hostFunction("other", call -> null).build().validate(flow).problems())
                .containsExactlyInAnyOrder(
                        Problem.ofStep("update", "config.fields", "Config 'fields' is missing."),
                        Problem.ofStep("update", null,
                                "Host function 'update_user' is not registered. Registered: other."));
    }

    @Test
    void aUserIdThatEvaluatesToNothingFailsTheRecordWithoutACall() {
        RunResult result = engine.run(Dataflow.builder("no-id")
                .start("read", StepSpec.of(ArraySource.ID).with("source", list(map("id", 7), map("name", "x"))))
                .then("update", StepSpec.of("flow_update_user").with("userid", "${{ record.id ?? '' }}")
                        .with("fields", map("city", "x")))
                .build());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'update' (flow_update_user) failed "
                + "on record #2: Config 'userid' is missing (its template evaluated to nothing).");
        assertThat(calls).extracting(HostCall::parameters)
                .containsExactly(map("userid", 7L, "fields", map("city", "x")));
    }

    @Test
    void theFactoriesBuildTheSameDefinitions() {
        assertThat(Steps.webService("lookup", map("id", "${{ record.id }}"))).isEqualTo(StepSpec
                .of("flow_web_service").with("webservice", "lookup").with("parameters", map("id", "${{ record.id }}")));
        assertThat(Steps.connectorUpdateUser(12, map("city", "x"))).isEqualTo(StepSpec.of("connector_update_user")
                .with("userid", 12).with("fields", map("city", "x")));
        assertThat(Steps.flowUpdateUser("${{ record.id }}", map("city", "x"))).isEqualTo(StepSpec
                .of("flow_update_user").with("userid", "${{ record.id }}").with("fields", map("city", "x")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Steps.webService(" ", map()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("function must not be blank");
    }

    @Test
    void aFailingUpdateFailsTheStep() {
        DataflowEngine failing = kit.builder().hostFunction("update_user", call -> {
            throw new IllegalArgumentException("user 12 does not exist");
        }).build();

        RunResult result = failing.run(Dataflow.builder("fail")
                .step("update", StepSpec.of("connector_update_user").with("userid", 12)
                        .with("fields", map("city", "x")))
                .build());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo(
                "Step 'update' (connector_update_user) failed: Host function 'update_user' failed: user 12 does "
                        + "not exist");
    }
}

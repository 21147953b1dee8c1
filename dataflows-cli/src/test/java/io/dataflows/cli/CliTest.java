package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.internal.util.Json;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.CollectingSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(CollectingSink.DISCOVERED_LOCK)
class CliTest {

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        CollectingSink.discovered().reset();
    }

    private Path flow(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private Path simpleFlow() throws IOException {
        return flow("simple.yml",
                "name: simple",
                "vars:",
                "  n: 1",
                "steps:",
                "  read:",
                "    type: test_source",
                "    config:",
                "      source: [{a: 1}, {a: 2}]",
                "  sink:",
                "    type: test_sink",
                "    depends_on: read",
                "    vars:",
                "      last: ${{ record.a * dataflow.vars.n }}",
                "  after:",
                "    type: test_connector",
                "    depends_on: sink",
                "    config:",
                "      value: ${{ global.vars.g ~ '/' ~ dataflow.vars.n }}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return (Map<String, Object>) Json.read(Files.readString(file));
    }

    @Test
    void runSucceedsAndWritesTheStateOut() throws IOException {
        Path stateOut = dir.resolve("out/state.json");
        CliResult r = CliResult.run("run", simpleFlow().toString(), "--var", "n=5", "--global", "g=hello",
                "--state-dir", dir.resolve("state").toString(), "--state-out", stateOut.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).isEmpty();
        Map<String, Object> state = json(stateOut);
        assertThat(state.keySet()).containsExactly("dataflow", "run", "status", "error", "failedstep",
                "failedrecord", "steps", "effects", "variables");
        assertThat(state.get("effects")).isEqualTo(List.of());
        assertThat(state.get("dataflow")).isEqualTo("simple");
        assertThat(state.get("status")).isEqualTo("finalised");
        assertThat(state.get("error")).isNull();
        assertThat(cast(state.get("run"))).containsEntry("name", "1").containsEntry("dryrun", false);
        Map<String, Object> variables = cast(state.get("variables"));
        assertThat(variables.keySet()).containsExactly("global", "dataflow", "run", "steps");
        assertThat(cast(cast(cast(variables.get("steps")).get("sink")).get("vars"))).containsEntry("last", 10L);
        assertThat(cast(cast(variables.get("dataflow")).get("vars"))).containsEntry("n", 5L);
        assertThat(cast(cast(cast(variables.get("steps")).get("after"))).get("value")).isEqualTo("hello/5");
        assertThat(CollectingSink.discovered().records("sink")).hasSize(2);
    }

    @Test
    void varAndGlobalValuesReadYesNoOnAndOffAsText() throws IOException {
        Path stateOut = dir.resolve("out/words.json");
        CliResult r = CliResult.run("run", simpleFlow().toString(), "--var", "n=5", "--var", "w=on", "--global",
                "g=no", "--state-dir", dir.resolve("state").toString(), "--state-out", stateOut.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        Map<String, Object> variables = cast(json(stateOut).get("variables"));
        assertThat(cast(cast(variables.get("dataflow")).get("vars"))).containsEntry("w", "on");
        assertThat(cast(variables.get("global")).get("vars")).isEqualTo(Map.of("g", "no"));
        assertThat(cast(cast(variables.get("steps")).get("after")).get("value")).isEqualTo("no/5");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void abortedRunExitsOneAndStillWritesTheStateOut() throws IOException {
        Path f = flow("fail.yml",
                "name: fail",
                "steps:",
                "  a:",
                "    type: test_connector",
                "    config: {outcome: fail}");
        Path stateOut = dir.resolve("state.json");
        CliResult r = CliResult.run("run", f.toString(), "--state-dir", dir.resolve("s").toString(),
                "--state-out", stateOut.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Run aborted: Step 'a' (test_connector) failed: boom with null");
        assertThat(json(stateOut)).containsEntry("status", "aborted")
                .containsEntry("error", "Step 'a' (test_connector) failed: boom with null");
    }

    @Test
    void invalidFlowExitsTwoWithOneLinePerProblemAndNoStateOut() throws IOException {
        Path f = flow("invalid.yml",
                "name: invalid",
                "steps:",
                "  w:",
                "    type: test_sink",
                "  c:",
                "    type: test_connector",
                "    config: {outcom: x}");
        Path stateOut = dir.resolve("state.json");
        CliResult r = CliResult.run("run", f.toString(), "--state-dir", dir.resolve("s").toString(),
                "--state-out", stateOut.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "w: Cannot have zero input links. Requires 1 input flow link and no input connectors.",
                "warning: c: Unknown config key 'outcom' in dataflow 'invalid' is ignored. Did you mean 'outcome'? "
                        + "Known keys: outcome, value, secret, path.");
        assertThat(Files.exists(stateOut)).isFalse();
        assertThat(CliResult.run("validate", f.toString()).exit()).isEqualTo(2);
    }

    @Test
    void theAwsStepTypesAreKnown() throws IOException {
        Path good = flow("sns.yml", "name: sns", "steps:", "  notify:", "    type: connector_sns_notify",
                "    config: {region: ap-southeast-2, topic: alerts, message: hello}");
        Path keyOnly = flow("sns-key.yml", "name: sns-key", "steps:", "  notify:", "    type: connector_sns_notify",
                "    config: {region: ap-southeast-2, key: AKIDEXAMPLE, topic: alerts, message: hello}");

        CliResult valid = CliResult.run("validate", good.toString());
        CliResult invalid = CliResult.run("validate", keyOnly.toString());

        assertThat(valid.exit()).isEqualTo(0);
        assertThat(valid.out().trim()).isEqualTo(good + ": dataflow 'sns' is valid (1 step)");
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err().trim()).isEqualTo("notify: Config 'key' and 'secret' go together: give both, or "
                + "neither to use the AWS SDK's default credentials.");
    }

    @Test
    void syntaxErrorsPointAtFileLineAndColumn() throws IOException {
        Path f = flow("broken.yml", "name: broken", "steps:", "  a:", "    type: test_connector", "  a:",
                "    type: test_connector");
        CliResult r = CliResult.run("validate", f.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().trim()).isEqualTo(f + ":5:3: Duplicate key 'a'.");
        assertThat(CliResult.run("run", dir.resolve("missing.yml").toString()).err().trim())
                .isEqualTo(dir.resolve("missing.yml") + ": File not found.");
    }

    @Test
    void validateReportsAValidFlowOnStdout() throws IOException {
        CliResult r = CliResult.run("validate", simpleFlow().toString());
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains("dataflow 'simple' is valid (3 steps)");
    }

    @Test
    void versionPrintsOneLineAndTheHelpStillListsEveryCommand() {
        for (String option : new String[] {"--version", "-V"}) {
            CliResult r = CliResult.run(option);
            assertThat(r.exit()).as(option).isZero();
            assertThat(r.out()).as(option).isEqualTo("dataflows development\n");
            assertThat(r.err()).as(option).isEmpty();
        }
        CliResult help = CliResult.run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("  run ", "  validate ", "  export ", "  steps ", "  dot ", "  report ",
                "  serve ", "  runs ");
    }

    @Test
    void usageErrorsExitSixtyFour() throws IOException {
        assertThat(CliResult.run().exit()).isEqualTo(64);
        assertThat(CliResult.run("frobnicate").exit()).isEqualTo(64);
        assertThat(CliResult.run("run").exit()).isEqualTo(64);
        assertThat(CliResult.run("run", simpleFlow().toString(), "--var", "novalue").err())
                .contains("Invalid value for --var: 'novalue' (expected NAME=VALUE)");
        assertThat(CliResult.run("run", simpleFlow().toString(), "--quiet", "--verbose").exit()).isEqualTo(64);
        assertThat(CliResult.run("export", simpleFlow().toString(), "--format", "xml").exit()).isEqualTo(64);
    }

    @Test
    void lockedDataflowExitsSeventyFiveWithoutStateOut() throws IOException {
        Path state = dir.resolve("state");
        Path stateOut = dir.resolve("state.json");
        try (Database db = Database.open(state, null, Map.of());
             StateStore.Lock held = StateStores.jdbc(db.dataSource()).tryLock("simple").orElseThrow()) {
            CliResult r = CliResult.run("run", simpleFlow().toString(), "--state-dir", state.toString(),
                    "--state-out", stateOut.toString());
            assertThat(r.exit()).isEqualTo(75);
            assertThat(r.err()).contains("Dataflow 'simple' is locked by another run; nothing ran.");
        }
        assertThat(Files.exists(stateOut)).isFalse();
        assertThat(CliResult.run("run", simpleFlow().toString(), "--state-dir", state.toString(), "--global",
                "g=x").exit()).isEqualTo(0);
    }

    @Test
    void persistedVariablesSurviveBetweenInvocations() throws IOException {
        Path f = flow("persist.yml",
                "name: persist",
                "vars: {count: 0}",
                "steps:",
                "  a:",
                "    type: test_connector",
                "    config: {value: '${{ dataflow.vars.count }}'}");
        Path state = dir.resolve("state");
        try (Database db = Database.open(state, null, Map.of())) {
            StateStores.jdbc(db.dataSource()).saveVariables("persist", Map.of("count", 41L));
        }
        Path stateOut = dir.resolve("s.json");

        CliResult r = CliResult.run("run", f.toString(), "--state-dir", state.toString(), "--state-out",
                stateOut.toString());

        assertThat(r.exit()).isEqualTo(0);
        assertThat(cast(cast(cast(json(stateOut).get("variables")).get("steps")).get("a")).get("value"))
                .isEqualTo(41L);
        try (Database db = Database.open(state, null, Map.of())) {
            assertThat(StateStores.jdbc(db.dataSource()).runs("persist")).hasSize(1);
        }
    }

    @Test
    void exportWritesYamlOrJson() throws IOException {
        CliResult yaml = CliResult.run("export", simpleFlow().toString());
        assertThat(yaml.exit()).isEqualTo(0);
        assertThat(yaml.out()).startsWith("name: simple\nvars:\n  'n': 1\nsteps:\n  read:\n    name: read\n");
        CliResult json = CliResult.run("export", simpleFlow().toString(), "--format", "json");
        assertThat(json.out()).startsWith("{\n    \"name\": \"simple\",");
    }

    @Test
    void stepsListsAndDescribesTypes() {
        CliResult list = CliResult.run("steps");
        assertThat(list.exit()).isEqualTo(0);
        assertThat(list.out()).contains("test_connector").contains("test_source");
        CliResult one = CliResult.run("steps", "test_connector");
        assertThat(one.out()).contains("config:").contains("  outcome (string, default continue, one of "
                + "continue|cancel|fail|abort)").contains("  secret (string, secret)");
        CliResult unknown = CliResult.run("steps", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("Unknown step type 'nope'. Known types: ");
    }
}

package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.internal.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warnings on the command line: tool_dataflows ignores config keys a step type does not know, so such a key is a
 * warning — printed by {@code validate} and {@code run}, with exit status 0 — and the flow runs.
 */
class WarningsCliTest {

    private static final String WARNING = "warning: notify: Unknown config key 'template' in dataflow 'leftovers' is "
            + "ignored. Known keys: outcome, value, secret, path.";

    @TempDir
    Path dir;

    private Path leftovers() throws IOException {
        Path f = dir.resolve("leftovers.yml");
        Files.writeString(f, String.join("\n",
                "name: leftovers",
                "steps:",
                "  notify:",
                "    type: test_connector",
                "    config:",
                "      value: 7",
                "      template: |",
                "        Hi, your admin userid is TBA",
                ""), StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void validatePrintsTheWarningAndExitsZero() throws IOException {
        Path f = leftovers();

        CliResult r = CliResult.run("validate", f.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.err().lines()).containsExactly(WARNING);
        assertThat(r.out()).isEqualTo(f + ": dataflow 'leftovers' is valid (1 step, 1 warning)\n");
    }

    @Test
    void runPrintsTheWarningOnStandardErrorAndRuns() throws IOException {
        Path f = leftovers();
        Path stateOut = dir.resolve("state.json");

        CliResult r = CliResult.run("run", f.toString(), "--state-dir", dir.resolve("s").toString(),
                "--state-out", stateOut.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.err().lines()).first().isEqualTo(WARNING);
        assertThat(r.out()).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) Json.read(Files.readString(stateOut));
        assertThat(state).containsEntry("status", "finalised");
    }

    @Test
    void aFlowWithLenientExpressionsInItsConfigIsValidWithWarningsAndRunsKeepingTheText() throws IOException {
        // PHP never checked the names in a template, and kept an expression it could not resolve as text
        Path f = dir.resolve("migrated.yml");
        Files.writeString(f, String.join("\n",
                "name: migrated",
                "config:",
                "  expressions: lenient",
                "steps:",
                "  a:",
                "    type: test_connector",
                "    config:",
                "      value: id=${{ dataflow.vars.courseid }}",
                ""), StandardCharsets.UTF_8);
        Path stateOut = dir.resolve("state.json");

        CliResult validate = CliResult.run("validate", f.toString());
        CliResult run = CliResult.run("run", f.toString(), "--state-dir", dir.resolve("s").toString(),
                "--state-out", stateOut.toString());
        Path strictFlow = dir.resolve("strict.yml");
        Files.writeString(strictFlow, Files.readString(f).replace("config:\n  expressions: lenient\n", ""));
        CliResult strict = CliResult.run("validate", strictFlow.toString());

        assertThat(validate.exit()).as(validate.err()).isEqualTo(0);
        assertThat(validate.err().lines()).containsExactly("warning: a: Unknown variable 'dataflow.vars.courseid' "
                + "in expression 'dataflow.vars.courseid' (config.value). Define it under 'vars', or test it with "
                + "isset() or ??.");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) Json.read(Files.readString(stateOut));
        @SuppressWarnings("unchecked")
        Map<String, Object> steps = (Map<String, Object>) ((Map<String, Object>) state.get("variables")).get("steps");
        assertThat(steps.get("a")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("value", "id=${{ dataflow.vars.courseid }}");
        assertThat(strict.exit()).isEqualTo(2);
        assertThat(strict.err()).startsWith("a: Unknown variable 'dataflow.vars.courseid'");
    }

    @Test
    void withAnErrorBothArePrintedAndTheExitStatusIsTwo() throws IOException {
        Path f = dir.resolve("mixed.yml");
        Files.writeString(f, String.join("\n",
                "name: mixed",
                "steps:",
                "  notify:",
                "    type: test_connector",
                "    config: {outcome: explode, templte: x}",
                ""), StandardCharsets.UTF_8);

        CliResult r = CliResult.run("validate", f.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(2).contains("warning: notify: Unknown config key 'templte' in dataflow "
                + "'mixed' is ignored. Known keys: outcome, value, secret, path.");
        assertThat(r.out()).isEmpty();
    }
}

package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of problem line, exactly as the command prints it:
 * {@code [warning: ][<file>:<line>:<column>: ]<subject>: <message>} — the subject is the step alias or
 * {@code dataflow}, and is left out only for problems of the file itself.
 */
class ProblemLinesCliTest {

    @TempDir
    Path dir;

    private Path flow(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private static CliResult validate(Path flow) {
        return CliResult.run("validate", flow.toString());
    }

    private static void assertLines(CliResult r, String... lines) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(lines);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void fileThatCannotBeRead() throws IOException {
        Path missing = dir.resolve("missing.yml");
        Path latin1 = dir.resolve("latin1.yml");
        Files.write(latin1, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertLines(validate(missing), missing + ": File not found.");
        assertLines(validate(latin1), latin1 + ": The file is not UTF-8 text.");
    }

    @Test
    void syntaxErrorsHaveALocationAndNoSubject() throws IOException {
        Path yaml = flow("syntax.yml", "name: x", "steps: [a, b");
        Path duplicate = flow("dup.yml", "name: x", "steps:", "  a:", "    type: test_connector", "  a:",
                "    type: test_connector");

        assertLines(validate(yaml), yaml + ":3:1: expected ',' or ']', but got <stream end> (while parsing a flow "
                + "sequence started at line 2, column 8)");
        assertLines(validate(duplicate), duplicate + ":5:3: Duplicate key 'a'.");
    }

    @Test
    void definitionErrorsOfAStepHaveALocationAndTheAlias() throws IOException {
        // Was: flow.yml:11:17: step 'out': The step dependency ...
        Path f = flow("dep.yml", "name: x", "steps:", "  out:", "    type: test_sink", "    depends_on: reed");

        assertLines(validate(f), f + ":5:17: out: The step dependency \"reed\" does not exist.");
    }

    @Test
    void definitionErrorsOfTheDataflowHaveALocationAndTheSubjectDataflow() throws IOException {
        Path f = flow("top.yml", "name: x", "stpes: {}");

        assertLines(validate(f), f + ":2:8: dataflow: Unknown key 'stpes'. Known keys: id, name, description, config, "
                + "vars, steps.");
    }

    @Test
    void validationProblemsOfStepsAndOfTheDataflow() throws IOException {
        Path f = flow("invalid.yml",
                "name: ''",
                "config: {enabled: true, loghandlers: '', colour: blue}",
                "steps:",
                "  w:",
                "    type: test_sink",
                "  " + "a".repeat(256) + ":",
                "    type: test_connector");

        assertLines(validate(f),
                "dataflow: The dataflow has no name.",
                "dataflow: Unknown config key 'colour'. Known keys: enabled, concurrencyenabled, loghandlers, "
                        + "notifyonabort, minloglevel, expressions.",
                "w: Cannot have zero input links. Requires 1 input flow link and no input connectors.",
                "a".repeat(60) + "…: The alias is 256 characters long; at most 255 are allowed.");
    }

    @Test
    void aNameLongerThanTheRunHistoryColumnIsAShortProblem() throws IOException {
        // The run failed on the database with the whole name in a 120 KB message.
        Path f = flow("long.json", "{\"name\": \"" + "n".repeat(120_000) + "\", \"steps\": {\"a\": {\"type\": "
                + "\"test_connector\"}}}");

        CliResult validate = validate(f);
        CliResult run = CliResult.run("run", f.toString(), "--state-dir", dir.resolve("state").toString());

        assertLines(validate, "dataflow: The name is 120000 characters long; at most 1000 are allowed.");
        assertLines(run, "dataflow: The name is 120000 characters long; at most 1000 are allowed.");
    }

    @Test
    void unknownDataflowVariablesAndCyclesAreFoundBeforeTheRun() throws IOException {
        Path f = flow("vars.yml",
                "name: vars",
                "vars:",
                "  count: 1",
                "  a: ${{ dataflow.vars.b }}",
                "  b: ${{ dataflow.vars.a }}",
                "steps:",
                "  c:",
                "    type: test_connector",
                "    config: {value: '${{ dataflow.vars.cuont }}'}");

        assertLines(CliResult.run("run", f.toString(), "--state-dir", dir.resolve("state").toString()),
                "dataflow: Reference cycle between variables: dataflow.vars.a → dataflow.vars.b → dataflow.vars.a.",
                "c: Unknown variable 'dataflow.vars.cuont' in expression 'dataflow.vars.cuont' (config.value). Did "
                        + "you mean 'dataflow.vars.count'?");
        CliResult withVar = CliResult.run("run", f.toString(), "--state-dir", dir.resolve("state").toString(),
                "--var", "cuont=2", "--var", "a=1");
        assertThat(withVar.exit()).as(withVar.err()).isZero();
    }

    @Test
    void anOutputOfASwitchFeedsOneStep() throws IOException {
        // Two steps on 'route:1' validated; the second received nothing.
        Path f = flow("fanout.yml",
                "name: fanout",
                "steps:",
                "  read:",
                "    type: test_source",
                "    config: {source: [{score: 95}]}",
                "  route:",
                "    type: flow_logic_switch",
                "    depends_on: read",
                "    config:",
                "      cases: {high: 'record.score >= 90', low: 'true'}",
                "  a:",
                "    type: test_sink",
                "    depends_on: route:high",
                "  b:",
                "    type: test_sink",
                "    depends_on: 'route:1'",
                "  c:",
                "    type: test_sink",
                "    depends_on: route:low");

        assertLines(validate(f), "b: Output 'high' of step 'route' already feeds step 'a'; each output feeds one "
                + "step. To send its records to several steps, make a flow_tee depend on the output and the steps on "
                + "the tee.");
    }

    @Test
    void aProblemIsAlwaysOneLine() throws IOException {
        Path expression = flow("multiline.yml",
                "name: x",
                "steps:",
                "  a:",
                "    type: test_connector",
                "    config:",
                "      value: |",
                "        first line",
                "        ${{ 1 +",
                "        * 2 }}");
        Path reference = flow("ref.yml", "name: x", "steps:", "  a:", "    type: test_connector",
                "    depends_on: \"re\\nad\"");

        assertLines(validate(expression), "a: Invalid expression in config.value: Unexpected '*' at position 5 in "
                + "expression '1 +\\n* 2'");
        assertLines(validate(reference), reference + ":5:17: a: The step dependency \"re\\nad\" does not exist.");
    }

    @Test
    void warningsStartWithWarning() throws IOException {
        Path f = flow("simple.yml", "name: simple", "steps:", "  a:", "    type: test_connector");
        Path state = dir.resolve("other.json");
        Files.writeString(state, "{\"dataflow\": \"other\", \"status\": \"finalised\", \"error\": null, "
                + "\"variables\": {\"steps\": {\"a\": {\"states\": {\"finalised\": "
                + "\"2026-01-01T00:00:00.000Z\"}}}}}");

        CliResult r = CliResult.run("dot", f.toString(), "--state", state.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.err().lines()).containsExactly("warning: " + state + ": The state is of a run of dataflow "
                + "'other', not 'simple'; steps are matched by alias.");
    }
}

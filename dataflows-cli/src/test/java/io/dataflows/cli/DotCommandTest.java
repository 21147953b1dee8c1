package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotCommandTest {

    @TempDir
    Path dir;

    private Path flow(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private Path simpleFlow() throws IOException {
        return flow("simple.yml",
                "name: simple",
                "steps:",
                "  read:",
                "    name: Read users",
                "    type: test_source",
                "    config:",
                "      source: [{a: 1}, {a: 2}]",
                "  sink:",
                "    type: test_sink",
                "    depends_on: read",
                "  after:",
                "    type: test_connector",
                "    depends_on: sink",
                "    config: {secret: hunter2-secret, value: plain-config-value}");
    }

    @Test
    void withoutOutputPrintsTheDotOnStdout() throws IOException {
        CliResult r = CliResult.run("dot", simpleFlow().toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("digraph G {\n  rankdir=LR;\n").endsWith("}\n")
                .contains("  \"Read\\nusers\" -> \"sink\" [color =\"#008196\", arrowsize =\"0.7\", penwidth =\"2\", "
                        + "style =\"dashed\", ];\n")
                .contains("  \"after\" [color =\"none\", shape =\"record\", fillcolor =\"#cccccc\", fontsize =\"10\", "
                        + "fontname =\"Arial\", style =\"filled\", height =\"0.5\", tooltip =\"after\"];\n")
                .doesNotContain("hunter2").doesNotContain("plain-config-value");
    }

    @Test
    void writesSvgAndPngFiles() throws IOException {
        Path svg = dir.resolve("out/flow.svg");
        Path png = dir.resolve("flow.png");

        CliResult s = CliResult.run("dot", simpleFlow().toString(), "--format", "svg", "--output", svg.toString());
        CliResult p = CliResult.run("dot", simpleFlow().toString(), "--format", "png", "--output", png.toString());

        assertThat(s.exit()).as(s.err()).isEqualTo(0);
        assertThat(s.out()).isEmpty();
        assertThat(Files.readString(svg)).startsWith("<?xml").contains("<svg");
        assertThat(p.exit()).as(p.err()).isEqualTo(0);
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    }

    @Test
    void svgWithoutOutputGoesToStdout() throws IOException {
        CliResult r = CliResult.run("dot", simpleFlow().toString(), "--format", "svg");

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).startsWith("<?xml").contains("<svg").contains("<title>Read\\nusers&#45;&gt;sink</title>");
    }

    @Test
    void dotTextGoesToAFileWithOutput() throws IOException {
        Path out = dir.resolve("flow.dot");

        CliResult r = CliResult.run("dot", simpleFlow().toString(), "--output", out.toString());

        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .isEqualTo(CliResult.run("dot", simpleFlow().toString()).out());
    }

    @Test
    void invalidFlowIsStillDrawnWithItsProblemsOnStderr() throws IOException {
        Path f = flow("invalid.yml",
                "name: invalid",
                "steps:",
                "  w:",
                "    type: test_sink",
                "  c:",
                "    type: test_connector",
                "    config: {outcome: explode}");

        CliResult r = CliResult.run("dot", f.toString());

        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.err().lines()).containsExactly(
                "w: Cannot have zero input links. Requires 1 input flow link and no input connectors.",
                "c: Config 'outcome' is invalid. Allowed values: continue, cancel, fail, abort.");
        assertThat(r.out()).contains("  \"w\" [color =\"#ca3120\", shape =\"rect\", fillcolor =\"#008196\", "
                + "fontsize =\"10\", fontname =\"Arial\", style =\"filled,rounded,bold\", height =\"0.5\", "
                + "fontcolor =\"#ffffff\", class =\"dataflow_invalid_step\", tooltip =\"w\"];");
    }

    @Test
    void unreadableDefinitionsExitTwoWithFileLineAndColumn() throws IOException {
        Path f = flow("broken.yml", "name: broken", "steps:", "  a:", "    type: test_connector", "  a:",
                "    type: test_connector");

        CliResult broken = CliResult.run("dot", f.toString());
        CliResult missing = CliResult.run("dot", dir.resolve("missing.yml").toString());

        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err().trim()).isEqualTo(f + ":5:3: Duplicate key 'a'.");
        assertThat(broken.out()).isEmpty();
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().trim()).isEqualTo(dir.resolve("missing.yml") + ": File not found.");
    }

    @Test
    void missingGraphvizExitsOneWithTheInstallHint() throws IOException {
        String noDot = dir.resolve("no-dot").toString();

        CliResult svg = CliResult.run("dot", simpleFlow().toString(), "--format", "svg", "--graphviz", noDot);
        CliResult dot = CliResult.run("dot", simpleFlow().toString(), "--graphviz", noDot);

        assertThat(svg.exit()).isEqualTo(1);
        assertThat(svg.out()).isEmpty();
        assertThat(svg.err()).startsWith("Graphviz \"" + noDot + "\" could not be run (")
                .contains("apt-get install graphviz").contains("brew install graphviz")
                .contains("https://graphviz.org/download/");
        assertThat(dot.exit()).isEqualTo(0);
        assertThat(dot.out()).startsWith("digraph G {");
    }

    @Test
    void stateOfAnAbortedRunIsDrawnOverTheFlow() throws IOException {
        // given: a run that aborts in its last step, saved with --state-out
        Path f = flow("fail.yml",
                "name: fail",
                "steps:",
                "  read:",
                "    type: test_source",
                "    config: {source: [{a: 1}, {a: 2}, {a: 3}]}",
                "  sink:",
                "    type: test_sink",
                "    depends_on: read",
                "  boom:",
                "    type: test_connector",
                "    depends_on: sink",
                "    config: {outcome: fail, secret: hunter2-secret}");
        Path stateOut = dir.resolve("state.json");
        assertThat(CliResult.run("run", f.toString(), "--state-dir", dir.resolve("s").toString(), "--state-out",
                stateOut.toString()).exit()).isEqualTo(1);

        // when
        CliResult r = CliResult.run("dot", f.toString(), "--state", stateOut.toString());

        // then
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("  \"boom\" [color =\"#7a0000\", shape =\"record\", fillcolor =\"#f07676\", "
                        + "fontsize =\"10\", fontname =\"Arial\", style =\"filled\", height =\"0.5\", "
                        + "fontcolor =\"#000000\", label =\"boom\\naborted\", penwidth =\"2\", "
                        + "tooltip =\"Step \\'boom\\' (test_connector) failed: boom with *****\"];")
                .contains("label =\"read\\nfinished\\n\u2192 3\"")
                .contains("label =\"sink\\nfinished\\n3 \u2192 3\"")
                .contains("  \"read\" -> \"sink\" [color =\"#008196\", arrowsize =\"0.7\", penwidth =\"2\", "
                        + "style =\"dashed\", label =\"3\", fontsize =\"10\", fontname =\"San Serif\", ];")
                .doesNotContain("hunter2");
    }

    @Test
    void stateFileWrittenBeforeTheStepSummariesStillDraws() throws IOException {
        // given: a state file without "failedstep", "failedrecord" and "steps"
        Path state = dir.resolve("old.json");
        Files.writeString(state, "{\"dataflow\": \"simple\", \"run\": {\"id\": \"r\", \"name\": \"1\", "
                + "\"dryrun\": false}, \"status\": \"aborted\", \"error\": \"Step 'sink' (test_sink) failed: full\", "
                + "\"variables\": {\"steps\": {\"read\": {\"states\": {\"flowing\": \"2026-01-01T00:00:00.000Z\", "
                + "\"aborted\": \"2026-01-01T00:00:01.000Z\"}, \"iterations\": 2}, \"sink\": {\"states\": "
                + "{\"aborted\": \"2026-01-01T00:00:01.000Z\"}, \"iterations\": 1}}}}");

        CliResult r = CliResult.run("dot", simpleFlow().toString(), "--state", state.toString());

        // then: statuses from the states, the failed step from the error text, the iterations as counts
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("  \"sink\" [color =\"#7a0000\", shape =\"rect\", fillcolor =\"#f07676\", "
                        + "fontsize =\"10\", fontname =\"Arial\", style =\"filled,rounded\", height =\"0.5\", "
                        + "fontcolor =\"#000000\", label =\"sink\\naborted\\n1 \u2192\", penwidth =\"2\", "
                        + "tooltip =\"Step \\'sink\\' (test_sink) failed: full\"];")
                .contains("label =\"Read\\nusers\\naborted\\n\u2192 2\"")
                .contains("  \"Read\\nusers\" -> \"sink\" [color =\"#008196\", arrowsize =\"0.7\", penwidth =\"2\", "
                        + "style =\"dashed\", label =\"1\", fontsize =\"10\", fontname =\"San Serif\", ];");
    }

    @Test
    void badStateFilesExitTwo() throws IOException {
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "[1]");

        CliResult bad = CliResult.run("dot", simpleFlow().toString(), "--state", notJson.toString());
        CliResult missing = CliResult.run("dot", simpleFlow().toString(), "--state",
                dir.resolve("none.json").toString());

        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().trim()).isEqualTo(notJson + ": not a run-state document: the document must be an object");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().trim()).startsWith(dir.resolve("none.json") + ": Cannot read the run state (");
    }

    @Test
    void stateOfAnotherDataflowIsDrawnWithAWarning() throws IOException {
        Path state = dir.resolve("other.json");
        Files.writeString(state, "{\"dataflow\": \"other\", \"status\": \"finalised\", \"error\": null, "
                + "\"variables\": {\"steps\": {\"sink\": {\"states\": "
                + "{\"finalised\": \"2026-01-01T00:00:00.000Z\"}}}}}");

        CliResult r = CliResult.run("dot", simpleFlow().toString(), "--state", state.toString());

        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.err().trim()).isEqualTo("warning: " + state + ": The state is of a run of dataflow 'other', "
                + "not 'simple'; steps are matched by alias.");
        assertThat(r.out()).contains("label =\"sink\\nfinalised\"");
    }

    @Test
    void unknownFormatIsAUsageError() throws IOException {
        CliResult r = CliResult.run("dot", simpleFlow().toString(), "--format", "gif");

        assertThat(r.exit()).isEqualTo(64);
        assertThat(r.err()).contains("--format");
    }
}

package io.dataflows.dot;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.ValidationReport;
import io.dataflows.testkit.TestEngines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DotExporterTest {

    private final DataflowEngine engine = DataflowEngine.builder().stepRegistry(DotTestTypes.registry()).build();
    private final DotExporter exporter = DotExporter.builder().engine(engine).build();

    static String resource(String name) throws IOException {
        try (InputStream in = DotExporterTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The statement of the node with this id (as written in the DOT, escaped). */
    static String nodeStatement(String dot, String id) {
        String prefix = "  \"" + id + "\" [";
        return dot.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + id + " in\n" + dot));
    }

    /** The statement of the edge between two node ids. */
    static String edgeStatement(String dot, String from, String to) {
        String prefix = "  \"" + from + "\" -> \"" + to + "\" [";
        return dot.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to + " in\n" + dot));
    }

    // --- escaping -------------------------------------------------------------------------------------------

    /** The five vectors of tool_dataflows' {@code tool_dataflows_dot_escape_test.php}: input, expected output. */
    static Stream<Arguments> escapeVectors() {
        return Stream.of(
                Arguments.of("Test name", "Test name"),
                Arguments.of("\"", "\\\""),
                Arguments.of("'  \"  \\ / \\\\ SQL", "\\'  \\\"  \\\\ / \\\\\\\\ SQL"),
                Arguments.of("jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//",
                        "jaVasCript:/*-/*`/*\\\\`/*\\'/*\\\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//"),
                Arguments.of("!@#$%^&*()_+{}[]\\|", "!@#$%^&*()_+{}[]\\\\|"));
    }

    @ParameterizedTest
    @MethodSource("escapeVectors")
    void escapesLikePhpAddslashes(String in, String out) {
        assertThat(DotExporter.escape(in)).isEqualTo(out);
    }

    @Test
    void escapeVectorsAreTheOnesOfTheResourceFile() throws IOException {
        // src/test/resources/escape-vectors.txt holds tool_dataflows' escape test vectors verbatim.
        List<String> lines = resource("escape-vectors.txt").lines().toList();
        List<Arguments> vectors = escapeVectors().toList();
        assertThat(lines).hasSize(2 * vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            assertThat(lines.get(2 * i)).isEqualTo("IN:  " + vectors.get(i).get()[0]);
            assertThat(lines.get(2 * i + 1)).isEqualTo("OUT: " + vectors.get(i).get()[1]);
        }
    }

    @Test
    void escapesNulAsBackslashZero() {
        assertThat(DotExporter.escape("a\0b")).isEqualTo("a\\0b");
    }

    @Test
    void nodeIdIsTheEscapedNameWithSpacesAsLineBreaks() {
        assertThat(DotExporter.nodeId("Write \"all\" users")).isEqualTo("Write\\n\\\"all\\\"\\nusers");
    }

    @ParameterizedTest
    @MethodSource("escapeVectors")
    void everyEscapeVectorAsAStepNameRendersWithGraphviz(String name, String escaped) {
        // given: the vector names a flow step (rounded box) and a connector (record shape, where {}|<> matter)
        Dataflow flow = Dataflow.builder("escaping")
                .start("read", StepSpec.of("test_source").with("source", List.of(map("a", 1)))).stepName(name)
                .then("sink", StepSpec.of("test_sink"))
                .then("after", StepSpec.of("test_connector")).stepName(name + " (connector)")
                .build();

        // when
        String dot = exporter.toDot(flow);
        String svg = new String(exporter.render(dot, ImageFormat.SVG), StandardCharsets.UTF_8);

        // then
        assertThat(dot).contains("\"" + escaped.replace(" ", "\\n") + "\" -> \"sink\"");
        assertThat(svg).contains("<svg");
    }

    @Test
    void recordSyntaxInAConnectorNameIsEscapedInItsLabel() {
        Dataflow flow = Dataflow.builder("record")
                .start("c", StepSpec.of("test_connector")).stepName("{a|b} <c>")
                .build();

        String dot = exporter.toDot(flow);

        assertThat(nodeStatement(dot, "{a|b}\\n<c>")).isEqualTo("  \"{a|b}\\n<c>\" [color =\"none\", "
                + "shape =\"record\", fillcolor =\"#cccccc\", fontsize =\"10\", fontname =\"Arial\", "
                + "style =\"filled\", height =\"0.5\", label =\"\\{a\\|b\\}\\n\\<c\\>\", tooltip =\"{a|b} <c>\"];");
        assertThat(exporter.render(dot, ImageFormat.SVG)).isNotEmpty();
    }

    // --- structure ----------------------------------------------------------------------------------------------

    @Test
    void switchFlowMatchesTheGoldenDot() throws IOException {
        String dot = exporter.toDot(Flows.usersByRegion());

        assertThat(dot).isEqualTo(resource("golden/users-by-region.dot"));
    }

    @Test
    void sameInputGivesByteIdenticalDot() {
        DotExporter other = DotExporter.builder().engine(
                DataflowEngine.builder().stepRegistry(DotTestTypes.registry()).build()).build();

        String first = exporter.toDot(Flows.usersByRegion());

        assertThat(exporter.toDot(Flows.usersByRegion())).isEqualTo(first);
        assertThat(other.toDot(Flows.usersByRegion())).isEqualTo(first);
    }

    @Test
    void stepOfUnknownTypeIsRedAndItsLinksHaveNoArrowhead() {
        Dataflow flow = Dataflow.builder("unknown")
                .start("read", StepSpec.of("test_source").with("source", List.of()))
                .then("x", StepSpec.of("no_such_type"))
                .build();

        String dot = exporter.toDot(flow);

        // unknown to the registry, hence also invalid (the engine reports the unknown type)
        assertThat(nodeStatement(dot, "x")).isEqualTo("  \"x\" [color =\"#ca3120\", shape =\"record\", "
                + "fillcolor =\"#ca3120\", fontsize =\"10\", fontname =\"Arial\", style =\"filled,bold\", "
                + "height =\"0.5\", fontcolor =\"#ffffff\", class =\"dataflow_invalid_step\", tooltip =\"x\"];");
        assertThat(edgeStatement(dot, "read", "x")).isEqualTo("  \"read\" -> \"x\" [color =\"red\", "
                + "arrowsize =\"0.7\", penwidth =\"2\", arrowhead =\"none\", ];");
    }

    @Test
    void stepOfUnknownTypeWithoutValidationHasOnlyTheUnknownStyle() {
        DotExporter noValidation = DotExporter.builder().stepRegistry(DotTestTypes.registry())
                .validator(f -> ValidationReport.valid(f.name())).build();
        Dataflow flow = Dataflow.builder("unknown").start("x", StepSpec.of("no_such_type")).build();

        assertThat(nodeStatement(noValidation.toDot(flow), "x")).isEqualTo("  \"x\" [color =\"none\", "
                + "shape =\"record\", fillcolor =\"#ca3120\", fontsize =\"10\", fontname =\"Arial\", "
                + "style =\"filled\", height =\"0.5\", fontcolor =\"#ffffff\", tooltip =\"x\"];");
    }

    @Test
    void invalidStepHasARedBoldBorder() {
        Dataflow flow = Dataflow.builder("invalid")
                .start("read", StepSpec.of("test_source").with("source", List.of()))
                .then("sink", StepSpec.of("test_sink"))
                .then("bad", StepSpec.of("test_connector").with("outcome", "explode"))
                .build();
        assertThat(engine.validate(flow).problemsOf("bad")).isNotEmpty();

        String dot = exporter.toDot(flow);

        assertThat(nodeStatement(dot, "bad")).isEqualTo("  \"bad\" [color =\"#ca3120\", shape =\"record\", "
                + "fillcolor =\"#cccccc\", fontsize =\"10\", fontname =\"Arial\", style =\"filled,bold\", "
                + "height =\"0.5\", class =\"dataflow_invalid_step\", tooltip =\"bad\"];");
        assertThat(nodeStatement(dot, "sink")).startsWith("  \"sink\" [color =\"none\", ");
    }

    @Test
    void noConfigValueOrSecretAppearsInTheDot() {
        // given: config values, one of them secret, and a step variable
        Dataflow flow = Dataflow.builder("secrets")
                .start("read", StepSpec.of("test_source").with("source", List.of(map("field", "record-value"))))
                .then("sink", StepSpec.of("test_sink").with("name", "sink-config-value"))
                .then("conn", StepSpec.of("test_connector").with("secret", "hunter2-secret")
                        .with("value", "plain-config-value")).stepVar("v", "var-value")
                .build();
        RunResult result = TestEngines.builder().build().run(flow);

        // when
        String structure = exporter.toDot(flow);
        String overlay = exporter.toDot(flow, result);

        // then
        for (String dot : List.of(structure, overlay)) {
            assertThat(dot).doesNotContain("hunter2").doesNotContain("config-value")
                    .doesNotContain("record-value").doesNotContain("var-value").doesNotContain("source");
        }
    }

    // --- run state ----------------------------------------------------------------------------------------------

    @Test
    void finishedSwitchRunMatchesTheGoldenDot() throws IOException {
        RunResult result = engine.run(Flows.usersByRegion());
        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);

        String dot = exporter.toDot(Flows.usersByRegion(), result);

        // statuses green, "in → out" on flow steps, records along flow links (switch outputs counted apart)
        assertThat(dot).isEqualTo(resource("golden/users-by-region-run.dot"));
    }

    @Test
    void abortedRunMarksTheFailedStepRedWithTheErrorAsTooltip() {
        // given: a connector that throws, with a secret the error would mention
        Dataflow flow = Dataflow.builder("failing")
                .start("read", StepSpec.of("test_source").with("source", List.of(map("a", 1), map("a", 2))))
                .then("sink", StepSpec.of("test_sink"))
                .then("fail", StepSpec.of("test_connector").with("outcome", "fail")
                        .with("secret", "hunter2-secret")).stepDescription("Calls the API")
                .then("after", StepSpec.of("test_connector"))
                .build();
        DataflowEngine testEngine = TestEngines.builder().build();
        RunResult result = testEngine.run(flow);
        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);

        // when
        String dot = DotExporter.builder().engine(testEngine).build().toDot(flow, result);

        // then
        assertThat(nodeStatement(dot, "fail")).isEqualTo("  \"fail\" [color =\"#7a0000\", shape =\"record\", "
                + "fillcolor =\"#f07676\", fontsize =\"10\", fontname =\"Arial\", style =\"filled\", "
                + "height =\"0.5\", fontcolor =\"#000000\", label =\"fail\\naborted\", penwidth =\"2\", "
                + "tooltip =\"Step \\'fail\\' (test_connector) failed: boom with *****\"];");
        // a step whose turn never came is grey, not red: it did not fail
        assertThat(nodeStatement(dot, "after")).isEqualTo("  \"after\" [color =\"none\", shape =\"record\", "
                + "fillcolor =\"#e9e7e7\", fontsize =\"10\", fontname =\"Arial\", style =\"filled\", "
                + "height =\"0.5\", fontcolor =\"#000000\", label =\"after\\nnot_run\", tooltip =\"after\"];");
        assertThat(nodeStatement(dot, "sink")).contains("fillcolor =\"#64d796\"")
                .contains("label =\"sink\\nfinished\\n2 \u2192 2\"");
        assertThat(edgeStatement(dot, "read", "sink")).contains("label =\"2\"");
        assertThat(dot).doesNotContain("hunter2");
    }

    @Test
    void cancelledStepsAreDimmed() {
        Dataflow flow = Dataflow.builder("cancelling")
                .start("stop", StepSpec.of("test_connector").with("outcome", "cancel"))
                .then("skipped", StepSpec.of("test_connector"))
                .build();
        RunResult result = engine.run(flow);

        String dot = exporter.toDot(flow, result);

        assertThat(nodeStatement(dot, "skipped")).contains("fillcolor =\"#f8f9fa\"")
                .contains("fontcolor =\"#9e9e9e\"").contains("label =\"skipped\\ncancelled\"");
    }

    @Test
    void runStateFileColoursStepsByTheirLatestStatus() {
        // given: a state file of a run caught mid-way (as written by dataflows run --state-out)
        RunState state = RunState.fromJson("{\"dataflow\": \"users by region\", \"status\": \"processing\","
                + " \"error\": null, \"variables\": {\"steps\": {"
                + "\"start\": {\"states\": {\"new\": \"2026-01-01T00:00:00.000Z\","
                + " \"finished\": \"2026-01-01T00:00:01.000Z\"}},"
                + "\"read\": {\"states\": {\"new\": \"2026-01-01T00:00:00.000Z\","
                + " \"flowing\": \"2026-01-01T00:00:01.000Z\"}, \"iterations\": 3},"
                + "\"route\": {\"states\": {\"waiting\": \"2026-01-01T00:00:00.000Z\","
                + " \"flowing\": \"2026-01-01T00:00:01.000Z\"}, \"iterations\": 2},"
                + "\"write_nz\": {\"states\": {\"waiting\": \"2026-01-01T00:00:00.000Z\"}, \"iterations\": 0},"
                + "\"notify\": {\"states\": {\"new\": null}}}}}");

        // when
        String dot = exporter.toDot(Flows.usersByRegion(), state);

        // then
        assertThat(nodeStatement(dot, "On\\nschedule")).contains("fillcolor =\"#64d796\"")
                .contains("label =\"On\\nschedule\\nfinished\"");
        assertThat(nodeStatement(dot, "Read\\nusers")).contains("fillcolor =\"#ffe066\"")
                .contains("label =\"Read\\nusers\\nflowing\\n\u2192 3\"");
        assertThat(nodeStatement(dot, "By\\nregion")).contains("label =\"By\\nregion\\nflowing\\n2 \u2192\"");
        assertThat(nodeStatement(dot, "Write\\nNZ")).contains("fillcolor =\"#e9e7e7\"");
        // a step without a reached status, and one the state does not know, keep their kind's style
        assertThat(nodeStatement(dot, "Notify")).contains("fillcolor =\"#ffc107\"").doesNotContain("label");
        assertThat(nodeStatement(dot, "Write\\nother")).contains("fillcolor =\"#008196\"");
        // records along a link: the downstream step's only input, else the reader's output
        assertThat(edgeStatement(dot, "Read\\nusers", "By\\nregion")).contains("label =\"2\"");
        assertThat(edgeStatement(dot, "By\\nregion", "Write\\nNZ")).contains("label =\"nz: 0\"");
    }

    @Test
    void runStateFileWithStepSummariesDrawsCountsOnLinksAndTheFailedStepOfItsField() {
        // given: a state file as dataflows run --state-out writes it for a run that failed in "route"; its error
        // text names another step, and its variables say otherwise: the summary fields are what count
        RunState state = RunState.fromJson("{\"dataflow\": \"users by region\", \"status\": \"aborted\","
                + " \"error\": \"Step 'read' (test_source) failed: not this one\","
                + " \"failedstep\": \"route\", \"failedrecord\": 4, \"steps\": {"
                + "\"start\": {\"status\": \"finished\", \"recordsin\": 0, \"recordsout\": 0, \"millis\": 1},"
                + "\"read\": {\"status\": \"aborted\", \"recordsin\": 0, \"recordsout\": 4, \"millis\": 2},"
                + "\"route\": {\"status\": \"aborted\", \"recordsin\": 4, \"recordsout\": 3, \"millis\": 0},"
                + "\"write_nz\": {\"status\": \"aborted\", \"recordsin\": 2, \"recordsout\": 2, \"millis\": 0},"
                + "\"write_other\": {\"status\": \"aborted\", \"recordsin\": 1, \"recordsout\": 1, \"millis\": 0},"
                + "\"notify\": {\"status\": \"not_run\", \"recordsin\": 0, \"recordsout\": 0, \"millis\": 0},"
                + "\"log\": {\"status\": \"not_run\", \"recordsin\": 0, \"recordsout\": 0, \"millis\": 0}},"
                + " \"variables\": {\"steps\": {\"read\": {\"states\": {\"finalised\": \"2026-01-01T00:00:00.000Z\"},"
                + " \"iterations\": 4}}}}");

        // when
        String dot = exporter.toDot(Flows.usersByRegion(), state);

        // then: the failed step from "failedstep", with the error as tooltip
        assertThat(nodeStatement(dot, "By\\nregion")).isEqualTo("  \"By\\nregion\" [color =\"#7a0000\", "
                + "shape =\"rect\", fillcolor =\"#f07676\", fontsize =\"10\", fontname =\"Arial\", "
                + "style =\"filled,rounded\", height =\"0.5\", fontcolor =\"#000000\", "
                + "label =\"By\\nregion\\naborted\\n4 \u2192 3\", penwidth =\"2\", "
                + "tooltip =\"Step \\'read\\' (test_source) failed: not this one\"];");
        assertThat(nodeStatement(dot, "Read\\nusers")).doesNotContain("#7a0000")
                .contains("fillcolor =\"#f07676\"").contains("label =\"Read\\nusers\\naborted\\n\u2192 4\"");
        assertThat(nodeStatement(dot, "Write\\nNZ")).contains("label =\"Write\\nNZ\\naborted\\n2 \u2192 2\"");
        assertThat(nodeStatement(dot, "Notify")).contains("fillcolor =\"#e9e7e7\"")
                .contains("label =\"Notify\\nnot_run\"");
        // the records that went along each flow link, switch outputs counted apart
        assertThat(edgeStatement(dot, "Read\\nusers", "By\\nregion")).isEqualTo("  \"Read\\nusers\" -> "
                + "\"By\\nregion\" [color =\"#008196\", arrowsize =\"0.7\", penwidth =\"2\", style =\"dashed\", "
                + "label =\"4\", fontsize =\"10\", fontname =\"San Serif\", ];");
        assertThat(edgeStatement(dot, "By\\nregion", "Write\\nNZ")).contains("label =\"nz: 2\"");
        assertThat(edgeStatement(dot, "By\\nregion", "Write\\nother")).contains("label =\"other: 1\"");
    }

    // --- rendering ----------------------------------------------------------------------------------------------

    @Test
    void rendersPngWithThePngSignature() {
        byte[] png = exporter.render(Flows.usersByRegion(), ImageFormat.PNG);

        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    }

    @Test
    void defaultsRunDotFromThePathWithAThirtySecondTimeout() {
        DotExporter defaults = DotExporter.defaults();

        assertThat(defaults.dotCommand()).isEqualTo("dot");
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.render(Dataflow.builder("one").start("a", StepSpec.of("test_connector")).build(),
                ImageFormat.SVG)).isNotEmpty();
    }

    @Test
    void builderRejectsANonPositiveTimeoutAndABlankCommand() {
        assertThatThrownBy(() -> DotExporter.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive: PT0S");
        assertThatThrownBy(() -> DotExporter.builder().dotCommand(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dot command must not be blank");
    }

    @Test
    void registryOnlyExporterValidatesWithADefaultEngine() {
        DotExporter registryOnly = DotExporter.builder().stepRegistry(StepRegistry.builder().build()).build();

        // no types at all: the step is unknown and therefore invalid
        assertThat(registryOnly.toDot(Dataflow.builder("x").start("a", StepSpec.of("test_connector")).build()))
                .contains("class =\"dataflow_invalid_step\"");
    }

    // --- groups ---------------------------------------------------------------------------------------------

    @Test
    void groupsDrawTheirStepsInLabelledBoxesAfterTheGraph() {
        Dataflow flow = Flows.usersByRegion();
        String plain = exporter.toDot(flow);

        String dot = exporter.toDot(flow, List.of(
                new StepGroup("Beam \"workers\"", List.of("read", "route", "write_nz", "missing")),
                new StepGroup("Launcher", List.of("route", "notify"))));

        assertThat(dot).isEqualTo(plain.substring(0, plain.length() - 2)
                + "  subgraph \"cluster_0\" {\n"
                + "    label=\"Beam \\\"workers\\\"\";\n"
                + "    style=\"dashed\";\n    color=\"#555555\";\n    fontname=\"Arial\";\n    fontsize=\"10\";\n"
                + "    \"Read\\nusers\";\n    \"By\\nregion\";\n    \"Write\\nNZ\";\n"
                + "  }\n"
                + "  subgraph \"cluster_1\" {\n"
                + "    label=\"Launcher\";\n"
                + "    style=\"dashed\";\n    color=\"#555555\";\n    fontname=\"Arial\";\n    fontsize=\"10\";\n"
                + "    \"Notify\";\n"
                + "  }\n"
                + "}\n");
    }
}

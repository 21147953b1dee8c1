package io.dataflows.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.Definitions;
import io.dataflows.StepRegistry;
import io.dataflows.testkit.TestEngines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Definitions in the shapes of tool_dataflows' own test fixtures: a hand-written file ({@code handwritten-*.yml},
 * with blank lines, comments, 4-space indentation, steps without names), and what the plugin exports after importing
 * it ({@code export-*.yml}, written by Symfony Yaml 4.4 with {@code exports/export.php}).
 */
class ToolDataflowsExportsTest {

    private static final StepRegistry REGISTRY = TestEngines.registry();

    private static String resource(String name) throws IOException {
        try (InputStream in = ToolDataflowsExportsTest.class.getResourceAsStream("/exports/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "cron", "expressions"})
    void anExportOfToolDataflowsIsWrittenBackByteForByte(String shape) throws IOException {
        // the plugin's export, imported and exported again, gives the same bytes
        String export = resource("export-" + shape + ".yml");

        Dataflow flow = Definitions.readYaml(export, "export-" + shape + ".yml");

        assertThat(Definitions.toYaml(flow, REGISTRY)).isEqualTo(export);
        assertThat(Definitions.readJson(Definitions.toJson(flow, REGISTRY), "export.json")).isEqualTo(flow);
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "cron", "expressions"})
    void aHandWrittenFileIsWrittenAsTheExportButForTheConfigItDoesNotHave(String shape) throws IOException {
        // tool_dataflows' export of a hand-written file always has the dataflow's config, read from its database
        // ('0', '0', ''); the file has none, and the definition read here has none to write. All else is the same.
        String pluginExport = resource("export-" + shape + ".yml");
        String withoutConfig = pluginExport.replace("config:\n  enabled: '0'\n  concurrencyenabled: '0'\n"
                + "  loghandlers: ''\n", "");
        assertThat(withoutConfig).isNotEqualTo(pluginExport);

        Dataflow flow = Definitions.readYaml(resource("handwritten-" + shape + ".yml"), "handwritten.yml");

        assertThat(Definitions.toYaml(flow, REGISTRY)).isEqualTo(withoutConfig);
    }

    @Test
    void aFloatTagReadsAsADouble() throws IOException {
        // Symfony writes a whole-numbered float as "!!float 3" so that it reads back as a float, not an integer
        Dataflow flow = Definitions.readYaml(resource("export-expressions.yml"), "export-expressions.yml");

        assertThat(flow.vars().get("threshold")).isEqualTo(3.0);
        assertThat(Definitions.readYaml("name: f\nvars:\n  big: !!float 1.0E+25\n  zero: !!float -0\n", "f.yml")
                .vars()).containsEntry("big", 1e25).containsEntry("zero", -0.0);
    }

    @Test
    void aLiteralBlockWithoutFinalLineBreakEndsTheFile() throws IOException {
        // the last value of the export is a "|-" block: Symfony ends the document without a line break
        String export = resource("export-expressions.yml");
        assertThat(export).endsWith("      footer: |-\n        Sent by ${{ dataflow.name }}\n        Do not reply");

        Dataflow flow = Definitions.readYaml(export, "export-expressions.yml");

        assertThat(flow.step("report").orElseThrow().vars().get("footer"))
                .isEqualTo("Sent by ${{ dataflow.name }}\nDo not reply");
        assertThat(flow.step("report").orElseThrow().config().get("template")).isEqualTo("Report ${{ run.name }}:\n"
                + "Dear admin,\nthe query was ${{ steps.fetch.config.sql }}.\n");
    }

    @Test
    void whatAHandWrittenFileDoesNotKeep() {
        // the changes the README's "The YAML format" lists: comments, blank lines, indentation, flow style, quoting,
        // the order of the top and step keys, a step's id, empty fields; a step gets its name, a map of
        // dependencies becomes a scalar or a list and a whole-numbered float gets its tag
        String handWritten = String.join("\n",
                "# Copies the scores",
                "steps:",
                "    read:",
                "        config: {path: \"scores.csv\", headers: 'id,score'}   # the file's header line is wrong",
                "        type: reader_csv",
                "        id: read",
                "        description: ''",
                "    write:",
                "        type: writer_stream",
                "        depends_on: {1: read}",
                "        config:",
                "            streamname: out.json",
                "            format: json",
                "        vars: {ratio: 2.0}",
                "",
                "name: Scores",
                "vars: {}",
                "");

        Dataflow flow = Definitions.readYaml(handWritten, "scores.yml");

        assertThat(Definitions.toYaml(flow, REGISTRY)).isEqualTo(String.join("\n",
                "name: Scores",
                "steps:",
                "  read:",
                "    name: read",
                "    type: reader_csv",
                "    config:",
                "      path: scores.csv",
                "      headers: 'id,score'",
                "  write:",
                "    name: write",
                "    depends_on: read",
                "    type: writer_stream",
                "    config:",
                "      streamname: out.json",
                "      format: json",
                "    vars:",
                "      ratio: !!float 2",
                ""));
    }
}

package io.dataflows.definition;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.Definitions;
import io.dataflows.Step;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.internal.util.Json;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestEngines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionsTest {

    private static final StepRegistry REGISTRY = TestEngines.registry();

    static String fixture(String name) throws IOException {
        try (InputStream in = DefinitionsTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void importsSampleYaml() throws IOException {
        // a definition as tool_dataflows' sample files write one: name, steps keyed by alias, class-name types
        Dataflow flow = Definitions.readYaml(fixture("php-style.yml"), "php-style.yml");

        assertThat(flow.name()).isEqualTo("Completions digest");
        assertThat(flow.aliases()).containsExactly("fetch", "show", "save");
        assertThat(flow.step("fetch").orElseThrow().description()).isEqualTo("Fetch the completion count");
        assertThat(Json.write(flow.step("save").orElseThrow().config()))
                .isEqualTo("{\"streamname\":\"/tmp/digest\",\"format\":\"json\"}");
        Step show = flow.step("show").orElseThrow();
        assertThat(show.type()).isEqualTo("\\tool_dataflows\\local\\step\\writer_debugging");
        assertThat(show.typeId()).isEqualTo("writer_debugging");
        assertThat(show.dependsOn()).containsExactly("fetch");
        assertThat(flow.step("save").orElseThrow().dependsOn()).containsExactly("show");
        assertThat(flow.isEnabled()).isTrue();
    }

    @Test
    void exportRoundTripsSampleExportByteForByte() throws IOException {
        // an export in tool_dataflows' style (quoted texts, config as text): import then export gives the same bytes
        String yaml = fixture("php-style-export.yml");
        Dataflow flow = Definitions.readYaml(yaml, "php-style-export.yml");

        assertThat(Definitions.toYaml(flow, REGISTRY)).isEqualTo(yaml);
        assertThat(flow.isEnabled()).isFalse();
        assertThat(flow.config().get("enabled")).isEqualTo("0");
    }

    @Test
    void importsCronSampleWithFlowStyleMaps() throws IOException {
        Dataflow flow = Definitions.readYaml(fixture("php-style-cron.yml"), "php-style-cron.yml");
        assertThat(flow.aliases()).containsExactly("schedule", "user_ids", "print_ids");
        assertThat(flow.step("user_ids").orElseThrow().name()).isEqualTo("User ids");
        assertThat(flow.step("schedule").orElseThrow().config()).containsEntry("retryinterval", 0L)
                .containsEntry("minute", "*");
    }

    @Test
    void theCronSampleRoundTripsThroughExport() throws IOException {
        Dataflow flow = Definitions.readYaml(fixture("php-style-cron.yml"), "php-style-cron.yml");

        String yaml = Definitions.toYaml(flow, REGISTRY);
        Dataflow again = Definitions.readYaml(yaml, "exported.yml");

        assertThat(again).isEqualTo(flow);
        assertThat(Definitions.toYaml(again, REGISTRY)).isEqualTo(yaml);
        assertThat(Definitions.readJson(Definitions.toJson(flow, REGISTRY), "exported.json")).isEqualTo(flow);
    }

    @Test
    void jsonIsTheSameTree() {
        Dataflow flow = Dataflow.builder("j").description("d").var("n", 5)
                .step("a", StepSpec.of(TestConnector.ID).with("value", List.of(1L, "x")))
                .step("b", StepSpec.of(TestConnector.ID)).dependsOn("a").stepVar("v", "${{ steps.a.value }}")
                .build();
        String json = Definitions.toJson(flow, REGISTRY);
        assertThat(json).startsWith("{\n    \"name\": \"j\",\n    \"description\": \"d\",\n");
        assertThat(Definitions.readJson(json, "flow.json")).isEqualTo(flow);
        assertThat(Definitions.readYaml(Definitions.toYaml(flow, REGISTRY), "flow.yml")).isEqualTo(flow);
    }

    @Test
    void exportWritesCodeBuiltFlowsInTheSameFormat() {
        Dataflow flow = Dataflow.builder("users-by-region")
                .var("min_age", 18)
                .step("read", StepSpec.of("reader_csv").with("path", "users.csv"))
                .step("route", StepSpec.of("flow_logic_switch").with("cases",
                        map("nz", "record.country == 'NZ'", "other", "true"))).dependsOn("read")
                .step("nz", StepSpec.of("writer_stream").with("streamname", "nz.json").with("format", "json"))
                .dependsOn("route:nz")
                .stepDescription("New Zealand\nonly")
                .build();
        assertThat(Definitions.toYaml(flow, REGISTRY)).isEqualTo(String.join("\n",
                "name: users-by-region",
                "vars:",
                "  min_age: 18",
                "config:",
                "  enabled: true",
                "  concurrencyenabled: false",
                "steps:",
                "  read:",
                "    name: read",
                "    type: reader_csv",
                "    config:",
                "      path: users.csv",
                "  route:",
                "    name: route",
                "    depends_on: read",
                "    type: flow_logic_switch",
                "    config:",
                "      cases:",
                "        nz: 'record.country == ''NZ'''",
                "        other: 'true'",
                "  nz:",
                "    name: nz",
                "    description: |-",
                "      New Zealand",
                "      only",
                "    depends_on: 'route:nz'",
                "    type: writer_stream",
                "    config:",
                "      streamname: nz.json",
                "      format: json",
                ""));
        assertThat(Definitions.readYaml(Definitions.toYaml(flow, REGISTRY), "x")).isEqualTo(flow);
    }

    @Test
    void secretFieldsAreRedactedUnlessTheyReferenceSecrets() {
        Dataflow flow = Dataflow.builder("s")
                .step("a", StepSpec.of(TestConnector.ID).with("secret", "hunter2"))
                .step("b", StepSpec.of(TestConnector.ID).with("secret", "${{ secrets.db_password }}"))
                .build();
        String yaml = Definitions.toYaml(flow, REGISTRY);
        assertThat(yaml).doesNotContain("hunter2").contains("secret: '*****'")
                .contains("secret: '${{ secrets.db_password }}'");
    }

    @Test
    void scalarsKeepTheirYamlTypes() {
        Dataflow flow = Definitions.readYaml(String.join("\n",
                "name: t",
                "vars: {a: 1, b: '1', c: 1.5, d: true, e: 'true', f: ~, g: [1, 2], h: 0123, i: yes, j: 2022-01-01}",
                "steps: {}"), "t.yml");
        assertThat(flow.vars()).containsEntry("a", 1L).containsEntry("b", "1").containsEntry("c", 1.5)
                .containsEntry("d", true).containsEntry("e", "true").containsEntry("f", null)
                .containsEntry("g", List.of(1L, 2L)).containsEntry("i", "yes");
        Map<String, Object> vars = flow.vars();
        assertThat(Definitions.readYaml(Definitions.toYaml(flow, REGISTRY), "t.yml").vars()).isEqualTo(vars);
    }

    /**
     * The words YAML 1.1 made booleans are text, as Symfony YAML (which tool_dataflows reads definitions with) reads
     * them: its 5.4 gives {@code 'yes'}, {@code 'Off'}, {@code 'y'} and so on, and true, false and null only for
     * these spellings. They stay text through an export and a second read.
     */
    @Test
    void booleanLikeWordsAreTextAsSymfonyYamlReadsThem() {
        List<String> words = List.of("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                "y", "Y", "n", "N");
        StringBuilder yaml = new StringBuilder("name: t\nvars:\n");
        for (int i = 0; i < words.size(); i++) {
            yaml.append("  w").append(i).append(": ").append(words.get(i)).append('\n');
        }
        yaml.append("  t1: true\n  t2: True\n  t3: TRUE\n  f1: false\n  f2: False\n  f3: FALSE\n")
                .append("  n1: null\n  n2: Null\n  n3: NULL\n  n4: ~\nsteps: {}\n");
        Dataflow flow = Definitions.readYaml(yaml.toString(), "t.yml");

        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            expected.put("w" + i, words.get(i));
        }
        expected.putAll(Map.of("t1", true, "t2", true, "t3", true, "f1", false, "f2", false, "f3", false));
        for (String n : List.of("n1", "n2", "n3", "n4")) {
            expected.put(n, null);
        }
        assertThat(flow.vars()).isEqualTo(expected);
        assertThat(Definitions.readYaml(Definitions.toYaml(flow, REGISTRY), "t.yml").vars()).isEqualTo(expected);
    }

    @Test
    void forwardReferencesAndListStepsWork() {
        Dataflow flow = Definitions.readYaml(String.join("\n",
                "name: fwd",
                "steps:",
                "  - name: Second step",
                "    type: test_connector",
                "    depends_on: first_step",
                "  - name: First Step",
                "    type: test_connector"), "fwd.yml");
        assertThat(flow.aliases()).containsExactly("second_step", "first_step");
        assertThat(flow.step("second_step").orElseThrow().dependsOn()).containsExactly("first_step");
    }

    @Test
    void syntaxErrorsNameFileLineAndColumn() {
        assertThatThrownBy(() -> Definitions.readYaml("name: x\nsteps:\n  a: [unclosed\n", "bad.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("bad.yml:4:1: expected ',' or ']', but got <stream end> (while parsing a flow sequence "
                        + "started at line 3, column 6)");
        assertThatThrownBy(() -> Definitions.readJson("{\"name\": \"x\",}", "bad.json"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessageStartingWith("bad.json:1:");
    }

    @Test
    void duplicateKeysAreSyntaxErrors() {
        assertThatThrownBy(() -> Definitions.readYaml("name: x\nsteps:\n  a:\n    type: t\n  a:\n    type: t\n",
                "dup.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("dup.yml:5:3: Duplicate key 'a'.");
    }

    @Test
    void unknownReferencesNameTheStepAndLine() {
        assertThatThrownBy(() -> Definitions.readYaml(String.join("\n",
                "name: x",
                "steps:",
                "  read:",
                "    type: test_source",
                "  write:",
                "    type: test_sink",
                "    depends_on: [read, reed]"), "ref.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("ref.yml:7:24: write: The step dependency \"reed\" does not exist.")
                .satisfies(e -> {
                    DataflowDefinitionException d = (DataflowDefinitionException) e;
                    assertThat(d.line()).hasValue(7);
                    assertThat(d.stepAlias()).contains("write");
                });
    }

    @Test
    void structuralMistakesAreClearErrors() {
        assertThatThrownBy(() -> Definitions.readYaml("name: x\nstep: {}\n", "k.yml"))
                .hasMessage("k.yml:2:7: dataflow: Unknown key 'step'. Known keys: id, name, description, config, "
                        + "vars, steps.");
        assertThatThrownBy(() -> Definitions.readYaml("name: x\nsteps:\n  a:\n    config: {}\n", "t.yml"))
                .hasMessage("t.yml:4:5: a: The step has no 'type'.");
        assertThatThrownBy(() -> Definitions.readYaml("name: x\nsteps:\n  a:\n    type: t\n    typo: 1\n", "u.yml"))
                .hasMessage("u.yml:5:11: a: Unknown key 'typo' in step. Known keys: name, description, "
                        + "depends_on, type, config, vars.");
        assertThatThrownBy(() -> Definitions.readYaml("- just\n- a list\n", "l.yml"))
                .hasMessage("l.yml:1:1: A dataflow definition must be a map with 'name' and 'steps'.");
        assertThatThrownBy(() -> Definitions.readYaml("", "e.yml")).hasMessage("e.yml:1:1: The definition is empty.");
        assertThatThrownBy(() -> Definitions.readYaml("name: x\nvars: [1]\n", "v.yml"))
                .hasMessage("v.yml:2:7: dataflow: Vars must form a YAML object (Define each var as <var>: <value>)");
    }

    @Test
    void filesAreReadByExtension(@TempDir Path dir) throws IOException {
        Path yml = dir.resolve("f.yml");
        Files.writeString(yml, "name: f\nsteps:\n  a:\n    type: test_connector\n");
        Path json = dir.resolve("f.json");
        Files.writeString(json, "{\"name\":\"f\",\"steps\":{\"a\":{\"type\":\"test_connector\"}}}");
        assertThat(Definitions.read(yml)).isEqualTo(Definitions.read(json));
        assertThatThrownBy(() -> Definitions.read(dir.resolve("missing.yml")))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage(dir.resolve("missing.yml") + ": File not found.");
        Path binary = dir.resolve("b.yml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> Definitions.read(binary)).hasMessageEndingWith("The file is not UTF-8 text.");
    }
}

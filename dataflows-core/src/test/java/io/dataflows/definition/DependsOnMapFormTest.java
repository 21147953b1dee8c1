package io.dataflows.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.Definitions;
import io.dataflows.StepRegistry;
import io.dataflows.testkit.TestEngines;
import org.junit.jupiter.api.Test;

/**
 * tool_dataflows keys a step's dependencies by their database ids; when one of them has id 1 the PHP array is not a
 * list ({@code [1 => 'a', 7 => 'b']}) and its export writes {@code depends_on} as a map. Such a map reads as the
 * list of its values in the order written; export writes the list.
 */
class DependsOnMapFormTest {

    private static final StepRegistry REGISTRY = TestEngines.registry();

    private static final String HEAD = "name: joined\nsteps:\n"
            + "  a:\n    type: reader_array\n"
            + "  b:\n    type: reader_array\n";

    @Test
    void aMapOfStepIdsToAliasesIsTheListOfItsValues() {
        // PHP (array) on the imported map keeps the values in insertion order and ignores the keys
        Dataflow flow = Definitions.readYaml(HEAD
                + "  join:\n    type: flow_logic_join\n    depends_on: {1: a, 7: b}\n", "f.yml");

        assertThat(flow.step("join").orElseThrow().dependsOn()).containsExactly("a", "b");
    }

    @Test
    void theOrderIsTheOrderWrittenNotTheOrderOfTheKeys() {
        Dataflow flow = Definitions.readYaml(HEAD
                + "  join:\n    type: flow_logic_join\n    depends_on:\n      7: b\n      1: 'a:1'\n", "f.yml");

        assertThat(flow.step("join").orElseThrow().dependsOn()).containsExactly("b", "a:1");
    }

    @Test
    void jsonObjectsAreReadTheSameWay() {
        // json_encode writes the same PHP array as an object
        Dataflow flow = Definitions.readJson("{\"name\": \"joined\", \"steps\": {"
                + "\"a\": {\"type\": \"reader_array\"}, \"b\": {\"type\": \"reader_array\"},"
                + "\"join\": {\"type\": \"flow_logic_join\", \"depends_on\": {\"1\": \"a\", \"7\": \"b\"}}}}",
                "f.json");

        assertThat(flow.step("join").orElseThrow().dependsOn()).containsExactly("a", "b");
    }

    @Test
    void exportWritesTheListForm() {
        Dataflow flow = Definitions.readYaml(HEAD
                + "  join:\n    type: flow_logic_join\n    depends_on: {1: a, 7: b}\n", "f.yml");

        assertThat(Definitions.toYaml(flow, REGISTRY)).endsWith("  join:\n    name: join\n"
                + "    depends_on:\n      - a\n      - b\n    type: flow_logic_join\n");
    }

    @Test
    void anEmptyMapIsNoDependency() {
        // PHP: empty($stepdata['depends_on']) skips an empty array
        Dataflow flow = Definitions.readYaml(HEAD + "  c:\n    type: reader_array\n    depends_on: {}\n", "f.yml");

        assertThat(flow.step("c").orElseThrow().dependsOn()).isEmpty();
    }

    @Test
    void valuesOfTheMapAreCheckedLikeItemsOfAList() {
        assertThatThrownBy(() -> Definitions.readYaml(HEAD
                + "  join:\n    type: flow_logic_join\n    depends_on: {1: a, 7: nope}\n", "f.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("f.yml:9:27: join: The step dependency \"nope\" does not exist.");
        assertThatThrownBy(() -> Definitions.readYaml(HEAD
                + "  join:\n    type: flow_logic_join\n    depends_on: {1: {x: a}}\n", "f.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("f.yml:9:21: join: Each item of 'depends_on' must be an alias, not a map.");
    }
}

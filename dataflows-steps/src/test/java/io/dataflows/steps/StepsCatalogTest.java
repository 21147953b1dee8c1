package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StepRegistry;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the ids, config fields, groups and kinds that flows exported from tool_dataflows rely on, so that they keep
 * working. A new step type needs no entry here: {@link StepTypeConventionsTest} checks every registered type.
 */
class StepsCatalogTest {

    /** The ids inherited from tool_dataflows with their config field names (plus our additions to them). */
    private static final Map<String, List<String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("reader_csv", List.of("path", "headers", "overwriteheaders", "continueonerror", "delimiter",
                "encoding", "maxrowsize"));
        FIELDS.put("reader_json", List.of("pathtojson", "arrayexpression", "arraysortexpression", "sortorder",
                "maxsize", "maxdepth"));
        FIELDS.put("reader_array", List.of("source"));
        FIELDS.put("writer_stream", List.of("streamname", "format", "prettyprint"));
        FIELDS.put("writer_debugging", List.of());
        FIELDS.put("flow_transformer_alter", List.of("expressions"));
        FIELDS.put("flow_transformer_filter", List.of("filter"));
        FIELDS.put("flow_transformer_regex", List.of("pattern", "field"));
        FIELDS.put("flow_logic_switch", List.of("cases"));
        FIELDS.put("flow_logic_case", List.of("expression", "cases"));
        FIELDS.put("flow_logic_join", List.of());
        FIELDS.put("flow_tee", List.of());
        FIELDS.put("connector_abort", List.of("condition"));
        FIELDS.put("flow_abort", List.of("condition"));
        FIELDS.put("connector_abort_if", List.of("condition"));
        FIELDS.put("connector_noop", List.of());
        FIELDS.put("flow_noop", List.of());
        FIELDS.put("connector_log", List.of("level", "message"));
        FIELDS.put("flow_log", List.of("level", "message"));
        FIELDS.put("connector_debugging", List.of());
        FIELDS.put("connector_set_variable", List.of("field", "value"));
        FIELDS.put("flow_set_variable", List.of("field", "value"));
        FIELDS.put("connector_set_multiple_variables", List.of("field", "values"));
        FIELDS.put("flow_set_multiple_variables", List.of("field", "values"));
        FIELDS.put("connector_find", List.of("collection", "condition"));
        FIELDS.put("connector_wait", List.of("timesec"));
        FIELDS.put("trigger_cron", List.of("minute", "hour", "day", "month", "dayofweek", "schedule",
                "retryinterval", "retrycount", "timezone"));
        FIELDS.put("trigger_event", List.of("eventname", "executionpolicy"));
        FIELDS.put("trigger_webservice", List.of("token"));
    }

    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("reader_csv", "readers"), Map.entry("reader_json", "readers"),
            Map.entry("reader_array", "readers"), Map.entry("writer_stream", "writers"),
            Map.entry("writer_debugging", "writers"), Map.entry("flow_transformer_alter", "flowtransformers"),
            Map.entry("flow_transformer_filter", "flowtransformers"),
            Map.entry("flow_transformer_regex", "flowtransformers"), Map.entry("flow_logic_switch", "flowlogics"),
            Map.entry("flow_logic_case", "flowlogics"), Map.entry("flow_logic_join", "flowlogics"),
            Map.entry("flow_tee", "flowlogics"), Map.entry("connector_abort", "connectors"),
            Map.entry("flow_abort", "flows"), Map.entry("connector_abort_if", "connectors"),
            Map.entry("connector_noop", "connectors"), Map.entry("flow_noop", "flows"),
            Map.entry("connector_log", "connectors"), Map.entry("flow_log", "flows"),
            Map.entry("connector_debugging", "connectors"), Map.entry("connector_set_variable", "connectors"),
            Map.entry("flow_set_variable", "flows"), Map.entry("connector_set_multiple_variables", "connectors"),
            Map.entry("flow_set_multiple_variables", "flows"), Map.entry("connector_find", "connectors"),
            Map.entry("connector_wait", "connectors"));

    private final StepRegistry registry = StepRegistry.discover();

    @Test
    void everyBuiltInTypeIsDiscoveredWithADescription() {
        assertThat(registry.loadProblems()).isEmpty();
        for (String id : FIELDS.keySet()) {
            assertThat(registry.find(id)).as(id).isPresent();
            StepType type = registry.find(id).get();
            assertThat(type.id()).isEqualTo(id);
            assertThat(type.description()).as(id + " description").isNotBlank();
            assertThat(type.displayName()).as(id + " display name").isNotBlank().isNotEqualTo(id);
        }
    }

    @Test
    void configFieldNamesMatchTheToolDataflowsSchema() {
        for (Map.Entry<String, List<String>> e : FIELDS.entrySet()) {
            StepType type = registry.find(e.getKey()).orElseThrow();
            assertThat(type.configSchema().fields()).extracting(ConfigField::name).as(e.getKey())
                    .containsExactlyElementsOf(e.getValue());
        }
    }

    @Test
    void typesBelongToTheToolDataflowsGroupsAndKinds() {
        for (Map.Entry<String, String> e : GROUPS.entrySet()) {
            StepType type = registry.find(e.getKey()).orElseThrow();
            assertThat(type.group()).as(e.getKey()).isEqualTo(e.getValue());
            StepKind expected = e.getKey().startsWith("connector_") ? StepKind.CONNECTOR
                    : e.getKey().startsWith("reader_") ? StepKind.READER
                    : e.getKey().startsWith("writer_") ? StepKind.WRITER : StepKind.FLOW;
            assertThat(type.kind()).as(e.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void linkLimitsFollowTheMasterTable() {
        assertThat(registry.find("flow_logic_join").orElseThrow().links().toString())
                .isEqualTo("inFlow[2,20] inConnector[0,0] outFlow[1,1] outConnector[0,0]");
        assertThat(registry.find("flow_logic_switch").orElseThrow().links().toString())
                .isEqualTo("inFlow[1,1] inConnector[0,0] outFlow[2,20] outConnector[0,0]");
        assertThat(registry.find("flow_tee").orElseThrow().links().toString())
                .isEqualTo("inFlow[1,1] inConnector[0,0] outFlow[1,20] outConnector[0,0]");
        assertThat(registry.find("flow_abort").orElseThrow().links().toString())
                .isEqualTo("inFlow[1,1] inConnector[0,0] outFlow[0,1] outConnector[0,1]");
        assertThat(registry.find("reader_csv").orElseThrow().links().toString())
                .isEqualTo("inFlow[0,0] inConnector[0,1] outFlow[1,1] outConnector[0,0]");
        assertThat(registry.find("writer_stream").orElseThrow().links().toString())
                .isEqualTo("inFlow[1,1] inConnector[0,0] outFlow[0,1] outConnector[0,1]");
        assertThat(registry.find("flow_transformer_filter").orElseThrow().links().toString())
                .isEqualTo("inFlow[1,1] inConnector[0,0] outFlow[1,1] outConnector[0,0]");
        assertThat(registry.find("connector_log").orElseThrow().links().toString())
                .isEqualTo("inFlow[0,1] inConnector[0,1] outFlow[0,1] outConnector[0,1]");
    }

    @Test
    void triggersAreSourcesOfTheTriggersGroup() {
        Map<String, StepKind> kinds = Map.of("trigger_cron", StepKind.CONNECTOR, "trigger_event", StepKind.READER,
                "trigger_webservice", StepKind.CONNECTOR);
        for (Map.Entry<String, StepKind> e : kinds.entrySet()) {
            StepType type = registry.find(e.getKey()).orElseThrow();
            assertThat(type.group()).as(e.getKey()).isEqualTo("triggers");
            assertThat(type.kind()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(type).as(e.getKey()).isInstanceOf(io.dataflows.spi.TriggerStep.class);
            assertThat(type.hasSideEffects(Map.of())).as(e.getKey()).isFalse();
        }
        assertThat(registry.find("trigger_cron").orElseThrow().links().toString())
                .isEqualTo("inFlow[0,0] inConnector[0,0] outFlow[0,1] outConnector[0,1]");
        assertThat(registry.find("trigger_webservice").orElseThrow().links().toString())
                .isEqualTo("inFlow[0,0] inConnector[0,0] outFlow[0,1] outConnector[0,1]");
        assertThat(registry.find("trigger_event").orElseThrow().links().toString())
                .isEqualTo("inFlow[0,0] inConnector[0,0] outFlow[1,1] outConnector[0,0]");
    }

    @Test
    void sideEffectsFollowTheMasterTable() {
        StepType writer = registry.find("writer_stream").orElseThrow();
        assertThat(writer.hasSideEffects(Map.of())).isTrue();
        assertThat(writer.hasSideEffects(Map.of("streamname", "file:///home/out.txt"))).isTrue();
        assertThat(writer.hasSideEffects(Map.of("streamname", "/tmp/out.txt"))).isTrue();
        assertThat(writer.hasSideEffects(Map.of("streamname", "rel/out.txt"))).isFalse();
        assertThat(registry.find("flow_set_variable").orElseThrow().hasSideEffects(Map.of())).isTrue();
        assertThat(registry.find("connector_set_multiple_variables").orElseThrow().hasSideEffects(Map.of()))
                .isTrue();
        assertThat(registry.find("flow_transformer_filter").orElseThrow().hasSideEffects(Map.of())).isFalse();
        assertThat(registry.find("connector_wait").orElseThrow().hasSideEffects(Map.of())).isFalse();
    }

    @Test
    void multiOutputStepsLabelTheirOutputsWithTheCaseNames() {
        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("high", "record.score >= 90");
        cases.put("low", "true");
        assertThat(registry.find("flow_logic_switch").orElseThrow().outputLabels(Map.of("cases", cases)))
                .containsExactly("high", "low");
        assertThat(registry.find("flow_logic_case").orElseThrow().outputLabels(Map.of("cases", cases)))
                .containsExactly("high", "low");
        assertThat(registry.find("flow_tee").orElseThrow().outputPerDependant()).isTrue();
    }
}

package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StepRegistry;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file-system step types: ids, config fields (tool_dataflows' fields plus documented additions), kinds, links. */
class FileStepsCatalogTest {

    private static final Map<String, List<String>> FIELDS = new LinkedHashMap<>();

    static {
        for (String form : new String[] {"connector_", "flow_"}) {
            FIELDS.put(form + "copy_file", List.of("from", "to"));
            FIELDS.put(form + "append_file", List.of("from", "to", "chopfirstline"));
            FIELDS.put(form + "remove_file", List.of("file"));
            FIELDS.put(form + "file_put_content", List.of("path", "content"));
            FIELDS.put(form + "hash_file", List.of("path", "algorithm"));
            FIELDS.put(form + "compression", List.of("command", "method", "from", "to", "maxoutputsize", "maxratio"));
            // publickeyring, secretkeyring and armor are new: GnuPG's home directory is not read
            FIELDS.put(form + "gpg", List.of("command", "passphrase", "userid", "from", "to", "publickeyring",
                    "secretkeyring", "armor", "maxoutputsize", "maxratio"));
        }
        List<String> list = List.of("directory", "pattern", "returnvalue", "sort", "subdirectories", "offset",
                "limit");
        FIELDS.put("connector_directory_file_list", list);
        FIELDS.put("reader_directory_file_list", list);
        FIELDS.put("connector_directory_file_count", List.of("path"));
        FIELDS.put("connector_file_exists", List.of("path"));
        FIELDS.put("connector_debug_file_display", List.of("streamname"));
    }

    private final StepRegistry registry = StepRegistry.discover();

    @Test
    void everyFileStepIsDiscoveredWithItsFields() {
        assertThat(registry.loadProblems()).isEmpty();
        for (Map.Entry<String, List<String>> e : FIELDS.entrySet()) {
            StepType type = registry.find(e.getKey()).orElseThrow(() -> new AssertionError(e.getKey()));
            assertThat(type.id()).isEqualTo(e.getKey());
            assertThat(type.description()).as(e.getKey()).isNotBlank();
            assertThat(type.displayName()).as(e.getKey()).isNotBlank().isNotEqualTo(e.getKey());
            assertThat(type.configSchema().fields()).extracting(ConfigField::name).as(e.getKey())
                    .containsExactlyElementsOf(e.getValue());
        }
    }

    @Test
    void kindsGroupsAndLinksFollowTheMasterTable() {
        for (String id : FIELDS.keySet()) {
            StepType type = registry.find(id).orElseThrow();
            if (id.startsWith("connector_")) {
                assertThat(type.kind()).as(id).isEqualTo(StepKind.CONNECTOR);
                assertThat(type.group()).as(id).isEqualTo("connectors");
                assertThat(type.links().toString()).as(id)
                        .isEqualTo("inFlow[0,1] inConnector[0,1] outFlow[0,1] outConnector[0,1]");
            } else if (id.startsWith("flow_")) {
                assertThat(type.kind()).as(id).isEqualTo(StepKind.FLOW);
                assertThat(type.group()).as(id).isEqualTo("flows");
                assertThat(type.links().toString()).as(id)
                        .isEqualTo("inFlow[1,1] inConnector[0,0] outFlow[0,1] outConnector[0,1]");
            } else {
                assertThat(type.kind()).as(id).isEqualTo(StepKind.READER);
                assertThat(type.group()).as(id).isEqualTo("readers");
                assertThat(type.links().toString()).as(id)
                        .isEqualTo("inFlow[0,0] inConnector[0,1] outFlow[1,1] outConnector[0,0]");
            }
        }
    }

    @Test
    void connectorAndFlowFormsShareOneImplementation() {
        for (String capability : new String[] {"copy_file", "append_file", "remove_file", "file_put_content",
                "hash_file", "compression", "gpg"}) {
            Class<?> connector = registry.find("connector_" + capability).orElseThrow().getClass();
            Class<?> flow = registry.find("flow_" + capability).orElseThrow().getClass();
            assertThat(connector.getSuperclass()).as(capability).isEqualTo(flow.getSuperclass());
        }
    }

    @Test
    void pathFieldsAreDeclaredSoValidationChecksThem() {
        Map<String, PathAccess> expected = Map.of("from", PathAccess.READ, "to", PathAccess.WRITE,
                "file", PathAccess.WRITE, "directory", PathAccess.READ, "streamname", PathAccess.READ,
                "publickeyring", PathAccess.READ, "secretkeyring", PathAccess.READ);
        for (String id : FIELDS.keySet()) {
            for (ConfigField f : registry.find(id).orElseThrow().configSchema().fields()) {
                if (expected.containsKey(f.name())) {
                    assertThat(f.pathAccess()).as(id + "." + f.name()).contains(expected.get(f.name()));
                }
            }
            assertThat(registry.find(id).orElseThrow().configSchema().field("path")
                    .map(f -> f.pathAccess().isPresent()).orElse(true)).as(id + ".path").isTrue();
        }
        assertThat(registry.find("connector_gpg").orElseThrow().configSchema().secretFields())
                .containsExactly("passphrase");
    }
}

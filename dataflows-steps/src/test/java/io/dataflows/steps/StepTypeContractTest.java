package io.dataflows.steps;

import io.dataflows.spi.StepType;
import io.dataflows.steps.internal.connector.WaitStep;
import io.dataflows.testing.RegisteredStepTypes;
import io.dataflows.testing.StepTypeChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every step type this module registers keeps the step type contract of the test kit. The types whose dry run can
 * execute here (no database, no host functions, no key rings) get a sample config over a base directory holding
 * {@code in.txt}, {@code data.csv}, {@code data.json} and a directory {@code dir}; the dry-run check of the others is
 * skipped. Types that abort on purpose or route records to several outputs have no sample either.
 */
class StepTypeContractTest {

    /** Configs a dry run of the type can execute offline, by type id. */
    private static final Map<String, Map<String, Object>> SAMPLES = samples();

    private static Map<String, Map<String, Object>> samples() {
        Map<String, Map<String, Object>> s = new TreeMap<>();
        s.put("connector_abort_if", Map.of("condition", "false"));
        s.put("connector_append_file", Map.of("from", "in.txt", "to", "out.txt"));
        s.put("flow_append_file", Map.of("from", "in.txt", "to", "out.txt"));
        s.put("connector_compression", Map.of("command", "compress", "from", "in.txt", "to", "in.txt.gz"));
        s.put("flow_compression", Map.of("command", "compress", "from", "in.txt", "to", "in.txt.gz"));
        s.put("connector_copy_file", Map.of("from", "in.txt", "to", "copy.txt"));
        s.put("flow_copy_file", Map.of("from", "in.txt", "to", "copy.txt"));
        s.put("connector_debug_file_display", Map.of("streamname", "in.txt"));
        s.put("connector_debugging", Map.of());
        s.put("connector_directory_file_count", Map.of("path", "dir"));
        s.put("connector_directory_file_list", Map.of("directory", "dir"));
        s.put("reader_directory_file_list", Map.of("directory", "dir"));
        s.put("connector_file_exists", Map.of("path", "in.txt"));
        s.put("connector_file_put_content", Map.of("path", "out.txt", "content", "hello"));
        s.put("flow_file_put_content", Map.of("path", "out.txt", "content", "${{ record.name }}"));
        s.put("connector_hash_file", Map.of("path", "in.txt", "algorithm", "md5"));
        s.put("flow_hash_file", Map.of("path", "in.txt", "algorithm", "md5"));
        s.put("connector_log", Map.of("level", "info", "message", "hello"));
        s.put("flow_log", Map.of("level", "info", "message", "${{ record.name }}"));
        s.put("connector_noop", Map.of());
        s.put("flow_noop", Map.of());
        s.put("connector_remove_file", Map.of("file", "in.txt"));
        s.put("flow_remove_file", Map.of("file", "in.txt"));
        s.put("connector_set_variable", Map.of("field", "dataflow.vars.x", "value", 1L));
        s.put("flow_set_variable", Map.of("field", "dataflow.vars.x", "value", "${{ record.id }}"));
        s.put("connector_set_multiple_variables", Map.of("field", "dataflow.vars", "values", Map.of("a", 1L)));
        s.put("flow_set_multiple_variables", Map.of("field", "dataflow.vars", "values", Map.of("a", 1L)));
        s.put("connector_wait", Map.of("timesec", 1L));
        s.put("flow_tee", Map.of());
        s.put("flow_transformer_alter", Map.of("expressions", Map.of("upper", "${{ record.name }}")));
        s.put("flow_transformer_filter", Map.of("filter", "record.id == 1"));
        s.put("flow_transformer_regex", Map.of("pattern", "/s(a)/", "field", "name"));
        s.put("reader_array", Map.of("source", List.of(Map.of("a", 1L))));
        s.put("reader_csv", Map.of("path", "data.csv"));
        s.put("reader_json", Map.of("pathtojson", "data.json"));
        s.put("writer_debugging", Map.of());
        s.put("writer_stream", Map.of("streamname", "out.json", "format", "json"));
        s.put("trigger_cron", Map.of());
        s.put("trigger_webservice", Map.of());
        return s;
    }

    private static void prepare(Path dir) {
        try {
            Files.writeString(dir.resolve("in.txt"), "some text\n");
            Files.writeString(dir.resolve("data.csv"), "id,name\n1,ada\n");
            Files.writeString(dir.resolve("data.json"), "[{\"id\": 1, \"name\": \"ada\"}]");
            Files.createDirectories(dir.resolve("dir"));
            Files.writeString(dir.resolve("dir/a.txt"), "a");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StepTypeChecks checks(StepType type) {
        return StepTypeChecks.of(type).sampleConfig(SAMPLES.get(type.id()))
                .baseDirectory(StepTypeContractTest::prepare);
    }

    @TestFactory
    Stream<DynamicTest> everyStepTypeKeepsTheContract() {
        return RegisteredStepTypes.besides(WaitStep.class).stream().flatMap(t -> checks(t).dynamicTests().stream());
    }
}

package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowValidationException;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderStepTest {

    private static final String INPUT = "apple,berry,cucumber\n4,5,6\n7,8,9\n";

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private final DataflowEngine engine = kit.builder().build();

    private RunResult run(Dataflow flow) {
        return engine.run(flow, RunOptions.builder().baseDir(dir).build());
    }

    @Test
    void headerRowFileIsCopiedExactlyByTheCsvWriter() {
        JsonText.write(dir.resolve("input.csv"), INPUT);
        Dataflow flow = Dataflow.builder("t21")
                .step("reader", StepSpec.of("reader_csv").with("path", "input.csv").with("headers", "")
                        .with("delimiter", ","))
                .stepVar("testapple", "${{ record.apple }}")
                .step("writer", Steps.streamWriter("output.csv", "csv")).dependsOn("reader")
                .build();

        RunResult result = run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(JsonText.read(dir.resolve("output.csv"))).isEqualTo(INPUT);
        assertThat(result.variable("steps.reader.vars.testapple")).contains("7");
    }

    @Test
    void configuredHeadersMakeTheFirstLineARecord() {
        JsonText.write(dir.resolve("input.csv"), INPUT);
        Dataflow flow = Dataflow.builder("t22")
                .step("reader", Steps.csvReader("input.csv").headers("first,second,third"))
                .stepVar("testsecond", "${{ record.second }}")
                .step("writer", Steps.streamWriter("output.csv", "csv")).dependsOn("reader")
                .build();

        RunResult result = run(flow);

        assertThat(JsonText.read(dir.resolve("output.csv")))
                .isEqualTo("first,second,third\napple,berry,cucumber\n4,5,6\n7,8,9\n");
        assertThat(result.variable("steps.reader.vars.testsecond")).contains("8");
    }

    @Test
    void overwrittenHeadersReplaceTheFilesHeaderLine() {
        JsonText.write(dir.resolve("input.csv"), INPUT);
        Dataflow flow = Dataflow.builder("t23")
                .step("reader", StepSpec.of("reader_csv").with("path", "input.csv")
                        .with("headers", "first,second,third").with("overwriteheaders", "1"))
                .step("writer", Steps.streamWriter("output.csv", "csv")).dependsOn("reader")
                .build();

        run(flow).orThrow();

        assertThat(JsonText.read(dir.resolve("output.csv"))).isEqualTo("first,second,third\n4,5,6\n7,8,9\n");
    }

    @Test
    void valuesAreTextAndQuotedFieldsMaySpanLines() {
        JsonText.write(dir.resolve("in.csv"), "id;note\n1;\"multi\nline; with \"\"quotes\"\"\"\n2;plain\n");
        Dataflow flow = Dataflow.builder("quoted")
                .step("reader", Steps.csvReader("in.csv").delimiter(";"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("reader")
                .build();

        run(flow).orThrow();

        assertThat(kit.sink().records("sink")).containsExactly(
                DataRecord.of("id", "1", "note", "multi\nline; with \"quotes\""),
                DataRecord.of("id", "2", "note", "plain"));
    }

    @Test
    void anEmptyFileYieldsNoRecords() {
        JsonText.write(dir.resolve("empty.csv"), "");
        Dataflow flow = Dataflow.builder("empty")
                .step("reader", Steps.csvReader("empty.csv"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("reader")
                .build();

        RunResult result = run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).isEmpty();
        assertThat(result.variable("steps.reader.errors.header_field_count_mismatch")).contains(0L);
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsFailsTheRunNamingItsLine() {
        Path file = JsonText.write(dir.resolve("bad.csv"), "a,b,c\n1,2,3\n\"x\ny\",2\n4,5,6\n");
        Dataflow flow = Dataflow.builder("bad")
                .step("reader", Steps.csvReader("bad.csv"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("reader")
                .build();

        RunResult result = run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Step 'reader' (reader_csv)")
                .contains("Row #3: Number of fields (2) should match number of headers (3)")
                .contains(file.toString()));
        assertThat(kit.sink().records("sink")).containsExactly(DataRecord.of("a", "1", "b", "2", "c", "3"));
    }

    @Test
    void continueOnErrorSkipsAndCountsMismatchedRows() {
        JsonText.write(dir.resolve("bad.csv"), "a,b,c\n1,2,3\n1,2\n4,5,6\n7,8,9,10\n");
        Dataflow flow = Dataflow.builder("lenient")
                .step("reader", Steps.csvReader("bad.csv").continueOnError(true))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("reader")
                .build();

        RunResult result = run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).containsExactly(
                DataRecord.of("a", "1", "b", "2", "c", "3"), DataRecord.of("a", "4", "b", "5", "c", "6"));
        assertThat(result.variable("steps.reader.errors")).contains(
                java.util.Map.of("header_field_count_mismatch", 2L));
    }

    @Test
    void aMissingFileFailsWithTheResolvedPath() {
        Dataflow flow = Dataflow.builder("t24")
                .step("reader", Steps.csvReader("path/to/nowhere"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("reader")
                .build();

        RunResult result = run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Failed to open stream \"" + dir.resolve("path/to/nowhere") + "\"."));
    }

    @Test
    void aPathOutsideThePermittedDirectoriesIsRefusedByValidationAndAtRunTime(@TempDir Path elsewhere) {
        Path outside = JsonText.write(elsewhere.resolve("secret.csv"), "a\n1\n");
        Dataflow flow = Dataflow.builder("outside")
                .step("reader", Steps.csvReader(outside.toString()))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("reader")
                .build();
        assertThat(engine.validate(flow).messages()).containsExactly("Path \"" + outside + "\" is not permitted.");
        assertThatThrownBy(() -> engine.run(flow)).isInstanceOf(DataflowValidationException.class);

        // a path only known at run time is checked when the step resolves it
        Dataflow dynamic = Dataflow.builder("outside-dynamic")
                .var("file", outside.toString())
                .step("reader", Steps.csvReader("${{ dataflow.vars.file }}"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("reader")
                .build();
        RunResult result = engine.run(dynamic);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Path \"" + outside + "\" is not permitted."));
        assertThat(kit.sink().records("sink")).isEmpty();
    }
}

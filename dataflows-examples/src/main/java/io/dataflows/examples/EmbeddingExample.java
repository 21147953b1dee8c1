package io.dataflows.examples;

import static io.dataflows.steps.Steps.alter;
import static io.dataflows.steps.Steps.arrayReader;
import static io.dataflows.steps.Steps.connectorLog;
import static io.dataflows.steps.Steps.filter;
import static io.dataflows.steps.Steps.streamWriter;
import static io.dataflows.steps.Steps.switchOn;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.StepSpec;
import io.dataflows.ValidationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Embedding Dataflows in a Java application: a dataflow built with the fluent API, a custom step type
 * ({@link UppercaseStep}, found through {@code META-INF/services}), validation, a dry run and a real run.
 *
 * <p>Run it with {@code ./mvnw -q -pl dataflows-examples -am test-compile exec:java} or from an IDE; it writes into a
 * temporary directory and prints what happened.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {}

    /** The example dataflow: users → adults → shout the name → route by country → one JSON file per region. */
    public static Dataflow usersByRegion() {
        return Dataflow.builder("users-by-region")
                .description("Adults, names upper-cased, one file per region")
                .var("min_age", 18)
                .start("read", arrayReader(List.of(
                        DataRecord.of("name", "Aroha", "age", 34, "country", "NZ").asMap(),
                        DataRecord.of("name", "Ben", "age", 17, "country", "AU").asMap(),
                        DataRecord.of("name", "Chloé", "age", 52, "country", "FR").asMap())))
                .then("adults", filter("record.age >= dataflow.vars.min_age"))
                .then("shout", StepSpec.of("acme_uppercase").with("field", "name"))
                .then("tag", alter().set("region", "${{ record.country == 'NZ' ? 'nz' : 'other' }}"))
                .then("by_region", switchOn().when("nz", "record.region == 'nz'").when("other", "true"))
                .from("by_region", "nz").then("write_nz", streamWriter("out/nz.json", "json"))
                .from("by_region", "other").then("write_other", streamWriter("out/other.jsonl", "jsonl"))
                .then("report", connectorLog("info", "Wrote ${{ steps.write_other.iterations }} other record(s)"))
                .build();
    }

    /**
     * Validates and runs the example in {@code dir}: a dry run first (nothing is written), then a real run.
     *
     * @return the real run's result
     */
    public static RunResult run(Path dir, PrintStream out) {
        // One engine per application: it is immutable and thread-safe. It discovers the built-in step types and
        // UppercaseStep with ServiceLoader.
        DataflowEngine engine = DataflowEngine.builder().output(out).build();
        Dataflow flow = usersByRegion();

        // Relative paths (out/nz.json) resolve against the base directory; validate with the options of the run.
        RunOptions options = RunOptions.builder().baseDir(dir).build();
        ValidationReport report = engine.validate(flow, options);
        out.println(report);

        RunResult dry = engine.run(flow, options.toBuilder().dryRun(true).build());
        out.println("dry run: " + dry.status().label() + ", skipped: " + dry.effects());

        RunResult result = engine.run(flow, options);
        out.println("run " + result.runName() + ": " + result.status().label() + ", "
                + result.step("shout").recordsOut() + " adult(s), last: " + result.variable("steps.shout.record")
                .orElse("-"));
        return result.orThrow();
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dataflows-example");
        run(dir, System.out);
        try (var files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).sorted().forEach(f -> {
                try {
                    System.out.println(dir.relativize(f) + ": " + Files.readString(f).strip());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }
}

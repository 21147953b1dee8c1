package io.dataflows.examples;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.ExpressionMode;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.scheduler.DataflowScheduler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Dataflows on the module path: this module ({@code io.dataflows.examples}) requires {@code io.dataflows.steps}, and
 * the engine finds the built-in step types and this module's own ({@code acme_uppercase}) as services. Only the API
 * and SPI packages of {@code io.dataflows.core} are readable from here; the engine's {@code internal} packages are
 * not.
 *
 * <pre>{@code
 * java -p <the jars of dataflows-core, dataflows-steps, their dependencies and this module> \
 *      -m io.dataflows.examples/io.dataflows.examples.ModularExample [directory]
 * }</pre>
 *
 * <p>It writes a small CSV file into the directory (a temporary one by default), runs a dataflow over it — read,
 * filter, alter, upper-case, write JSON lines — once with each {@link ExpressionMode}, and prints what it wrote;
 * then hashes the file twice, and a scheduler runs a webhook dataflow as a caller of its webhook would.
 */
public final class ModularExample {

    /** The dataflow: adults of a CSV file, greeted, their names upper-cased, as JSON lines in {@code out.jsonl}. */
    static final String FLOW = """
            name: modular
            steps:
              read:
                type: reader_csv
                config:
                  path: people.csv
              adults:
                type: flow_transformer_filter
                depends_on: read
                config:
                  filter: record.age >= 18
              greet:
                type: flow_transformer_alter
                depends_on: adults
                config:
                  expressions:
                    greeting: "Kia ora, ${{ record.name }}! (${{ record.age + 1 }} next year)"
              shout:
                type: acme_uppercase
                depends_on: greet
                config:
                  field: name
              write:
                type: writer_stream
                depends_on: shout
                config:
                  streamname: out.jsonl
                  format: jsonl
            """;

    /** A webhook dataflow: its run logs the caller's payload. */
    static final String HOOK = """
            name: hook
            steps:
              hook:
                type: trigger_webservice
              greet:
                type: connector_set_variable
                depends_on: hook
                config:
                  field: dataflow.vars.greeting
                  value: "Kia ora, ${{ run.trigger.payload.name }}!"
            """;

    /** File hashes: xxh3 comes from hash4j, a module of its own; tiger192,4 reads its S-boxes from a resource. */
    static final String HASH = """
            name: hashes
            steps:
              xxh3:
                type: connector_hash_file
                config:
                  path: people.csv
                  algorithm: xxh3
              tiger:
                type: connector_hash_file
                config:
                  path: people.csv
                  algorithm: tiger192,4
            """;

    private ModularExample() {}

    /** Runs the example in {@code args[0]} (a new temporary directory when absent) and prints to standard output. */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dataflows-modular");
        run(dir, new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }

    /** Runs the example in {@code dir}, printing what the core module exports to this one and what each run wrote. */
    static void run(Path dir, PrintStream out) throws IOException {
        Module core = DataflowEngine.class.getModule();
        Module self = ModularExample.class.getModule();
        if (core.isNamed()) {
            out.println(self + " reads " + core.getName() + ": "
                    + core.getPackages().stream().filter(p -> core.isExported(p, self)).sorted()
                            .collect(Collectors.joining(", ")));
        } else {
            out.println("On the class path: nothing hides the engine's internal packages.");
        }
        Files.writeString(dir.resolve("people.csv"), "name,age\nAroha,34\nBen,17\nChloé,52\n");
        Dataflow flow = Definitions.readYaml(FLOW, "modular.yml");
        Path written = dir.resolve("out.jsonl");
        for (ExpressionMode mode : ExpressionMode.values()) {
            Files.deleteIfExists(written);
            DataflowEngine engine = DataflowEngine.builder().expressionMode(mode).build();
            RunResult result = engine.run(flow, RunOptions.builder().baseDir(dir).build());
            out.println(mode + ": " + result.status().label() + result.error().map(e -> " " + e).orElse(""));
            if (Files.exists(written)) {
                out.print(Files.readString(written));
            }
        }
        DataflowEngine engine = DataflowEngine.builder().build();
        RunResult hashed = engine.run(Definitions.readYaml(HASH, "hash.yml"), RunOptions.builder().baseDir(dir).build());
        out.println("hashes: " + hashed.status().label() + " " + hashed.variable("steps.xxh3.hash").orElse("-") + " "
                + hashed.variable("steps.tiger.hash").orElse("-"));
        // The scheduler (Quartz, an automatic module) starts a run as a webhook call would.
        try (DataflowScheduler scheduler = DataflowScheduler.builder(engine).workers(1).build()) {
            scheduler.register(Definitions.readYaml(HOOK, "hook.yml"));
            scheduler.start();
            RunResult hooked = scheduler.callWebhook("hook", null, Map.of("name", "Aroha"), "127.0.0.1", Map.of())
                    .await();
            out.println("webhook: " + hooked.status().label() + " "
                    + hooked.variable("dataflow.vars.greeting").orElse("(no greeting)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("webhook: interrupted");
        }
    }
}

package io.dataflows.bench;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.ValidationReport;
import io.dataflows.dot.DotExporter;
import io.dataflows.steps.Steps;
import java.util.Locale;

/**
 * Scale: generated dataflows of 100, 1,000 and 10,000 steps — a CSV reader, a chain of filters and alters (every
 * tenth step an alter), and a stream writer — built with the fluent API, validated, and exported to DOT. Reports the
 * first (cold) time and the median of 5 more. The flows are not run: a 10,000-step chain of flow steps would pass
 * each record through 10,000 nested calls.
 */
final class ScaleCheck {

    private ScaleCheck() {}

    static Dataflow chain(int steps) {
        Dataflow.Builder b = Dataflow.builder("scale-" + steps);
        b.step("s0", Steps.csvReader("input.csv"));
        for (int i = 1; i < steps - 1; i++) {
            if (i % 10 == 0) {
                b.step("s" + i, Steps.alter().set("f" + i, "${{ record.score ~ '-" + i + "' }}"))
                        .dependsOn("s" + (i - 1));
            } else {
                b.step("s" + i, Steps.filter("record.score >= " + (i % 100))).dependsOn("s" + (i - 1));
            }
        }
        b.step("s" + (steps - 1), Steps.streamWriter("out.jsonl", "jsonl")).dependsOn("s" + (steps - 2));
        return b.build();
    }

    /**
     * An engine for validating and drawing the generated flows: they are never run, but their relative input and
     * output paths need a base directory to be valid.
     */
    static DataflowEngine engine() {
        return DataflowEngine.builder().baseDirectory(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))
                .build();
    }

    static void run(Main.Options o) {
        String[] sizes = o.get("steps", "100,1000,10000").split(",");
        DataflowEngine engine = engine();
        DotExporter dot = DotExporter.builder().engine(engine).build();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%nScale check: a reader, a chain of filters and alters, a writer (milliseconds; cold = first"
                        + " time in this JVM, warm = median of 5 more)%n%n"));
        sb.append("| steps | build cold | build warm | validate cold | validate warm | DOT cold | DOT warm |"
                + " DOT bytes |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String s : sizes) {
            int steps = Integer.parseInt(s.trim());
            long[] build = new long[6];
            long[] validate = new long[6];
            long[] export = new long[6];
            int dotBytes = 0;
            for (int i = 0; i < 6; i++) {
                long t0 = System.nanoTime();
                Dataflow flow = chain(steps);
                long t1 = System.nanoTime();
                ValidationReport report = engine.validate(flow);
                long t2 = System.nanoTime();
                String text = dot.toDot(flow);
                long t3 = System.nanoTime();
                if (!report.isValid()) {
                    throw new IllegalStateException("generated flow is invalid: " + report.messages().subList(0,
                            Math.min(5, report.messages().size())));
                }
                build[i] = t1 - t0;
                validate[i] = t2 - t1;
                export[i] = t3 - t2;
                dotBytes = text.length();
            }
            sb.append(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %,d |%n", steps,
                    build[0] / 1e6, warm(build) / 1e6, validate[0] / 1e6, warm(validate) / 1e6, export[0] / 1e6,
                    warm(export) / 1e6, dotBytes));
            Table.log("scale: %d steps done", steps);
        }
        System.out.print(sb);
    }

    private static long warm(long[] times) {
        return Stats.median(java.util.Arrays.copyOfRange(times, 1, times.length));
    }
}

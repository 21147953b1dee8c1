package io.dataflows.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same dataflow on each runner: {@code ./dataflows run} of the reference flow with {@code --runner local},
 * {@code beam} (Beam's direct runner), and {@code flink} in Flink's mini cluster with parallelism 1 and 2, each as a
 * whole process under GNU time. Every runner must write the records of the local run (same count and
 * order-independent digest); the table has the median wall time, its CPU time and the largest peak RSS. With
 * {@code --flink-master HOST:PORT}, the Flink runs go to that cluster instead of the mini cluster (its task managers
 * must see the generated data at the same path).
 */
final class RunnersCheck {

    /** A runner and the options that select it. */
    private record Runner(String label, List<String> options) {}

    private static final List<Runner> RUNNERS = List.of(
            new Runner("local engine", List.of()),
            new Runner("Beam direct runner", List.of("--runner", "beam")),
            new Runner("Flink local, parallelism 1", List.of("--runner", "flink", "--parallelism", "1")),
            new Runner("Flink local, parallelism 2", List.of("--runner", "flink", "--parallelism", "2")));

    private final Main.Options o;

    RunnersCheck(Main.Options o) {
        this.o = o;
    }

    void run() throws Exception {
        String[] sizes = o.get("rows", "1000000").split(",");
        int runs = Integer.parseInt(o.get("runs", "3"));
        List<String> only = Arrays.asList(o.get("runners", "local,beam,flink1,flink2").split(","));
        String master = o.get("flink-master", null);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nRunners: ./dataflows run on the reference "
                + "flow, median of %d runs, %d processors%n%n", runs, Runtime.getRuntime().availableProcessors()));
        sb.append("| rows | runner | records written | wall s | CPU s | peak RSS MiB |\n|---:|---|---:|---:|---:|---:|\n");
        Timed.prepareCli(o.root());
        for (String size : sizes) {
            long rows = Main.Options.parseCount(size);
            Path dir = o.dir().resolve("rows-" + rows);
            Table.log("runners: generating %,d rows in %s", rows, dir);
            Workload.generate(dir, rows);
            Workload.Digest expected = null;
            for (int i = 0; i < RUNNERS.size(); i++) {
                Runner runner = RUNNERS.get(i);
                if (!only.contains(List.of("local", "beam", "flink1", "flink2").get(i))) {
                    continue;
                }
                boolean onCluster = master != null && runner.options().contains("flink");
                List<Double> walls = new ArrayList<>();
                List<Double> cpus = new ArrayList<>();
                long peak = 0;
                Workload.Digest digest = null;
                for (int run = 0; run < runs; run++) {
                    Files.deleteIfExists(Workload.output(dir, "dataflows"));
                    Table.log("runners: %,d rows, %s, run %d", rows, runner.label(), run + 1);
                    List<String> command = new ArrayList<>(List.of(o.root().resolve("dataflows").toString(), "run",
                            "--quiet", Workload.FLOW));
                    command.addAll(runner.options());
                    if (onCluster) {
                        command.addAll(List.of("--flink-master", master));
                    }
                    Timed.Result r = Timed.run(command, dir, Map.of());
                    walls.add(r.wallSeconds());
                    cpus.add(r.cpuSeconds());
                    peak = Math.max(peak, r.peakRssKb());
                    digest = Workload.Digest.of(Workload.output(dir, "dataflows"));
                }
                if (expected == null) {
                    expected = digest;
                } else if (!expected.equals(digest)) {
                    throw new IllegalStateException(runner.label() + " wrote other records than the local engine: "
                            + digest + " instead of " + expected);
                }
                int median = medianIndex(walls);
                String label = onCluster ? runner.label().replace("Flink local", "Flink at " + master)
                        : runner.label();
                sb.append(String.format(Locale.ROOT, "| %,d | %s | %,d | %.2f | %.2f | %d |%n", rows, label,
                        digest.lines(), walls.get(median), cpus.get(median), peak / 1024));
            }
            Files.deleteIfExists(Workload.output(dir, "dataflows"));
        }
        System.out.print(sb);
    }

    /** The index of the median of {@code values} (the lower one of an even count). */
    private static int medianIndex(List<Double> values) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(values.get(a), values.get(b)));
        return order.get((values.size() - 1) / 2);
    }
}

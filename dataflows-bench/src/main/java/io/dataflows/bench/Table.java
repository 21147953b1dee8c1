package io.dataflows.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison table: for each implementation, warm (its own JVM: warm-up runs, then the median of measured runs,
 * compared with the typed implementation) and whole process (fresh processes alternating with the lean baseline —
 * the typed loop as a program of its own, see {@link io.dataflows.bench.lean.LeanTyped} — the median of the pair
 * ratios). Every implementation's output is checked against the baseline's (line count and order-independent digest)
 * before any time is reported.
 */
final class Table {

    private final Main.Options o;
    private final Path dir;
    private final Path root;
    private final long rows;

    Table(Main.Options o) {
        this.o = o;
        this.dir = o.dir();
        this.root = o.root();
        this.rows = o.rows();
    }

    private record Warm(long medianNanos, long cpuNanos, long rssKb, long records) {}

    private record Whole(double wall, double ratio, double cpu, long rssKb) {}

    void run() throws Exception {
        List<String> impls = o.has("impl") ? Arrays.asList(o.get("impl", "").split(","))
                : Arrays.asList(Implementation.ALL);
        if (!impls.contains("typed")) {
            List<String> withBase = new ArrayList<>();
            withBase.add("typed");
            withBase.addAll(impls);
            impls = withBase;
        }
        int runs = o.getInt("runs", 5);
        boolean wholeProcess = !o.get("whole", "true").equals("false");
        boolean warmToo = !o.get("warm", "true").equals("false");
        log("generating %,d rows in %s", rows, dir);
        Workload.generate(dir, rows);

        log("baseline output");
        Implementation.create("typed").run(dir);
        Workload.Digest expected = Workload.Digest.of(Workload.output(dir, "typed"));
        String expect = expected.lines() + ":" + expected.hex();
        log("baseline: %s", expected);

        Map<String, Warm> warm = new LinkedHashMap<>();
        if (warmToo) {
            for (String impl : impls) {
                log("warm: %s (%d warm-up + %d measured runs)", impl, o.warmup(), o.iterations());
                Timed.Result r = Timed.run(Timed.java(Implementation.jvmOptions(impl), "warm", impl, "--dir", dir.toString(), "--warmup",
                        Integer.toString(o.warmup()), "--iterations", Integer.toString(o.iterations()), "--expect",
                        expect), root, Map.of());
                String line = r.stdout().lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no RESULT from " + impl));
                String[] f = line.split(" ");
                warm.put(impl, new Warm(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                        Long.parseLong(f[5])));
                log("  median %.3f s", Long.parseLong(f[2]) / 1e9);
            }
        }

        Map<String, Whole> whole = new LinkedHashMap<>();
        if (wholeProcess) {
            Timed.prepareCli(root);
            Map<String, List<Timed.Result>> results = new LinkedHashMap<>();
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            List<String> measured = new ArrayList<>(List.of(LEAN_SERIAL, LEAN_SERIAL_THP));
            measured.addAll(impls);
            for (String impl : measured) {
                log("whole process: %s vs %s, %d alternating pairs", impl, LEAN, runs);
                for (int i = 0; i < runs; i++) {
                    Timed.Result base = once(LEAN);
                    Timed.Result r = once(impl);
                    if (i == 0) {
                        check(impl, expected);
                    }
                    if (i == 0 && !results.containsKey(LEAN)) {
                        check(LEAN, expected);
                    }
                    results.computeIfAbsent(LEAN, k -> new ArrayList<>()).add(base);
                    results.computeIfAbsent(impl, k -> new ArrayList<>()).add(r);
                    ratios.computeIfAbsent(impl, k -> new ArrayList<>()).add(r.wallSeconds() / base.wallSeconds());
                }
            }
            for (Map.Entry<String, List<Timed.Result>> e : results.entrySet()) {
                List<Timed.Result> rs = e.getValue();
                double wall = Stats.median(rs.stream().mapToDouble(Timed.Result::wallSeconds).toArray());
                double cpu = Stats.median(rs.stream().mapToDouble(Timed.Result::cpuSeconds).toArray());
                long rss = Stats.median(rs.stream().mapToLong(Timed.Result::peakRssKb).toArray());
                double ratio = e.getKey().equals(LEAN) ? 1.0
                        : Stats.median(ratios.get(e.getKey()).stream().mapToDouble(Double::doubleValue).toArray());
                whole.put(e.getKey(), new Whole(wall, ratio, cpu, rss));
            }
        }
        print(impls, warm, whole, expected);
    }

    /** The whole-process baseline: the typed loop alone in its own jar, started with the JVM's defaults. */
    static final String LEAN = "lean";

    /** The same with the serial collector, which {@code ./dataflows} picks. */
    static final String LEAN_SERIAL = "lean-serialgc";

    /** The same with the serial collector and transparent huge pages, the JVM options {@code ./dataflows} adds. */
    static final String LEAN_SERIAL_THP = "lean-serialgc-thp";

    private Timed.Result once(String impl) throws Exception {
        if (impl.startsWith(LEAN)) {
            // Nothing but this jar on the class path: no benchmark harness, no other library.
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(Implementation.jvmOptions(impl));
            command.addAll(List.of("-cp", root.resolve("dataflows-bench/target/dataflows-bench-lean.jar").toString(),
                    "io.dataflows.bench.lean.LeanTyped", Workload.input(dir).toString(),
                    Workload.output(dir, impl).toString()));
            return Timed.run(command, root, Map.of());
        }
        if (impl.equals("dataflows")) {
            return Timed.run(List.of(root.resolve("dataflows").toString(), "run", "--quiet", Workload.FLOW), dir,
                    Map.of());
        }
        return Timed.run(Timed.java(Implementation.jvmOptions(impl), "once", impl, "--dir", dir.toString()), root,
                Map.of());
    }

    private void check(String impl, Workload.Digest expected) throws Exception {
        Workload.Digest d = Workload.Digest.of(Workload.output(dir, impl));
        if (!d.equals(expected)) {
            throw new IllegalStateException(impl + ": output differs from the baseline: " + d + " (expected "
                    + expected + ")");
        }
    }

    private void print(List<String> impls, Map<String, Warm> warm, Map<String, Whole> whole,
            Workload.Digest expected) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nReference workload, %,d rows (%,d written; every output identical:"
                + " %s)%n%n", rows, expected.lines(), expected.hex()));
        sb.append("| implementation | warm rows/s | warm × typed | warm CPU s | warm peak RSS MiB "
                + "| process s | process × lean | process CPU s | process peak RSS MiB |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Warm base = warm.get("typed");
        List<String> rowsShown = new ArrayList<>();
        if (!whole.isEmpty()) {
            rowsShown.addAll(List.of(LEAN, LEAN_SERIAL, LEAN_SERIAL_THP));
        }
        rowsShown.addAll(impls);
        for (String impl : rowsShown) {
            Warm w = warm.get(impl);
            Whole p = whole.get(impl);
            sb.append("| ").append(Implementation.title(impl)).append(" | ");
            if (w != null) {
                sb.append(String.format(Locale.ROOT, "%,.0f | %.2f | %.2f | %d | ", rows / (w.medianNanos / 1e9),
                        (double) w.medianNanos / base.medianNanos, w.cpuNanos / 1e9, w.rssKb / 1024));
            } else {
                sb.append("– | – | – | – | ");
            }
            if (p != null) {
                sb.append(String.format(Locale.ROOT, "%.2f | %.2f | %.2f | %d |", p.wall, p.ratio, p.cpu,
                        p.rssKb / 1024));
            } else {
                sb.append("– | – | – | – |");
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%nwarm: median of %d runs after %d warm-up runs, each implementation"
                + " in its own JVM; process: median of %d alternating pairs with the lean baseline (`java -cp"
                + " dataflows-bench-lean.jar io.dataflows.bench.lean.LeanTyped`: the typed loop alone; ratio = median of"
                + " pair ratios); CPU = user + system; Dataflows' process is `./dataflows run --quiet flow.yml` (with its"
                + " defaults: AppCDS, -XX:+UseSerialGC, transparent huge pages where the kernel gives them on"
                + " request), Dataflows JEXL mode's is the engine in a plain JVM; every"
                + " other process is `java -cp ...` (the benchmark's jar and its libraries) with the JVM's defaults (G1"
                + " on this machine) unless named.%n",
                o.iterations(), o.warmup(), o.getInt("runs", 5)));
        System.out.print(sb);
    }

    static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}

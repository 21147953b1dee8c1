package io.dataflows.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up of short commands, and what keeping state costs in it: the example flow {@code flows/hello.yml} (ten
 * rows) validated and run by {@code ./dataflows}, run with its state in an in-memory H2 database (no file, no mixed
 * mode), run by the command started directly (without the script), and run by {@link EmbeddedRun} — the library
 * with its in-memory state store, no database at all, then with its directory store (JSON files) — started with the
 * same jar, class-data archive and JVM options. Each round runs every variant once, in that order, so that they
 * share the machine's drift; the table gives the medians. Every run must print the same records.
 */
final class StartupCheck {

    private final Main.Options o;

    StartupCheck(Main.Options o) {
        this.o = o;
    }

    void run() throws Exception {
        Path stateDir = Files.createTempDirectory("dataflows-startup");
        try {
            run(stateDir);
        } finally {
            try (var files = Files.walk(stateDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Measures with the state of the runs that keep it in {@code stateDir}. */
    private void run(Path stateDir) throws Exception {
        int rounds = o.getInt("rounds", 15);
        Path root = o.root();
        Path examples = root.resolve("dataflows-examples");
        String script = root.resolve("dataflows").toString();
        String flow = "flows/hello.yml";
        String state = "--state-dir=" + stateDir;
        List<String> direct = direct(root);
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("`./dataflows validate`", List.of(script, "validate", flow));
        variants.put("`./dataflows run --quiet`", List.of(script, "run", "--quiet", state, flow));
        variants.put("`./dataflows run --quiet --db jdbc:h2:mem:startup` (state in memory, in H2)",
                List.of(script, "run", "--quiet", "--db", "jdbc:h2:mem:startup", flow));
        List<String> cli = new ArrayList<>(direct);
        cli.addAll(List.of(root.resolve("dataflows-cli/target/dataflows.jar").toString(), "io.dataflows.cli.Main",
                "run", "--quiet", state, flow));
        variants.put("the same run, started directly (`java ... io.dataflows.cli.Main run`)", cli);
        List<String> embedded = new ArrayList<>(direct);
        embedded.addAll(List.of(root.resolve("dataflows-cli/target/dataflows.jar") + java.io.File.pathSeparator
                + root.resolve("dataflows-bench/target/classes"), EmbeddedRun.class.getName(), flow));
        variants.put("the library embedded, in-memory state store, no database (`EmbeddedRun`)", embedded);
        List<String> inFiles = new ArrayList<>(embedded);
        inFiles.add(stateDir.resolve("files").toString());
        variants.put("the library embedded, state in JSON files (`StateStores.directory`)", inFiles);

        Timed.prepareCli(root);
        Map<String, List<Long>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Long>> rss = new LinkedHashMap<>();
        String records = null;
        for (int i = -1; i < rounds; i++) { // round -1: untimed, makes the archives a first command would make
            for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                long t0 = System.nanoTime();
                Timed.Result r = Timed.run(v.getValue(), examples, Map.of());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (!v.getKey().contains("validate")) {
                    if (records == null) {
                        records = r.stdout();
                    } else if (!records.equals(r.stdout())) {
                        throw new IllegalStateException(v.getKey() + " printed other records:\n" + r.stdout());
                    }
                }
                if (i >= 0) {
                    wall.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(ms);
                    cpu.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(r.cpuSeconds());
                    rss.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(r.peakRssKb());
                }
            }
            if (i >= 0) {
                Table.log("startup: round %d of %d", i + 1, rounds);
            }
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%nStart-up: flows/hello.yml (10 rows), %d rounds, each variant once per round; medians%n%n", rounds));
        sb.append("| command | wall ms | min | max | CPU s | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|\n");
        for (String k : variants.keySet()) {
            long[] w = wall.get(k).stream().mapToLong(Long::longValue).toArray();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %d |%n", k, Stats.median(w),
                    Stats.min(w), Stats.max(w),
                    Stats.median(cpu.get(k).stream().mapToDouble(Double::doubleValue).toArray()),
                    Stats.median(rss.get(k).stream().mapToLong(Long::longValue).toArray()) / 1024));
        }
        System.out.print(sb);
    }

    /**
     * {@code java} with the options {@code ./dataflows} gives a run (the run's class-data archive, the serial
     * collector, transparent huge pages when the kernel gives them on request, slf4j's provider named), up to
     * {@code -cp}; the class path and the main class follow.
     */
    private static List<String> direct(Path root) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=" + root.resolve("dataflows-cli/target/dataflows.jsa"), "-Xshare:auto",
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:+UseSerialGC"));
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        if (Files.isReadable(thp) && Files.readString(thp).contains("[madvise]")) {
            cmd.add("-XX:+UseTransparentHugePages");
        }
        cmd.addAll(List.of("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                "-Dslf4j.internal.verbosity=WARN", "-cp"));
        return cmd;
    }
}

package io.dataflows.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark launcher ({@code ./dataflows-bench/run.sh} calls it).
 *
 * <pre>
 * table   [--rows N] [--warmup W] [--iterations K] [--runs R] [--impl a,b,...]   the comparison table
 * memory  [--rows 1000000,5000000,10000000] [--xmx 64m]                          peak RSS of ./dataflows run
 * scale   [--steps 100,1000,10000]                                               build, validate, DOT times
 * runners [--rows 1000000] [--runs 3] [--runners local,beam,flink1,flink2] [--flink-master HOST:PORT]
 *                                                                  ./dataflows run --runner ...
 * http    [--records 1000] [--delay 20] [--concurrency 1,8,32] [--iterations 3]  flow_curl against a slow server
 * startup [--rounds 15]             validate and run flows/hello.yml; the run without state, embedded
 * generate --rows N                                                              just the input
 * warm IMPL [--warmup W] [--iterations K] [--expect DIGEST]    one JVM, prints a RESULT line and the threads' CPU
 * once IMPL                                                                      one run, then exit
 * </pre>
 * Common options: {@code --dir DIR} (data; default {@code dataflows-bench/target/bench-data}), {@code --root DIR}
 * (the repository, for {@code ./dataflows}).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: table|memory|scale|runners|http|startup|generate|warm IMPL|once IMPL [options]");
            System.exit(64);
        }
        Options o = new Options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "generate":
                Workload.generate(o.dir(), o.rows());
                break;
            case "once":
                once(o);
                break;
            case "warm":
                warm(o);
                break;
            case "table":
                new Table(o).run();
                break;
            case "memory":
                new MemoryCheck(o).run();
                break;
            case "scale":
                ScaleCheck.run(o);
                break;
            case "runners":
                new RunnersCheck(o).run();
                break;
            case "http":
                HttpConcurrency.table(o, System.out);
                break;
            case "startup":
                new StartupCheck(o).run();
                break;
            default:
                System.err.println("unknown command: " + args[0]);
                System.exit(64);
        }
    }

    /** One run in a fresh process: what the whole-process measurement times. */
    private static void once(Options o) throws Exception {
        Implementation impl = Implementation.create(o.positional(0));
        impl.run(o.dir());
        impl.close();
    }

    /** Warm measurement in this JVM: W warm-up runs, then K measured runs; prints one RESULT line. */
    private static void warm(Options o) throws Exception {
        String name = o.positional(0);
        Path dir = o.dir();
        Implementation impl = Implementation.create(name);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[o.iterations()];
        long[] cpu = new long[o.iterations()];
        long[] runThread = new long[o.iterations()];
        long[] secondThread = new long[o.iterations()];
        long records = 0;
        for (int i = -o.warmup(); i < o.iterations(); i++) {
            long s0 = secondThreadsCpu(threads);
            long r0 = threads.getCurrentThreadCpuTime();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            records = impl.run(dir);
            long t1 = System.nanoTime();
            long c1 = os.getProcessCpuTime();
            long r1 = threads.getCurrentThreadCpuTime();
            long s1 = secondThreadsCpu(threads);
            if (i == -o.warmup()) {
                Workload.Digest d = Workload.Digest.of(Workload.output(dir, name));
                String expect = o.get("expect", null);
                if (expect != null && !expect.equals(d.lines() + ":" + d.hex())) {
                    System.err.println(name + ": output differs from the baseline: " + d + " (expected " + expect
                            + ")");
                    System.exit(3);
                }
            }
            if (i >= 0) {
                wall[i] = t1 - t0;
                cpu[i] = c1 - c0;
                runThread[i] = r1 - r0;
                secondThread[i] = Math.max(0, s1 - s0); // a second thread that ended in between is not counted
            }
        }
        impl.close();
        System.out.println("RESULT " + name + " " + Stats.median(wall) + " " + Stats.median(cpu) + " "
                + Stats.peakRssKb() + " " + records + " " + Stats.min(wall) + " " + Stats.max(wall));
        System.out.printf(Locale.ROOT, "THREADS %s run thread %.3f s, second thread %.3f s (CPU, medians)%n", name,
                Stats.median(runThread) / 1e9, Stats.median(secondThread) / 1e9);
    }

    /**
     * CPU time so far of the threads that run the steps after a reader that reads ahead, which the engine names
     * {@code dataflows-downstream-N}; the process's own CPU time is counted in steps of 10 ms, a thread's to the
     * nanosecond.
     */
    private static long secondThreadsCpu(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("dataflows-downstream-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /** Command line options: {@code --name value} pairs and positional arguments. */
    static final class Options {
        private final Map<String, String> named = new LinkedHashMap<>();
        private final List<String> positional = new ArrayList<>();

        Options(String[] args) {
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for " + args[i]);
                    }
                    named.put(args[i].substring(2), args[++i]);
                } else {
                    positional.add(args[i]);
                }
            }
        }

        String positional(int i) {
            if (i >= positional.size()) {
                throw new IllegalArgumentException("missing argument #" + (i + 1));
            }
            return positional.get(i);
        }

        String get(String name, String defaultValue) {
            return named.getOrDefault(name, defaultValue);
        }

        boolean has(String name) {
            return named.containsKey(name);
        }

        int getInt(String name, int defaultValue) {
            return named.containsKey(name) ? Integer.parseInt(named.get(name)) : defaultValue;
        }

        Path dir() {
            return Path.of(get("dir", "dataflows-bench/target/bench-data")).toAbsolutePath().normalize();
        }

        Path root() {
            return Path.of(get("root", ".")).toAbsolutePath().normalize();
        }

        long rows() {
            return parseCount(get("rows", "1000000"));
        }

        int warmup() {
            return getInt("warmup", 5);
        }

        int iterations() {
            return getInt("iterations", 10);
        }

        static long parseCount(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            long factor = 1;
            if (t.endsWith("m")) {
                factor = 1_000_000;
                t = t.substring(0, t.length() - 1);
            } else if (t.endsWith("k")) {
                factor = 1_000;
                t = t.substring(0, t.length() - 1);
            }
            return Long.parseLong(t) * factor;
        }
    }

    static void deleteIfExists(Path p) throws IOException {
        Files.deleteIfExists(p);
    }
}

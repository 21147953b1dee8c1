package io.dataflows.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Constant memory: {@code ./dataflows run} on the reference flow with {@code -Xmx64m} for 1M, 5M and 10M rows; the
 * peak RSS must not grow with the number of rows.
 */
final class MemoryCheck {

    private final Main.Options o;

    MemoryCheck(Main.Options o) {
        this.o = o;
    }

    void run() throws Exception {
        String xmx = o.get("xmx", "64m");
        String[] sizes = o.get("rows", "1000000,5000000,10000000").split(",");
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%nMemory check: ./dataflows run on the reference flow, DATAFLOWS_JAVA_OPTS=-Xmx%s%n%n", xmx));
        sb.append("| rows | records written | wall s | CPU s | peak RSS MiB |\n|---:|---:|---:|---:|---:|\n");
        Timed.prepareCli(o.root());
        for (String size : sizes) {
            long rows = Main.Options.parseCount(size);
            Path dir = o.dir().resolve("rows-" + rows);
            Table.log("memory: generating %,d rows in %s", rows, dir);
            Workload.generate(dir, rows);
            Table.log("memory: running %,d rows", rows);
            Timed.Result r = Timed.run(List.of(o.root().resolve("dataflows").toString(), "run", "--quiet",
                    Workload.FLOW), dir, Map.of("DATAFLOWS_JAVA_OPTS", "-Xmx" + xmx));
            Workload.Digest d = Workload.Digest.of(Workload.output(dir, "dataflows"));
            sb.append(String.format(Locale.ROOT, "| %,d | %,d | %.2f | %.2f | %d |%n", rows, d.lines(),
                    r.wallSeconds(), r.cpuSeconds(), r.peakRssKb() / 1024));
            if (o.get("keep", "false").equals("false")) {
                java.nio.file.Files.deleteIfExists(Workload.output(dir, "dataflows"));
            }
        }
        System.out.print(sb);
    }
}

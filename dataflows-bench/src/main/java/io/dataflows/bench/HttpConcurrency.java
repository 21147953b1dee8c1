package io.dataflows.bench;

import com.sun.net.httpserver.HttpServer;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.StepSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code flow_curl} against a server on loopback that answers every request after a fixed delay: N records at
 * concurrency 1, 8, 32, each timed against the ideal {@code N * delay / concurrency}. Measures how close concurrent
 * requests come to hiding the server's latency; the server's own pool (64 threads) is never the limit.
 */
final class HttpConcurrency implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(64);
    private final DataflowEngine engine;
    private final Path dir;

    HttpConcurrency(Path dir, long delayMillis) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK,
        // adding 40 ms to every response on Linux: the benchmark would measure that instead of the 20 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(threads);
        server.createContext("/answer", exchange -> {
            try {
                Thread.sleep(delayMillis);
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
        engine = DataflowEngine.builder().baseDirectory(dir).build();
    }

    /** Sends {@code records} requests at {@code concurrency}; returns the run's wall time in nanoseconds. */
    long run(int records, int concurrency) {
        List<Map<String, Object>> rows = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            rows.add(Map.of("n", (long) i));
        }
        Dataflow flow = Dataflow.builder("http-" + concurrency)
                .start("read", StepSpec.of("reader_array").with("source", rows))
                .then("call", StepSpec.of("flow_curl")
                        .with("curl", "http://127.0.0.1:" + server.getAddress().getPort() + "/answer?n=${{ record.n }}")
                        .with("concurrency", concurrency))
                .then("write", StepSpec.of("writer_stream").with("streamname", "http-" + concurrency + ".jsonl")
                        .with("format", "jsonl"))
                .build();
        long t0 = System.nanoTime();
        RunResult result = engine.run(flow);
        long took = System.nanoTime() - t0;
        if (!result.isSuccess() || result.step("write").recordsIn() != records) {
            throw new IllegalStateException("the run failed: " + result);
        }
        return took;
    }

    /** Runs the table: for each concurrency, {@code warmup} runs, then the median of {@code iterations}. */
    static void table(Main.Options o, PrintStream out) throws Exception {
        int records = o.getInt("records", 1_000);
        long delay = o.getInt("delay", 20);
        int warmup = o.getInt("warmup", 1);
        int iterations = o.getInt("iterations", 3);
        String[] levels = o.get("concurrency", "1,8,32").split(",");
        try (HttpConcurrency bench = new HttpConcurrency(o.dir().resolve("http"), delay)) {
            out.printf(Locale.ROOT, "flow_curl, %d records, server answers after %d ms (median of %d runs)%n",
                    records, delay, iterations);
            out.println("| concurrency | wall time | ideal (records x delay / concurrency) | ratio |");
            out.println("|---:|---:|---:|---:|");
            for (String level : levels) {
                int c = Integer.parseInt(level.strip());
                for (int i = 0; i < warmup; i++) {
                    bench.run(records, c);
                }
                long[] times = new long[iterations];
                for (int i = 0; i < iterations; i++) {
                    times[i] = bench.run(records, c);
                }
                double median = Stats.median(times) / 1e9;
                double ideal = records * delay / 1000.0 / c;
                out.printf(Locale.ROOT, "| %d | %.2f s | %.2f s | %.2f |%n", c, median, ideal, median / ideal);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    Path dir() {
        return dir;
    }
}

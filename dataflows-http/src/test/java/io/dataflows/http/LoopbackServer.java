package io.dataflows.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on 127.0.0.1 for the tests: answers with handlers per path and records every request. */
final class LoopbackServer implements AutoCloseable {

    /** What a handler answers. */
    @FunctionalInterface
    interface Handler {
        void handle(Request request, HttpExchange exchange) throws Exception;
    }

    /** A request the server received. */
    record Request(String method, String path, Map<String, String> headers, String body, long atNanos, int number) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    /**
     * The exchange's attribute that ends its request's time in flight, once: as {@link #answer} starts answering, or
     * when the handler returns without it. Counted until the handler returned, a client that sends its next request
     * as soon as it has the answer would find the previous one still counted.
     */
    private static final String LEAVE_FLIGHT = "loopback.leaveFlight";

    LoopbackServer() throws IOException {
        // TCP_NODELAY: otherwise the server's separate header and body writes wait for the client's delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.start();
    }

    /** Answers requests to {@code path} with {@code handler}. */
    LoopbackServer on(String path, Handler handler) {
        server.createContext(path, exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            AtomicBoolean left = new AtomicBoolean();
            Runnable leave = () -> {
                if (left.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                }
            };
            exchange.setAttribute(LEAVE_FLIGHT, leave);
            try {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Request r;
                synchronized (requests) {
                    r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body,
                            System.nanoTime(), requests.size() + 1);
                    requests.add(r);
                }
                handler.handle(r, exchange);
            } catch (Exception e) {
                if (!(e instanceof IOException)) {
                    exchange.sendResponseHeaders(599, -1);
                }
            } finally {
                leave.run();
                exchange.close();
            }
        });
        return this;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The most requests the server handled at once. */
    int mostInFlight() {
        return mostInFlight.get();
    }

    /** Answers {@code status} with {@code body} and the given headers. */
    static void answer(HttpExchange exchange, int status, String body, String... headers) throws IOException {
        for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (exchange.getAttribute(LEAVE_FLIGHT) instanceof Runnable leave) {
            leave.run();
        }
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

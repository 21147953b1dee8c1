package io.dataflows.scheduler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link WebhookHandler} (and any extra {@link WebEndpoint}s, such as a health check) over HTTP with the
 * JDK's built-in server ({@code com.sun.net.httpserver}): no dependency, enough for webhooks and events. Binds to
 * {@code 127.0.0.1} unless told otherwise; put a TLS-terminating proxy in front to expose it.
 *
 * <pre>{@code
 * try (WebhookHttpServer server = WebhookHttpServer.builder(WebhookHandler.builder(scheduler).build())
 *         .port(8080)
 *         .route("/health", (method, path, query, headers, body, remote) -> WebResponse.json(200, Map.of()))
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Requests to {@code /hooks/...} and {@code /events/...} go to the handler, requests to a path registered with
 * {@link Builder#route} to its endpoint, others get 404. A body longer than the handler's
 * {@link WebhookHandler#maxBodyBytes} is not read beyond that limit. An endpoint that throws gets the caller a 500
 * (the exception is logged). Thread-safe.
 */
public final class WebhookHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.scheduler.webhooks");

    private final HttpServer server;
    private final ExecutorService executor;
    private final WebhookHandler handler;
    private final Map<String, WebEndpoint> routes;

    private WebhookHttpServer(Builder b) throws IOException {
        this.handler = b.handler;
        this.routes = Map.copyOf(b.routes);
        this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 0);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "dataflows-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /** A builder of a server for {@code handler}. */
    public static Builder builder(WebhookHandler handler) {
        return new Builder(handler);
    }

    /** The address the server listens on (with the port chosen when {@link Builder#port} was 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The server's base address, {@code http://127.0.0.1:8080}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    /** Stops listening; calls being answered get a second to finish. Idempotent. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            WebEndpoint endpoint = handler.handles(path) ? handler : routes.get(path);
            WebResponse response;
            if (endpoint == null) {
                response = WebResponse.json(404, Map.of("error", "Not found."));
            } else {
                byte[] body = readBody(exchange, handler.maxBodyBytes());
                response = body == null
                        ? WebResponse.json(413, Map.of("error", "The body is larger than " + handler.maxBodyBytes()
                                + " bytes."))
                        : call(endpoint, exchange, path, query, body);
            }
            respond(exchange, response);
        } catch (IOException e) {
            log.debug("HTTP exchange with {} failed: {}", exchange.getRemoteAddress(), e.toString());
        } catch (RuntimeException e) {
            log.warn("HTTP exchange with {} failed", exchange.getRemoteAddress(), e);
        }
    }

    private static WebResponse call(WebEndpoint endpoint, HttpExchange exchange, String path, String query,
            byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
        try {
            WebResponse r = endpoint.handle(exchange.getRequestMethod(), path, query == null ? "" : query, headers,
                    body, exchange.getRemoteAddress().getAddress().getHostAddress());
            return Objects.requireNonNull(r, "the endpoint answered null");
        } catch (RuntimeException e) {
            log.warn("Endpoint for {} {} failed", exchange.getRequestMethod(), path, e);
            return WebResponse.json(500, Map.of("error", "Internal error."));
        }
    }

    /**
     * The body, or null when it is longer than {@code max}: never more than {@code max + 1} bytes are read (the
     * server drains a little of the rest, or closes the connection).
     */
    private static byte[] readBody(HttpExchange exchange, int max) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(max + 1);
            return body.length > max ? null : body;
        }
    }

    private static void respond(HttpExchange exchange, WebResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = response.body();
        boolean empty = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Builds and starts a {@link WebhookHttpServer}. Not thread-safe. */
    public static final class Builder {
        private final WebhookHandler handler;
        private String host = "127.0.0.1";
        private int port;
        private int threads = 8;
        private final Map<String, WebEndpoint> routes = new LinkedHashMap<>();

        private Builder(WebhookHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The address to listen on; default {@code 127.0.0.1} (this machine only). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The port; default 0, a free port chosen by the system ({@link WebhookHttpServer#port()} tells which).
         *
         * @throws IllegalArgumentException unless between 0 and 65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * How many requests are answered at once (a call with {@code ?wait=true} holds one while it waits);
         * default 8.
         *
         * @throws IllegalArgumentException unless between 1 and 256
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be between 1 and 256: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Answers requests to exactly {@code path} (any method) with {@code endpoint}.
         *
         * @throws IllegalArgumentException unless the path starts with {@code /}, or if it is under
         *     {@code /hooks/} or {@code /events/}, which the webhook handler answers
         */
        public Builder route(String path, WebEndpoint endpoint) {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(endpoint, "endpoint");
            if (!path.startsWith("/") || handler.handles(path)) {
                throw new IllegalArgumentException("a route must start with / and not be under /hooks/ or "
                        + "/events/: " + path);
            }
            routes.put(path, endpoint);
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @throws UncheckedIOException if the address cannot be bound
         */
        public WebhookHttpServer start() {
            try {
                return new WebhookHttpServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
            }
        }
    }
}

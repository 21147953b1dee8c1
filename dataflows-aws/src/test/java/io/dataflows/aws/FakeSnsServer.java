package io.dataflows.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small server on loopback that speaks the part of the SNS Query API the steps use: {@code CreateTopic} and
 * {@code Publish} (form-encoded POSTs, XML answers as AWS documents them). It records every request. Requests
 * without an AWS Signature Version 4 {@code Authorization} header are refused (403, as AWS does); a topic named
 * {@code missing} exists by name but publishing to it answers {@code NotFound}.
 */
final class FakeSnsServer implements AutoCloseable {

    static final String ACCOUNT = "123456789012";

    /** One request as the server received it. */
    record Request(String method, String path, String authorization, Map<String, String> form) {
        String action() {
            return form.get("Action");
        }
    }

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger published = new AtomicInteger();
    private final String region;

    FakeSnsServer(String region) throws IOException {
        this.region = region;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL to give as the step's {@code endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests received so far, in order. */
    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    String arn(String name) {
        return "arn:aws:sns:" + region + ":" + ACCOUNT + ":" + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    form.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    authorization == null ? "" : authorization, form));
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                error(exchange, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
                return;
            }
            String action = form.getOrDefault("Action", "");
            switch (action) {
                case "CreateTopic":
                    respond(exchange, 200, "<CreateTopicResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                            + "<CreateTopicResult><TopicArn>" + arn(form.get("Name")) + "</TopicArn>"
                            + "</CreateTopicResult><ResponseMetadata><RequestId>req-create</RequestId>"
                            + "</ResponseMetadata></CreateTopicResponse>");
                    return;
                case "Publish":
                    if (form.getOrDefault("TopicArn", "").endsWith(":missing")) {
                        error(exchange, 404, "NotFound", "Topic does not exist");
                        return;
                    }
                    respond(exchange, 200, "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                            + "<PublishResult><MessageId>msg-" + published.incrementAndGet() + "</MessageId>"
                            + "</PublishResult><ResponseMetadata><RequestId>req-publish</RequestId>"
                            + "</ResponseMetadata></PublishResponse>");
                    return;
                default:
                    error(exchange, 400, "InvalidAction", "The action " + action + " is not valid for this endpoint.");
            }
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(exchange, status, "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"
                + "<Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>req-error</RequestId></ErrorResponse>");
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

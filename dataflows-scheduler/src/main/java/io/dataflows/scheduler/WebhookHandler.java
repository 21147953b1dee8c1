package io.dataflows.scheduler;

import io.dataflows.DataflowException;
import io.dataflows.DataflowValidationException;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.TriggerSpec;
import io.dataflows.scheduler.internal.JsonBodies;
import io.dataflows.scheduler.internal.Tokens;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers webhook calls and event publications over HTTP, for any web stack: mount it on {@code /hooks/*} and
 * {@code /events/*} and pass each request to {@link #handle}; {@link WebhookHttpServer} does so with the JDK's
 * HTTP server. Thread-safe.
 *
 * <h2>{@code POST /hooks/{dataflow name}}</h2>
 * Starts a run of a registered dataflow whose trigger is a webhook ({@code trigger_webservice}). The body is a JSON
 * object (at most {@link Builder#maxBodyBytes}, 1 MiB by default); the run sees it as {@code run.trigger.payload},
 * with the caller's address as {@code run.trigger.address} and the {@link Builder#passHeaders passed headers} as
 * {@code run.trigger.headers}. When the trigger has a token, the call must carry
 * {@code Authorization: Bearer <token>} (compared in constant time). Answers, all JSON:
 * <table>
 *   <caption>Answers of a webhook call</caption>
 *   <tr><th>status</th><th>when</th><th>body</th></tr>
 *   <tr><td>202</td><td>the run is started</td><td>{@code {"run":"<run id>"}}</td></tr>
 *   <tr><td>200</td><td>with {@code ?wait=true}: the run ended within {@link Builder#waitTimeout} (else 202)</td>
 *       <td>{@code {"run":"<id>","status":"finalised","error":null}}</td></tr>
 *   <tr><td>400</td><td>the body is not a JSON object</td><td>{@code {"error":"..."}}</td></tr>
 *   <tr><td>401</td><td>the token is missing or wrong</td><td>{@code {"error":"..."}}</td></tr>
 *   <tr><td>404</td><td>no such dataflow, or it has no webhook trigger</td><td>{@code {"error":"..."}}</td></tr>
 *   <tr><td>405</td><td>a method other than POST</td><td>{@code {"error":"..."}}</td></tr>
 *   <tr><td>409</td><td>the dataflow is disabled, invalid, or running and not concurrent</td>
 *       <td>{@code {"error":"..."}}</td></tr>
 *   <tr><td>413</td><td>the body is too large</td><td>{@code {"error":"..."}}</td></tr>
 *   <tr><td>503</td><td>the scheduler is not started or closing, or no worker was free within
 *       {@link Builder#startTimeout}</td><td>{@code {"error":"..."}}</td></tr>
 * </table>
 *
 * <h2>{@code POST /events/{event name}}</h2>
 * Publishes an event ({@link DataflowScheduler#publish}) whose data is the body's JSON object. Enabled only with
 * {@link Builder#eventToken}, which callers present as {@code Authorization: Bearer <token>}. Answers
 * {@code 202 {"event":<first id>,"events":[<ids>]}} — one id per dataflow that listens to the event, so
 * {@code "event"} is null and {@code "events"} empty when none does — or 400, 401, 404 (not enabled), 405, 413, 503
 * as above.
 *
 * <p>Tokens are never logged: the log has one line per call, with method, path, caller and status.
 */
public final class WebhookHandler implements WebEndpoint {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.scheduler.webhooks");

    /** The default limit of a body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** Headers a run never sees, whatever {@link Builder#passHeaders} says: they carry credentials. */
    private static final Set<String> NEVER_PASSED = Set.of("authorization", "proxy-authorization", "cookie");

    private final DataflowScheduler scheduler;
    private final int maxBodyBytes;
    private final Duration waitTimeout;
    private final Duration startTimeout;
    private final @Nullable String eventToken;
    private final Set<String> passHeaders;

    private WebhookHandler(Builder b) {
        this.scheduler = b.scheduler;
        this.maxBodyBytes = b.maxBodyBytes;
        this.waitTimeout = b.waitTimeout;
        this.startTimeout = b.startTimeout;
        this.eventToken = b.eventToken;
        this.passHeaders = Set.copyOf(b.passHeaders);
    }

    /** A builder of a handler for {@code scheduler}'s webhooks and events. */
    public static Builder builder(DataflowScheduler scheduler) {
        return new Builder(scheduler);
    }

    /** The largest body accepted, in bytes; a server need not read more than one byte beyond it. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Whether this handler answers {@code path}: {@code /hooks/...} and {@code /events/...}. */
    public boolean handles(String path) {
        return path.startsWith("/hooks/") || path.startsWith("/events/");
    }

    @Override
    public WebResponse handle(String method, String path, String query, Map<String, List<String>> headers,
            byte[] body, String remoteAddress) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        WebResponse response = answer(method, path, query == null ? "" : query, lowerCase(headers), body,
                remoteAddress);
        log.debug("{} {} from {}: {}", method, path, remoteAddress, response.status());
        return response;
    }

    private WebResponse answer(String method, String path, String query, Map<String, List<String>> headers,
            byte[] body, String remote) {
        boolean hook = path.startsWith("/hooks/");
        if (!hook && !path.startsWith("/events/")) {
            return error(404, "Not found.");
        }
        String name = decodeSegment(path.substring(hook ? "/hooks/".length() : "/events/".length()));
        if (name == null || name.isEmpty()) {
            return error(404, "Not found.");
        }
        if (!method.equals("POST")) {
            return WebResponse.json(405, Map.of("error", "Method " + method + " is not allowed: use POST."),
                    Map.of("Allow", "POST"));
        }
        String token = Tokens.bearer(first(headers, "authorization"));
        return hook ? hook(name, token, query, headers, body, remote) : event(name, token, body, remote);
    }

    private WebResponse hook(String name, @Nullable String token, String query, Map<String, List<String>> headers,
            byte[] body, String remote) {
        Optional<TriggerSpec> trigger = scheduler.trigger(name);
        if (!(trigger.orElse(null) instanceof TriggerSpec.Webhook webhook)) {
            return error(404, "No dataflow '" + name + "' with a webhook trigger is registered.");
        }
        if (webhook.token().isPresent() && !Tokens.matches(webhook.token().get(), token)) {
            log.info("Webhook call of dataflow '{}' from {} refused: {} token", name, remote,
                    token == null ? "no" : "wrong");
            return unauthorized("The webhook of dataflow '" + name
                    + "' needs its token: Authorization: Bearer <token>.");
        }
        WebResponse bad = checkBody(body);
        if (bad != null) {
            return bad;
        }
        Map<String, Object> payload;
        try {
            payload = JsonBodies.object(body);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        TriggeredRun run;
        try {
            run = scheduler.callWebhook(name, token, payload, remote, passed(headers));
        } catch (WebhookRefusedException e) {
            return switch (e.reason()) {
                case NOT_FOUND -> error(404, e.getMessage());
                case UNAUTHORIZED -> unauthorized(e.getMessage());
                case DISABLED, INVALID, LOCKED -> error(409, e.getMessage());
                case UNAVAILABLE -> unavailable(e.getMessage());
            };
        }
        try {
            if (!run.awaitStart(startTimeout)) {
                run.cancel("no worker was free within " + startTimeout);
                return unavailable("No worker is free to run dataflow '" + name + "'; try again later.");
            }
            if (run.isDone()) {
                WebResponse early = endedWithoutRunning(name, run);
                if (early != null) {
                    return early;
                }
            }
            String runId = run.runId().orElseThrow();
            if (wantsWait(query)) {
                Optional<RunResult> result = run.await(waitTimeout);
                if (result.isPresent()) {
                    RunResult r = result.get();
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("run", runId);
                    answer.put("status", r.status().label());
                    answer.put("error", r.error().or(r::cancelReason).orElse(null));
                    return WebResponse.json(200, answer);
                }
            }
            return WebResponse.json(202, Map.of("run", runId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("The server is stopping.");
        } catch (DataflowException e) {
            return error(500, "The run of dataflow '" + name + "' could not run.");
        }
    }

    /** The answer for a run that ended before it ran (blocked, refused by the engine), or null if it ran. */
    private static @Nullable WebResponse endedWithoutRunning(String name, TriggeredRun run) {
        try {
            RunResult result = run.result().join();
            if (result.status() == RunStatus.BLOCKED) {
                return error(409, "Dataflow '" + name + "' is locked by another run.");
            }
            return null;
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DataflowValidationException) {
                return error(409, "Dataflow '" + name + "' is invalid.");
            }
            if (cause instanceof DataflowException && !run.runId().isPresent()) {
                return error(409, "Dataflow '" + name + "' could not start: "
                        + ((DataflowException) cause).getOriginalMessage());
            }
            return error(500, "The run of dataflow '" + name + "' could not run.");
        }
    }

    private WebResponse event(String name, @Nullable String token, byte[] body, String remote) {
        if (eventToken == null) {
            return error(404, "Publishing events over HTTP is not enabled.");
        }
        if (!Tokens.matches(eventToken, token)) {
            log.info("Event '{}' from {} refused: {} token", name, remote, token == null ? "no" : "wrong");
            return unauthorized("Publishing events needs the event token: Authorization: Bearer <token>.");
        }
        WebResponse bad = checkBody(body);
        if (bad != null) {
            return bad;
        }
        Map<String, Object> data;
        try {
            data = JsonBodies.object(body);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        List<Long> ids;
        try {
            ids = scheduler.publish(name, data);
        } catch (IllegalStateException e) {
            return unavailable(e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("event", ids.isEmpty() ? null : ids.get(0));
        answer.put("events", ids);
        return WebResponse.json(202, answer);
    }

    private @Nullable WebResponse checkBody(byte[] body) {
        if (body.length > maxBodyBytes) {
            return error(413, "The body is larger than " + maxBodyBytes + " bytes.");
        }
        return null;
    }

    /** The headers a run sees: those to pass, each with its values joined by {@code ", "}. */
    private Map<String, String> passed(Map<String, List<String>> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : passHeaders) {
            List<String> values = headers.get(name);
            if (values != null && !values.isEmpty()) {
                out.put(name, String.join(", ", values));
            }
        }
        return out;
    }

    private static boolean wantsWait(String query) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals("wait")) {
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                return value.equalsIgnoreCase("true");
            }
        }
        return false;
    }

    /** A path segment with its percent-escapes decoded as UTF-8 ({@code +} stays); null when malformed. */
    private static @Nullable String decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
                if (lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                out.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
                    List<String> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                });
            }
        });
        return out;
    }

    private static @Nullable String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static WebResponse error(int status, String message) {
        return WebResponse.json(status, Map.of("error", message));
    }

    private static WebResponse unauthorized(String message) {
        return WebResponse.json(401, Map.of("error", message), Map.of("WWW-Authenticate", "Bearer"));
    }

    private static WebResponse unavailable(String message) {
        return WebResponse.json(503, Map.of("error", message), Map.of("Retry-After", "10"));
    }

    /** Builds a {@link WebhookHandler}. Not thread-safe. */
    public static final class Builder {
        private final DataflowScheduler scheduler;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration waitTimeout = Duration.ofSeconds(30);
        private Duration startTimeout = Duration.ofSeconds(10);
        private String eventToken;
        private final Set<String> passHeaders = new LinkedHashSet<>(
                List.of("content-type", "user-agent", "x-request-id", "x-forwarded-for"));

        private Builder(DataflowScheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        }

        /**
         * The largest body accepted (413 beyond); default 1 MiB.
         *
         * @throws IllegalArgumentException unless between 2 and 64 MiB
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 2 || bytes > 64 << 20) {
                throw new IllegalArgumentException("maxBodyBytes must be between 2 and 64 MiB: " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * How long a call with {@code ?wait=true} waits for the run to end before answering 202 anyway; default 30
         * seconds.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder waitTimeout(Duration timeout) {
            this.waitTimeout = nonNegative(timeout, "waitTimeout");
            return this;
        }

        /**
         * How long a call waits for a free worker to start its run before answering 503 (the run is then
         * withdrawn); default 10 seconds.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = nonNegative(timeout, "startTimeout");
            return this;
        }

        /**
         * Enables {@code POST /events/{name}} for callers presenting {@code token} as a bearer token. Without it,
         * events cannot be published over HTTP (404).
         *
         * @throws IllegalArgumentException if the token is shorter than 16 characters
         */
        public Builder eventToken(String token) {
            Objects.requireNonNull(token, "token");
            if (token.strip().length() < 16) {
                throw new IllegalArgumentException("the event token must have at least 16 characters");
            }
            this.eventToken = token.strip();
            return this;
        }

        /**
         * The request headers a webhook run sees under {@code run.trigger.headers} (names in lower case), in place
         * of the default {@code content-type}, {@code user-agent}, {@code x-request-id} and
         * {@code x-forwarded-for}.
         *
         * @throws IllegalArgumentException for {@code Authorization}, {@code Proxy-Authorization} and
         *     {@code Cookie}, which carry credentials and are never passed
         */
        public Builder passHeaders(Collection<String> names) {
            Set<String> lower = new LinkedHashSet<>();
            for (String n : names) {
                String l = Objects.requireNonNull(n, "header name").strip().toLowerCase(Locale.ROOT);
                if (NEVER_PASSED.contains(l)) {
                    throw new IllegalArgumentException("header " + n + " carries credentials and is never passed");
                }
                lower.add(l);
            }
            passHeaders.clear();
            passHeaders.addAll(lower);
            return this;
        }

        private static Duration nonNegative(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }

        /** Builds the handler; it answers at once (the scheduler it calls may still be starting). */
        public WebhookHandler build() {
            return new WebhookHandler(this);
        }
    }
}

package io.dataflows.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.Trigger;
import io.dataflows.scheduler.RecordingSchedulerListener.Started;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhooks and events over real loopback HTTP, through WebhookHttpServer: every answer, exact bodies. */
class WebhookHttpTest {

    private static final String TOKEN = "hook-secret-7d1f9a";
    private static final String EVENT_TOKEN = "event-secret-0b2c4e6a";
    private static final StepSpec WORK = StepSpec.of(TestConnector.ID);

    private final SchedulerFixture f = SchedulerFixture.inMemory();
    private final HttpClient client = HttpClient.newHttpClient();
    private WebhookHttpServer server;

    private void serve(boolean start, WebhookHandler.Builder settings) {
        f.scheduler.register(Dataflow.builder("hook")
                .start("hook", StepSpec.of(TestWebhookTrigger.ID).with("token", TOKEN)).then("work", WORK).build());
        f.scheduler.register(Dataflow.builder("open").start("hook", StepSpec.of(TestWebhookTrigger.ID))
                .then("work", WORK).build());
        f.scheduler.register(Dataflow.builder("failing").start("hook", StepSpec.of(TestWebhookTrigger.ID))
                .then("work", StepSpec.of(TestConnector.ID).with("outcome", "abort")).build());
        f.scheduler.register(Dataflow.builder("off").enabled(false).start("hook", StepSpec.of(TestWebhookTrigger.ID))
                .then("work", WORK).build());
        f.scheduler.register(Dataflow.builder("broken").start("hook", StepSpec.of(TestWebhookTrigger.ID))
                .then("work", StepSpec.of("no_such_type")).build());
        f.scheduler.register(Dataflow.builder("slow").start("hook", StepSpec.of(TestWebhookTrigger.ID))
                .then("work", StepSpec.of(GateStep.ID).with("gate", "slow")).build());
        f.scheduler.register(Dataflow.builder("tick").start("cron", StepSpec.of(TestCronTrigger.ID).with("every", 3600))
                .then("work", WORK).build());
        f.scheduler.register(Dataflow.builder("listener")
                .start("events", StepSpec.of(TestEventTrigger.ID).with("eventname", "user_created"))
                .then("sink", StepSpec.of(CollectingSink.ID)).build());
        if (start) {
            f.scheduler.start();
        }
        server = WebhookHttpServer.builder(settings.build())
                .route("/health", (method, path, query, headers, body, remote) -> WebResponse.json(200,
                        Map.of("started", f.scheduler.isStarted())))
                .start();
    }

    private void serve() {
        serve(true, WebhookHandler.builder(f.scheduler).eventToken(EVENT_TOKEN));
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        f.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers)
            throws IOException, InterruptedException {
        return send("POST", path, body, headers);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static void assertJson(HttpResponse<String> r, int status, String body) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    }

    @Test
    void aCallWithItsTokenStartsARunThatSeesThePayload() throws Exception {
        serve();

        HttpResponse<String> r = post("/hooks/hook", "{\"course\":{\"id\":42},\"tags\":[\"a\",\"b\"],\"x\":1.5}",
                "Authorization", bearer(TOKEN), "Content-Type", "application/json", "X-Request-Id", "req-1",
                "Cookie", "session=1");

        assertThat(r.statusCode()).isEqualTo(202);
        Started started = f.listener.started("hook").get(0);
        assertJson(r, 202, "{\"run\":\"" + started.runId() + "\"}");
        assertThat(started.trigger()).isEqualTo(Trigger.WEBHOOK);
        assertThat(started.details()).containsOnlyKeys("payload", "address", "headers")
                .containsEntry("payload", Map.of("course", Map.of("id", 42L), "tags", List.of("a", "b"), "x", 1.5))
                .containsEntry("address", "127.0.0.1");
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) started.details().get("headers");
        assertThat(headers).containsEntry("content-type", "application/json").containsEntry("x-request-id", "req-1")
                .containsKey("user-agent").doesNotContainKeys("authorization", "cookie");
        Eventually.until("the run ended", () -> f.results("hook").size() == 1);
        assertThat(f.results("hook").get(0).runId()).isEqualTo(started.runId());
        assertThat(f.results("hook").get(0).status()).isEqualTo(RunStatus.FINALISED);
    }

    @Test
    void waitTrueAnswersWithTheResult() throws Exception {
        serve();

        HttpResponse<String> ok = post("/hooks/open?wait=true", "{}");
        RunResult finalised = f.results("open").get(0);
        assertJson(ok, 200, "{\"run\":\"" + finalised.runId() + "\",\"status\":\"finalised\",\"error\":null}");

        HttpResponse<String> failed = post("/hooks/failing?x=1&wait=TRUE", "{\"a\":null}");
        RunResult aborted = f.results("failing").get(0);
        assertJson(failed, 200, "{\"run\":\"" + aborted.runId()
                + "\",\"status\":\"aborted\",\"error\":\"Dataflow aborted by step 'work': stop here\"}");

        HttpResponse<String> noWait = post("/hooks/open?wait=false", "{}");
        assertThat(noWait.statusCode()).isEqualTo(202);
    }

    @Test
    void waitTrueIsBoundedAndThenAnswersLikeWithoutIt() throws Exception {
        serve(true, WebhookHandler.builder(f.scheduler).waitTimeout(Duration.ofMillis(100)));

        HttpResponse<String> r = post("/hooks/slow?wait=true", "{}");

        Started started = f.listener.started("slow").get(0);
        assertJson(r, 202, "{\"run\":\"" + started.runId() + "\"}");
        f.gates.open("slow");
    }

    @Test
    void aMissingOrWrongTokenIs401() throws Exception {
        serve();
        String body = "{\"error\":\"The webhook of dataflow 'hook' needs its token: Authorization: Bearer <token>.\"}";

        for (String[] headers : List.of(new String[0], new String[] {"Authorization", bearer("wrong")},
                new String[] {"Authorization", bearer(TOKEN + "x")}, new String[] {"Authorization", TOKEN},
                new String[] {"Authorization", "Basic " + TOKEN}, new String[] {"X-Token", TOKEN})) {
            HttpResponse<String> r = post("/hooks/hook", "{}", headers);
            assertJson(r, 401, body);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        }
        assertThat(f.listener.started()).isEmpty();
        // The scheme is case-insensitive, as HTTP says.
        assertThat(post("/hooks/hook", "{}", "Authorization", "bearer " + TOKEN).statusCode()).isEqualTo(202);
    }

    @Test
    void unknownDataflowsAndDataflowsWithoutAWebhookAre404() throws Exception {
        serve();

        assertJson(post("/hooks/nope", "{}"), 404,
                "{\"error\":\"No dataflow 'nope' with a webhook trigger is registered.\"}");
        assertJson(post("/hooks/tick", "{}"), 404,
                "{\"error\":\"No dataflow 'tick' with a webhook trigger is registered.\"}");
        assertJson(post("/hooks/listener", "{}", "Authorization", bearer(TOKEN)), 404,
                "{\"error\":\"No dataflow 'listener' with a webhook trigger is registered.\"}");
        assertJson(post("/hooks/n%C3%A4me%20x", "{}"), 404,
                "{\"error\":\"No dataflow 'näme x' with a webhook trigger is registered.\"}");
        assertJson(post("/hooks/", "{}"), 404, "{\"error\":\"Not found.\"}");
        assertJson(post("/elsewhere", "{}"), 404, "{\"error\":\"Not found.\"}");
        assertJson(send("GET", "/health", null), 200, "{\"started\":true}");
    }

    @Test
    void disabledInvalidAndBusyDataflowsAre409() throws Exception {
        serve();

        assertJson(post("/hooks/off", "{}"), 409, "{\"error\":\"Dataflow 'off' is disabled.\"}");
        assertJson(post("/hooks/broken", "{}"), 409, "{\"error\":\"Dataflow 'broken' is invalid.\"}");

        assertThat(post("/hooks/slow", "{}").statusCode()).isEqualTo(202);
        Eventually.until("slow is running", () -> f.gates.entered("slow") == 1);
        assertJson(post("/hooks/slow", "{}"), 409,
                "{\"error\":\"Dataflow 'slow' is running and does not run concurrently.\"}");
        f.gates.open("slow");
        // The scheduler is done with the run once it says so, a moment after the engine's listeners heard the end.
        Eventually.until("slow ended", () -> f.listener.ended().size() == 1);
        assertThat(f.listener.ended()).containsExactly("slow webhook " + f.results("slow").get(0).runId()
                + " finalised");
        assertThat(post("/hooks/slow", "{}").statusCode()).isEqualTo(202);

        assertThat(f.listener.skipped()).extracting(s -> s.dataflow() + " " + s.reason().label())
                .containsExactly("off disabled", "broken invalid", "slow locked");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        serve();
        String big = "{\"a\":\"" + "x".repeat(WebhookHandler.DEFAULT_MAX_BODY_BYTES - 8) + "\"}";
        assertThat(big.length()).isEqualTo(WebhookHandler.DEFAULT_MAX_BODY_BYTES);
        String body = "{\"error\":\"The body is larger than 1048576 bytes.\"}";

        assertThat(post("/hooks/open", big).statusCode()).isEqualTo(202);
        assertJson(post("/hooks/open", big + " "), 413, body);
        // Without a length up front (chunked), the server stops reading one byte past the limit.
        HttpRequest chunked = HttpRequest.newBuilder(server.uri().resolve("/hooks/open"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        (big + "  ").getBytes(StandardCharsets.UTF_8)))).build();
        assertJson(client.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, body);
        assertJson(post("/events/user_created", big + " ", "Authorization", bearer(EVENT_TOKEN)), 413, body);
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIs400() throws Exception {
        serve();

        assertJson(post("/hooks/open", ""), 400, "{\"error\":\"The body must be a JSON object.\"}");
        assertJson(post("/hooks/open", "[1,2]"), 400, "{\"error\":\"The body must be a JSON object.\"}");
        assertJson(post("/hooks/open", "\"text\""), 400, "{\"error\":\"The body must be a JSON object.\"}");
        assertJson(post("/hooks/open", "{\"a\":1} {}"), 400,
                "{\"error\":\"The body must be one JSON object, with nothing after it.\"}");
        assertJson(post("/hooks/open", "{\"a\":1,\"a\":2}"), 400,
                "{\"error\":\"The body is not valid JSON: Duplicate field 'a'\"}");
        HttpResponse<String> broken = post("/hooks/open", "{\"a\":");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).startsWith("{\"error\":\"The body is not valid JSON: ");
        String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        HttpResponse<String> tooDeep = post("/hooks/open", deep);
        assertThat(tooDeep.statusCode()).isEqualTo(400);
        assertThat(tooDeep.body()).startsWith("{\"error\":\"The body is not valid JSON: ").contains("64");
        assertThat(f.listener.started()).isEmpty();
    }

    @Test
    void methodsOtherThanPostAre405() throws Exception {
        serve();
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> r = send(method, "/hooks/open", method.equals("GET") ? null : "{}");
            assertJson(r, 405, "{\"error\":\"Method " + method + " is not allowed: use POST.\"}");
            assertThat(r.headers().firstValue("Allow")).contains("POST");
        }
        assertJson(send("GET", "/events/user_created", null), 405,
                "{\"error\":\"Method GET is not allowed: use POST.\"}");
    }

    @Test
    void aSchedulerNotStartedIs503() throws Exception {
        serve(false, WebhookHandler.builder(f.scheduler).eventToken(EVENT_TOKEN));

        HttpResponse<String> r = post("/hooks/open", "{}");

        assertJson(r, 503, "{\"error\":\"The scheduler is not started.\"}");
        assertThat(r.headers().firstValue("Retry-After")).contains("10");
    }

    @Test
    void noFreeWorkerWithinTheStartTimeoutIs503AndTheRunIsWithdrawn() throws Exception {
        SchedulerFixture one = new SchedulerFixture(f.store, b -> b.workers(1));
        try {
            one.scheduler.register(Dataflow.builder("busy").concurrencyEnabled(true)
                    .start("hook", StepSpec.of(TestWebhookTrigger.ID))
                    .then("work", StepSpec.of(GateStep.ID).with("gate", "busy")).build());
            one.scheduler.start();
            server = WebhookHttpServer.builder(WebhookHandler.builder(one.scheduler)
                    .startTimeout(Duration.ofSeconds(2)).build()).start();
            assertThat(post("/hooks/busy", "{}").statusCode()).isEqualTo(202);
            Eventually.until("the one worker is busy", () -> one.gates.entered("busy") == 1);

            assertJson(post("/hooks/busy", "{}"), 503,
                    "{\"error\":\"No worker is free to run dataflow 'busy'; try again later.\"}");

            one.gates.open("busy");
            Eventually.until("the first run ended", () -> one.results("busy").size() == 1);
            assertThat(one.store.runs("busy")).hasSize(1);
        } finally {
            one.close();
        }
    }

    @Test
    void eventsArePublishedWithTheEventToken() throws Exception {
        serve();

        HttpResponse<String> r = post("/events/user_created", "{\"userid\":7}", "Authorization",
                bearer(EVENT_TOKEN));

        Eventually.until("the event was consumed", () -> f.kit.sink().records("sink").size() == 1);
        Object consumedId = f.kit.sink().maps("sink").get(0).get("id");
        assertJson(r, 202, "{\"event\":" + consumedId + ",\"events\":[" + consumedId + "]}");
        assertThat(f.kit.sink().maps("sink").get(0)).containsEntry("eventdata", Map.of("userid", 7L));

        assertJson(post("/events/nobody_listens", "{}", "Authorization", bearer(EVENT_TOKEN)), 202,
                "{\"event\":null,\"events\":[]}");
        assertJson(post("/events/user_created", "{}"), 401,
                "{\"error\":\"Publishing events needs the event token: Authorization: Bearer <token>.\"}");
        assertJson(post("/events/user_created", "{}", "Authorization", bearer(TOKEN)), 401,
                "{\"error\":\"Publishing events needs the event token: Authorization: Bearer <token>.\"}");
        assertJson(post("/events/user_created", "[]", "Authorization", bearer(EVENT_TOKEN)), 400,
                "{\"error\":\"The body must be a JSON object.\"}");
    }

    @Test
    void withoutAnEventTokenEventsCannotBePublishedOverHttp() throws Exception {
        serve(true, WebhookHandler.builder(f.scheduler));

        assertJson(post("/events/user_created", "{}", "Authorization", bearer(EVENT_TOKEN)), 404,
                "{\"error\":\"Publishing events over HTTP is not enabled.\"}");
    }

    @Test
    void tokensAreNeverLogged() throws Exception {
        try (LogCapture log = LogCapture.of("io.dataflows")) {
            serve();
            post("/hooks/hook?wait=true", "{}", "Authorization", bearer(TOKEN));
            post("/hooks/hook", "{}", "Authorization", bearer(TOKEN + "-wrong"));
            post("/hooks/hook", "{}", "Authorization", bearer(EVENT_TOKEN));
            post("/events/user_created", "{}", "Authorization", bearer(EVENT_TOKEN));
            post("/events/user_created", "{}", "Authorization", bearer(TOKEN));
            Eventually.until("the event was consumed", () -> f.kit.sink().records("sink").size() == 1);

            assertThat(log.lines()).isNotEmpty().noneMatch(l -> l.contains(TOKEN) || l.contains(EVENT_TOKEN)
                    || l.contains("hook-secret") || l.contains("event-secret"));
            assertThat(log.lines("Webhook call of dataflow 'hook' from 127.0.0.1 refused")).containsExactly(
                    "INFO Webhook call of dataflow 'hook' from 127.0.0.1 refused: wrong token",
                    "INFO Webhook call of dataflow 'hook' from 127.0.0.1 refused: wrong token");
            assertThat(log.lines("POST /hooks/hook from 127.0.0.1: ")).hasSize(3);
        }
        assertThat(f.scheduler.trigger("hook").orElseThrow().toString()).doesNotContain(TOKEN);
    }

    @Test
    void theRunSeesThePayloadAddressAndHeadersUnderRunTrigger() throws Exception {
        serve();

        post("/hooks/open?wait=true", "{\"course\":{\"id\":42}}", "X-Request-Id", "req-9");

        RunResult result = f.results("open").get(0);
        assertThat(result.variable("run.trigger.type")).contains("webhook");
        assertThat(result.variable("run.trigger.payload.course.id")).contains(42L);
        assertThat(result.variable("run.trigger.address")).contains("127.0.0.1");
        assertThat(result.variable("run.trigger.headers.x-request-id")).contains("req-9");
        assertThat(result.variable("run.trigger.headers.authorization")).isEmpty();
    }

    @Test
    void theHandlerChecksItsSettings() {
        WebhookHandler.Builder b = WebhookHandler.builder(f.scheduler);
        assertThatThrownBy(() -> b.eventToken("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the event token must have at least 16 characters");
        assertThatThrownBy(() -> b.passHeaders(List.of("X-A", "Authorization")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header Authorization carries credentials and is never passed");
        assertThatThrownBy(() -> b.maxBodyBytes(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookHttpServer.builder(b.build()).route("/hooks/x", (m, p, q, h, body, a) -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a route must start with / and not be under /hooks/ or /events/: /hooks/x");
        // The handler answers without a server, too.
        WebResponse r = b.build().handle("POST", "/hooks/none", "", Map.of(), new byte[0], "10.0.0.1");
        assertThat(r.status()).isEqualTo(404);
        assertThat(Arrays.equals(r.body(), r.bodyText().getBytes(StandardCharsets.UTF_8))).isTrue();
        for (String malformed : List.of("/hooks/%ZZ", "/hooks/%C3", "/hooks/%", "/hooks/%FF%FE")) {
            assertThat(b.build().handle("POST", malformed, "", Map.of(), new byte[0], "10.0.0.1").bodyText())
                    .as(malformed).isEqualTo("{\"error\":\"Not found.\"}");
        }
    }
}

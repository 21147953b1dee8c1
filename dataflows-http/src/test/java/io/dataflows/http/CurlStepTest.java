package io.dataflows.http;

import static io.dataflows.http.LoopbackServer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Effect;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.StepExecutionException;
import io.dataflows.testkit.TestKit;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connector_curl} against a real HTTP server on loopback: requests, responses, retries, errors, dry runs. */
@SuppressWarnings("unchecked")
class CurlStepTest {

    private static final String UUID_JSON = "{\"uuid\":\"3d188fbf-d0b7-4d4e-ae4d-4b5548df824e\"}";

    @TempDir
    Path dir;

    private final TestKit kit = new TestKit();
    private final LoopbackServer server;
    private final CountDownLatch never = new CountDownLatch(1);

    CurlStepTest() throws Exception {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.close();
    }

    private DataflowEngine engine() {
        return kit.builder().permittedDirectory(dir).baseDirectory(dir)
                .secretProvider(SecretProvider.of(Map.of("token", "s3cr3t-t0ken", "apikey", "k3y-v4lue"))).build();
    }

    private static Dataflow yaml(String... lines) {
        return Definitions.readYaml(String.join("\n", lines), "test.yml");
    }

    private Dataflow connector(String config) {
        return yaml("name: curl-test", "steps:", "  call:", "    type: connector_curl", "    config: " + config);
    }

    @Test
    void aJsonResponseIsPublishedAsTextParsedAndWithCurlsInfo() {
        server.on("/uuid", (r, x) -> answer(x, 200, UUID_JSON, "Content-Type", "application/json"));
        Dataflow flow = yaml("name: outputs", "steps:",
                "  call:",
                "    type: connector_curl",
                "    config: {curl: '" + server.url("/uuid") + "', method: get}",
                "    vars:",
                "      result: '${{ fromJSON(response.result) }}'",
                "      httpcode: '${{ response.info.http_code }}'",
                "      connecttime: '${{ response.info.connect_time }}'",
                "      totaltime: '${{ response.info.total_time }}'",
                "      sizeupload: '${{ response.info.size_upload }}'");

        RunResult result = engine().run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.call.vars.result.uuid")).contains("3d188fbf-d0b7-4d4e-ae4d-4b5548df824e");
        assertThat(result.variable("steps.call.vars.httpcode")).contains(200L);
        assertThat(result.variable("steps.call.vars.sizeupload")).contains(0L);
        assertThat(result.variable("steps.call.vars.connecttime").orElseThrow()).isInstanceOf(Double.class);
        assertThat(result.variable("steps.call.vars.totaltime").orElseThrow()).isInstanceOf(Double.class);
        assertThat(result.variable("steps.call.response.result")).contains(UUID_JSON);
        assertThat(result.variable("steps.call.response.json")).contains(
                Map.of("uuid", "3d188fbf-d0b7-4d4e-ae4d-4b5548df824e"));
        assertThat(result.variable("steps.call.response.info.content_type")).contains("application/json");
        assertThat(result.variable("steps.call.response.headers.content-type")).contains("application/json");
        assertThat((Map<String, Object>) result.variable("steps.call.response").orElseThrow()).containsEntry("destination", null);
        assertThat(result.variable("steps.call.dbgcommand"))
                .contains("curl -s -X GET " + server.url("/uuid") + " --max-time 60");
        assertThat(server.requests()).extracting(LoopbackServer.Request::method).containsExactly("GET");
    }

    @Test
    void aValueDeepInsideAJsonBodyIsReachableFromAStepVariable() {
        server.on("/content-types", (r, x) -> answer(x, 200, "{\"contentTypes\":[{\"id\":\"H5P.Accordion\","
                + "\"version\":{\"major\":1,\"minor\":0}},{\"id\":\"H5P.Blanks\"}]}",
                "Content-Type", "application/json"));
        Dataflow flow = yaml("name: deep", "steps:",
                "  call:",
                "    type: connector_curl",
                "    config: {curl: '" + server.url("/content-types") + "'}",
                "    vars:",
                "      customOutputKey: '${{ fromJSON(response.result).contentTypes[0].id }}'");

        RunResult result = engine().run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.call.vars.customOutputKey")).contains("H5P.Accordion");
    }

    @Test
    void aPostSendsItsHeadersAndBodyAndTheDebugCommandHidesCredentials() {
        server.on("/items", (r, x) -> answer(x, 201, "made", "Content-Type", "text/plain"));
        Dataflow flow = connector("{curl: '" + server.url("/items") + "', method: post, timeout: 30, "
                + "headers: \"X-One:one\\nX-Two: \\nX-Three:th'ree\\n  continued\\nAuthorization: Bearer "
                + "${{ secrets.token }}\\nX-Key: ${{ secrets.apikey }}\", rawpostdata: 'data=moodletest'}");

        RunResult result;
        try (LogCapture logs = new LogCapture()) {
            result = engine().run(flow);
            assertThat(logs.all()).doesNotContain("s3cr3t-t0ken").doesNotContain("k3y-v4lue");
        }

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        LoopbackServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo("data=moodletest");
        assertThat(request.headers()).containsEntry("X-One", "one").containsEntry("X-Two", "")
                .containsEntry("X-Three", "th'ree  continued").containsEntry("Authorization", "Bearer s3cr3t-t0ken")
                .containsEntry("X-Key", "k3y-v4lue");
        assertThat(result.variable("steps.call.dbgcommand")).contains("curl -s -X POST " + server.url("/items")
                + " --max-time 30 -H 'X-One:one' -H 'X-Two;' -H 'X-Three:th'\\''ree  continued'"
                + " -H 'Authorization:*****' -H 'X-Key: *****' --data-raw 'data=moodletest'");
        assertThat(result.variable("steps.call.response.result")).contains("made");
        assertThat(result.variable("steps.call.response.info.http_code")).contains(201L);
        assertThat(result.variable("steps.call.response.info.size_upload")).contains(15L);
    }

    @Test
    void aServerThatFailsTwiceThenAnswersIsRetried() {
        server.on("/flaky", (r, x) -> {
            if (r.number() <= 2) {
                answer(x, 503, "busy");
            } else {
                answer(x, 200, "ok");
            }
        });
        RunResult result = engine().run(connector("{curl: '" + server.url("/flaky")
                + "', retries: 3, retrydelay: 0.01, retrymaxdelay: 0.05}"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(server.requests()).hasSize(3);
        assertThat(result.variable("steps.call.response.result")).contains("ok");
        assertThat(result.variable("steps.call.response.info.attempts")).contains(3L);
    }

    @Test
    void whenRetriesRunOutTheStepFailsWithTheStatusAndTheStartOfTheBody() {
        String body = "x".repeat(250);
        server.on("/down", (r, x) -> answer(x, 503, body));
        RunResult result = engine().run(connector("{curl: '" + server.url("/down")
                + "', retries: 1, retrydelay: 0.01}"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(server.requests()).hasSize(2);
        assertThat(result.failure().orElseThrow().getMessage()).contains("HTTP 503: " + "x".repeat(200))
                .doesNotContain("x".repeat(201));
    }

    @Test
    void withoutRetriesAFailureIsFinalAtOnce() {
        server.on("/busy", (r, x) -> answer(x, 503, "busy"));
        RunResult result = engine().run(connector("{curl: '" + server.url("/busy") + "'}"));

        assertThat(result.failure().orElseThrow().getMessage()).contains("HTTP 503: busy");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsRetried() throws Exception {
        String url;
        try (LoopbackServer closed = new LoopbackServer()) {
            url = closed.url("/gone");
        }
        RunResult result = engine().run(connector("{curl: '" + url + "', retries: 2, retrydelay: 0.01}"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).contains("Could not connect: GET " + url + ": ")
                .endsWith(" (3 attempts)");
    }

    @Test
    void retryAfterIsObeyedAndALongerOneThanTheCapIsNotRetried() {
        server.on("/slowdown", (r, x) -> {
            if (r.number() == 1) {
                answer(x, 429, "later", "Retry-After", "1");
            } else {
                answer(x, 200, "now");
            }
        });
        RunResult result = engine().run(connector("{curl: '" + server.url("/slowdown")
                + "', retries: 2, retrydelay: 0.01, retrymaxdelay: 5}"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        List<LoopbackServer.Request> requests = server.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).atNanos() - requests.get(0).atNanos()).isGreaterThanOrEqualTo(950_000_000L);

        server.on("/toolong", (r, x) -> answer(x, 429, "much later", "Retry-After", "120"));
        RunResult refused = engine().run(connector("{curl: '" + server.url("/toolong")
                + "', retries: 2, retrydelay: 0.01, retrymaxdelay: 5}"));
        assertThat(refused.failure().orElseThrow().getMessage()).contains("HTTP 429: much later");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void otherClientErrorsAndNonIdempotentMethodsAreNotRetried() {
        server.on("/missing", (r, x) -> answer(x, 404, "not here"));
        server.on("/post", (r, x) -> answer(x, 500, "broken"));
        RunResult missing = engine().run(connector("{curl: '" + server.url("/missing")
                + "', retries: 3, retrydelay: 0.01}"));
        assertThat(missing.failure().orElseThrow().getMessage()).contains("HTTP 404: not here");
        assertThat(server.requests()).hasSize(1);

        RunResult post = engine().run(connector("{curl: '" + server.url("/post")
                + "', method: post, rawpostdata: x, retries: 3, retrydelay: 0.01}"));
        assertThat(post.failure().orElseThrow().getMessage()).contains("HTTP 500: broken");
        assertThat(server.requests()).hasSize(2);

        RunResult allowed = engine().run(connector("{curl: '" + server.url("/post")
                + "', method: post, rawpostdata: x, retries: 2, retrydelay: 0.01, retrynonidempotent: true}"));
        assertThat(allowed.failure().orElseThrow().getMessage()).contains("HTTP 500: broken");
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void aServerThatNeverAnswersTimesOutOnEveryAttempt() {
        server.on("/hang", (r, x) -> never.await());
        RunResult result = engine().run(connector("{curl: '" + server.url("/hang")
                + "', timeout: 0.3, retries: 1, retrydelay: 0.01}"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage())
                .contains("Request timed out after 0.3 s: GET " + server.url("/hang") + " (2 attempts)");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aRefusedConnectionFailsTheStepNamingTheRequest() throws Exception {
        String url;
        try (LoopbackServer closed = new LoopbackServer()) {
            url = closed.url("/gone");
        }
        RunResult result = engine().run(connector("{curl: '" + url + "'}"));

        StepExecutionException failure = result.failure().orElseThrow();
        assertThat(failure.stepAlias()).contains("call");
        assertThat(failure.getMessage()).contains("Could not connect: GET " + url);
    }

    @Test
    void withFailOnStatusFalseAnErrorResponseIsPublishedAndTheFlowGoesOn() {
        server.on("/teapot", (r, x) -> answer(x, 418, "short and stout"));
        RunResult result = engine().run(connector("{curl: '" + server.url("/teapot") + "', failonstatus: false}"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.call.response.info.http_code")).contains(418L);
        assertThat(result.variable("steps.call.response.result")).contains("short and stout");
    }

    @Test
    void aBodyLargerThanTheLimitFailsUnlessItIsSavedToAFile() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        server.on("/big", (r, x) -> {
            x.sendResponseHeaders(200, big.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(big);
            }
        });
        RunResult tooLarge = engine().run(connector("{curl: '" + server.url("/big") + "', maxresponsebytes: 1000}"));
        assertThat(tooLarge.failure().orElseThrow().getMessage()).contains("The response to GET "
                + server.url("/big") + " is larger than maxresponsebytes (1000 bytes); save large bodies to a file "
                + "with destination");

        RunResult saved = engine().run(connector("{curl: '" + server.url("/big")
                + "', maxresponsebytes: 1000, destination: downloads/big.txt}"));
        assertThat(saved.status()).isEqualTo(RunStatus.FINALISED);
        Path file = dir.resolve("downloads/big.txt");
        assertThat(Files.readAllBytes(file)).isEqualTo(big);
        assertThat(saved.variable("steps.call.response.destination")).contains(file.toString());
        assertThat((Map<String, Object>) saved.variable("steps.call.response").orElseThrow()).containsEntry("result", null);
        assertThat(saved.variable("steps.call.response.info.size_download")).contains((long) big.length);
        assertThat(saved.variable("steps.call.dbgcommand").orElseThrow().toString())
                .endsWith(" --output '" + file + "'");
    }

    @Test
    void bodiesUpToTenMebibytesAreKeptInMemoryByDefault() {
        int limit = 10 * 1024 * 1024;
        server.on("/sized/", (r, x) -> {
            int size = Integer.parseInt(r.path().substring("/sized/".length()));
            x.sendResponseHeaders(200, size);
            try (OutputStream out = x.getResponseBody()) {
                out.write(new byte[size]);
            }
        });
        RunResult fits = engine().run(connector("{curl: '" + server.url("/sized/" + limit) + "'}"));
        assertThat(fits.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(fits.variable("steps.call.response.info.size_download")).contains((long) limit);

        RunResult over = engine().run(connector("{curl: '" + server.url("/sized/" + (limit + 1)) + "'}"));
        assertThat(over.failure().orElseThrow().getMessage()).contains("is larger than maxresponsebytes (10485760 "
                + "bytes)");
    }

    @Test
    void aFailedDownloadLeavesNoFileBehind() {
        server.on("/error", (r, x) -> answer(x, 500, "broken"));
        RunResult result = engine().run(connector("{curl: '" + server.url("/error")
                + "', destination: out/page.html}"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(dir.resolve("out/page.html")).doesNotExist();
    }

    @Test
    void redirectsAreFollowedForReadsOnly() {
        server.on("/old", (r, x) -> answer(x, 302, "moved", "Location", server.url("/new")));
        server.on("/new", (r, x) -> answer(x, 200, "here"));
        RunResult get = engine().run(connector("{curl: '" + server.url("/old") + "'}"));
        assertThat(get.variable("steps.call.response.result")).contains("here");
        assertThat(get.variable("steps.call.response.info.redirect_count")).contains(1L);
        assertThat(get.variable("steps.call.response.info.url")).contains(server.url("/new"));

        RunResult post = engine().run(connector("{curl: '" + server.url("/old")
                + "', method: post, rawpostdata: x}"));
        assertThat(post.variable("steps.call.response.info.http_code")).contains(302L);
        assertThat(server.requests()).extracting(LoopbackServer.Request::path)
                .containsExactly("/old", "/new", "/old");
    }

    @Test
    void aDryRunSendsReadsAndReportsWritesWithoutSendingThem() {
        server.on("/read", (r, x) -> answer(x, 200, "read"));
        server.on("/write", (r, x) -> answer(x, 200, "written"));
        Dataflow flow = yaml("name: dry", "steps:",
                "  read:",
                "    type: connector_curl",
                "    config: {curl: '" + server.url("/read") + "'}",
                "  write:",
                "    type: connector_curl",
                "    depends_on: read",
                "    config: {curl: '" + server.url("/write") + "', method: put, rawpostdata: '${{ steps.read."
                        + "response.result }}'}",
                "  flagged:",
                "    type: connector_curl",
                "    depends_on: write",
                "    config: {curl: '" + server.url("/read") + "', sideeffects: true}",
                "  saved:",
                "    type: connector_curl",
                "    depends_on: flagged",
                "    config: {curl: '" + server.url("/read") + "', destination: out.txt}");

        RunResult result = engine().run(flow, RunOptions.builder().dryRun(true).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(server.requests()).extracting(LoopbackServer.Request::path).containsExactly("/read");
        assertThat(result.effects()).containsExactly(
                Effect.of("write", Effect.Kind.REQUEST, server.url("/write"), "PUT " + server.url("/write")),
                Effect.of("flagged", Effect.Kind.REQUEST, server.url("/read"), "GET " + server.url("/read")),
                Effect.of("saved", Effect.Kind.WRITE, dir.resolve("out.txt").toString(),
                        "write " + dir.resolve("out.txt")),
                Effect.of("saved", Effect.Kind.REQUEST, server.url("/read"), "GET " + server.url("/read")));
        assertThat(result.variable("steps.write.dbgcommand")).contains("curl -s -X PUT " + server.url("/write")
                + " --max-time 60 --data-raw 'read'");
        assertThat((Map<String, Object>) result.variable("steps.write").orElseThrow()).containsEntry("response", null);
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }

    @Test
    void headIsSentInADryRunAndDeleteIsNotButIsRetriedAsIdempotent() {
        server.on("/thing", (r, x) -> {
            if (r.method().equals("DELETE") && r.number() == 3) { // the real run's first DELETE
                answer(x, 503, "busy");
            } else {
                answer(x, 200, "done", "X-Size", "4");
            }
        });
        Dataflow flow = yaml("name: head-delete", "steps:",
                "  peek:",
                "    type: connector_curl",
                "    config: {curl: '" + server.url("/thing") + "', method: head}",
                "  remove:",
                "    type: connector_curl",
                "    depends_on: peek",
                "    config: {curl: '" + server.url("/thing") + "', method: delete, retries: 1, retrydelay: 0.01}");

        RunResult dry = engine().run(flow, RunOptions.builder().dryRun(true).build());
        assertThat(dry.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(server.requests()).extracting(LoopbackServer.Request::method).containsExactly("HEAD");
        assertThat(dry.variable("steps.peek.response.headers.x-size")).contains("4");
        assertThat(dry.effects()).containsExactly(Effect.of("remove", Effect.Kind.REQUEST, server.url("/thing"),
                "DELETE " + server.url("/thing")));

        RunResult real = engine().run(flow);
        assertThat(real.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(server.requests()).extracting(LoopbackServer.Request::method)
                .containsExactly("HEAD", "HEAD", "DELETE", "DELETE");
    }

    @Test
    void validationNamesTheMissingAndInvalidFields() {
        Dataflow flow = yaml("name: invalid", "steps:",
                "  nourl:",
                "    type: connector_curl",
                "    config: {method: get}",
                "  nobody:",
                "    type: connector_curl",
                "    depends_on: nourl",
                "    config: {curl: 'http://127.0.0.1/x', method: post}",
                "  badheaders:",
                "    type: connector_curl",
                "    depends_on: nobody",
                "    config: {curl: 'http://127.0.0.1/x', headers: \"X-One:one\\nno colon here\"}",
                "  badurl:",
                "    type: connector_curl",
                "    depends_on: badheaders",
                "    config: {curl: 'ftp://example.com/file'}",
                "  outside:",
                "    type: connector_curl",
                "    depends_on: badurl",
                "    config: {curl: 'http://127.0.0.1/x', destination: /var/tmp.json}",
                "  fine:",
                "    type: connector_curl",
                "    depends_on: outside",
                "    config: {curl: 'http://127.0.0.1/x', method: get, headers: \"X-One:one\\nX-Two:\\n"
                        + "X-Three:three\", destination: tmp.json}");

        List<Problem> problems = engine().validate(flow).problems();

        assertThat(problems).containsExactly(
                Problem.ofStep("nourl", "config.curl", "Config 'URL' is missing."),
                Problem.ofStep("nobody", "config.rawpostdata", "Config 'Raw post data' is missing."),
                Problem.ofStep("badheaders", "config.headers",
                        "Supplied HTTP headers are not valid: 'no colon here' has no ':'."),
                Problem.ofStep("badurl", "config.curl", "Config 'URL' must be an http:// or https:// URL with a "
                        + "host (had 'ftp://example.com/file')."),
                Problem.ofStep("outside", "config.destination", "Path \"/var/tmp.json\" is not permitted."));
    }

    @Test
    void retryDelaysAndTimeoutsAreCheckedBeforeTheRun() {
        Dataflow flow = yaml("name: delays", "steps:",
                "  inverted:",
                "    type: connector_curl",
                "    config: {curl: 'http://127.0.0.1/x', retries: 2, retrydelay: 5, retrymaxdelay: 0.5}",
                "  negative:",
                "    type: connector_curl",
                "    depends_on: inverted",
                "    config: {curl: 'http://127.0.0.1/x', timeout: -1}",
                "  fine:",
                "    type: connector_curl",
                "    depends_on: negative",
                "    config: {curl: 'http://127.0.0.1/x', retries: 2, retrydelay: 0.25, retrymaxdelay: 0.5}");

        assertThat(engine().validate(flow).problems()).containsExactly(
                Problem.ofStep("inverted", "config.retrydelay",
                        "Config 'retrydelay' (5 s) must not be more than 'retrymaxdelay' (0.5 s)."),
                Problem.ofStep("negative", "config.timeout", "Config 'timeout' must not be negative (had -1)."));
    }

    @Test
    void sideEffectsFollowToolDataflowsRule() {
        io.dataflows.spi.StepType type = new io.dataflows.http.internal.CurlStep.Connector();
        assertThat(type.hasSideEffects(Map.of("destination", "my/in.txt", "method", "get"))).isFalse();
        assertThat(type.hasSideEffects(Map.of("destination", "my/in.txt", "method", "head"))).isFalse();
        assertThat(type.hasSideEffects(Map.of("destination", "file:///my/in.txt", "method", "get"))).isTrue();
        assertThat(type.hasSideEffects(Map.of("destination", "my/in.txt", "method", "put"))).isTrue();
        assertThat(type.hasSideEffects(Map.of("destination", "my/in.txt", "method", "patch"))).isTrue();
        assertThat(type.hasSideEffects(Map.of("destination", "my/in.txt", "method", "post"))).isTrue();
        assertThat(type.hasSideEffects(Map.of("destination", "my/in.txt", "method", "get", "sideeffects", true)))
                .isTrue();
        assertThat(type.hasSideEffects(Map.of("destination", "file:///my/in.txt", "method", "post",
                "sideeffects", true))).isTrue();
        assertThat(type.hasSideEffects(Map.of("destination", "my.in.txt", "method", "get"))).isFalse();
        assertThat(type.hasSideEffects(Map.of("destination", "/abs/in.txt", "method", "get"))).isTrue();
        assertThat(type.hasSideEffects(Map.of())).as("a step without config").isTrue();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

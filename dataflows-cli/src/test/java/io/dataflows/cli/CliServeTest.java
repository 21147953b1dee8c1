package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataflows serve} as a real process on a free loopback port: webhooks start runs that {@code dataflows runs}
 * then shows, changed files are reloaded, events need the token, {@code /health}, {@code /runs} and {@code /metrics} answer, and
 * SIGTERM shuts it down with exit 0 and no run left unfinished.
 */
class CliServeTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.]+:\\d+)/?");

    @TempDir
    Path dir;

    private CliProcess serve;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() {
        if (serve != null && serve.process().isAlive()) {
            serve.kill();
        }
    }

    private Path flows() throws IOException {
        return Files.createDirectories(dir.resolve("flows"));
    }

    private String state() {
        return dir.resolve("state").toString();
    }

    /** Starts the server and returns its base URI once it listens. */
    private String start(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("serve", flows().toString(), "--port", "0",
                "--state-dir", state()));
        args.addAll(List.of(extra));
        serve = CliProcess.start(dir.resolve("serve.log"), Map.of(), args);
        String base = awaitLog(LISTENING.asPredicate(), "listening");
        Matcher m = LISTENING.matcher(serve.output());
        assertThat(m.find()).as(base).isTrue();
        return m.group(1);
    }

    /** Waits until the server's log satisfies {@code condition}; fails after a minute or when it ends. */
    private String awaitLog(Predicate<String> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String log = serve.output();
            if (condition.test(log)) {
                return log;
            }
            if (!serve.process().isAlive()) {
                throw new AssertionError("serve ended (" + serve.process().exitValue() + ") before " + what + ": "
                        + log);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within a minute: " + log);
            }
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> post(String uri, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws IOException {
        return JsonMapper.builder().build().readValue(text, Map.class);
    }

    /** Polls {@code dataflows runs --json} until the run is no longer processing; returns its line. */
    private Map<String, Object> awaitRunEnded(String runId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            CliResult r = CliResult.run("runs", "--json", "--state-dir", state());
            assertThat(r.exit()).as(r.err()).isZero();
            for (String line : r.out().lines().toList()) {
                Map<String, Object> run = json(line);
                if (runId.equals(run.get("id")) && !"processing".equals(run.get("status"))) {
                    return run;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not end: " + r.out() + serve.output());
            }
            Thread.sleep(100);
        }
    }

    @Test
    void webhooksRunFlowsTheHistoryShowsThemFilesReloadAndSigtermEndsCleanly() throws Exception {
        Path out = dir.resolve("hook-out.txt");
        Path flowFile = flows().resolve("hook.yml");
        Files.writeString(flowFile, """
                name: hook
                steps:
                  hook:
                    type: trigger_webservice
                    config:
                      token: s3cret-token
                  say:
                    type: connector_log
                    depends_on: hook
                    config:
                      level: info
                      message: 'payload name=${{ run.trigger.payload.name }} via ${{ run.trigger.type }}'
                """);
        String base = start();

        HttpResponse<String> noToken = post(base + "/hooks/hook", "{\"name\": \"x\"}", null);
        HttpResponse<String> accepted = post(base + "/hooks/hook", "{\"name\": \"ada\"}", "s3cret-token");

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = (String) json(accepted.body()).get("run");
        Map<String, Object> run = awaitRunEnded(runId);
        assertThat(run).containsEntry("flow", "hook").containsEntry("status", "finalised")
                .containsEntry("trigger", "webhook");
        assertThat(serve.output()).contains("Run started: dataflow 'hook', run " + runId + ", trigger webhook")
                .contains("Run ended: dataflow 'hook', run " + runId + ", trigger webhook, status finalised")
                .contains("payload name=ada via webhook")
                .doesNotContain("s3cret-token");

        // /runs and /health
        HttpResponse<String> runs = get(base + "/runs?flow=hook&limit=5");
        assertThat(runs.statusCode()).isEqualTo(200);
        assertThat(runs.body()).startsWith("[{\"id\":\"" + runId + "\",\"flow\":\"hook\"");
        assertThat(get(base + "/runs?limit=0").statusCode()).isEqualTo(400);
        HttpResponse<String> health = get(base + "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health.body())).containsEntry("status", "up").containsEntry("dataflows", 1);

        // /metrics: the run and its steps, in Prometheus's text format
        HttpResponse<String> metrics = get(base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("# TYPE dataflows_runs_total counter")
                .contains("dataflows_runs_total{flow=\"hook\",status=\"finalised\",trigger=\"webhook\"} 1.0")
                .contains("dataflows_run_duration_seconds_count{flow=\"hook\",status=\"finalised\"} 1")
                .contains("dataflows_step_duration_seconds_count{flow=\"hook\",step=\"say\"} 1")
                .doesNotContain("s3cret-token");
        assertThat(post(base + "/metrics", "{}", null).statusCode()).isEqualTo(405);

        // events without --event-token-file are refused
        assertThat(post(base + "/events/anything", "{}", "x").statusCode()).isIn(401, 404);

        // a changed file is reloaded: the token changes
        Files.writeString(flowFile, Files.readString(flowFile).replace("s3cret-token", "new-token"));
        awaitLog(log -> log.contains("Dataflow 'hook' reloaded from hook.yml"), "the reload");
        assertThat(post(base + "/hooks/hook", "{\"name\": \"x\"}", "s3cret-token").statusCode()).isEqualTo(401);
        HttpResponse<String> again = post(base + "/hooks/hook?wait=true", "{\"name\": \"bob\"}", "new-token");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again.body())).containsEntry("status", "finalised");

        // an invalid file stops its flow being triggered
        Files.writeString(flowFile, Files.readString(flowFile).replace("connector_log", "no_such_type"));
        awaitLog(log -> log.contains("Dataflow 'hook' reloaded from hook.yml")
                && log.indexOf("reloaded from hook.yml") != log.lastIndexOf("reloaded from hook.yml"), "the reload");
        assertThat(post(base + "/hooks/hook", "{}", "new-token").statusCode()).isEqualTo(409);

        serve.process().destroy(); // SIGTERM
        assertThat(serve.exitCode()).as(serve.output()).isZero();
        CliResult history = CliResult.run("runs", "--json", "--state-dir", state());
        assertThat(history.out().lines().toList()).hasSize(2).noneMatch(l -> l.contains("\"processing\""));
    }

    @Test
    void eventsPostedWithTheTokenRunTheFlowsListeningToThem() throws Exception {
        Path token = dir.resolve("event.token");
        Files.writeString(token, "event-secret-0123456789\n");
        Files.writeString(flows().resolve("listen.json"), """
                {"name": "listen", "steps": {
                  "ev": {"type": "trigger_event", "config": {"eventname": "user_created",
                         "executionpolicy": "immediately"}},
                  "out": {"type": "writer_stream", "depends_on": "ev",
                          "config": {"streamname": "events.jsonl", "format": "jsonl"}}}}
                """);
        String base = start("--event-token-file", token.toString());

        assertThat(post(base + "/events/user_created", "{\"id\": 7}", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> published = post(base + "/events/user_created", "{\"id\": 7}", "event-secret-0123456789");

        assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        awaitLog(log -> log.contains("Run ended: dataflow 'listen'"), "the event run");
        assertThat(serve.output()).contains("trigger event, status finalised");
        assertThat(Files.readString(flows().resolve("events.jsonl")))
                .matches("\\{\"id\":\\d+,\"eventname\":\"user_created\",\"eventdata\":\\{\"id\":7},"
                        + "\"publishedat\":.*}\n");
        serve.process().destroy();
        assertThat(serve.exitCode()).isZero();
    }

    @Test
    void runsReadAheadAndWriteBehindWhenAskedTo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1,
                "a run reads ahead and writes behind only with two cores or more");
        StringBuilder csv = new StringBuilder("id\n");
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 2_000; i++) {
            csv.append(i).append('\n');
            expected.append("{\"id\":\"").append(i).append("\",\"row\":").append(i).append("}\n");
        }
        Files.writeString(flows().resolve("rows.csv"), csv);
        Files.writeString(flows().resolve("pipe.yml"), """
                name: pipe
                steps:
                  hook: {type: trigger_webservice, config: {token: s3cret-token}}
                  read: {type: reader_csv, depends_on: hook, config: {path: rows.csv}}
                  number:
                    type: flow_transformer_alter
                    depends_on: read
                    config: {expressions: {row: '${{ steps.read.record.id + 0 }}'}}
                  write: {type: writer_stream, depends_on: number, config: {streamname: rows.jsonl, format: jsonl}}
                """);
        String base = start("--read-ahead", "--write-behind", "--verbose");

        HttpResponse<String> accepted = post(base + "/hooks/pipe", "{}", "s3cret-token");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Map<String, Object> run = awaitRunEnded((String) json(accepted.body()).get("run"));
        assertThat(run).containsEntry("status", "finalised");
        assertThat(serve.output())
                .contains("Step 'read' reads ahead: the steps after it go on from record 513 on a second thread")
                .contains("Step 'write' writes behind: its records from 513 on are processed on a thread of its own");
        assertThat(Files.readString(flows().resolve("rows.jsonl"))).isEqualTo(expected.toString());
    }

    @Test
    void aFlowAskingForMailOnAbortWithoutAnSmtpServerIsWarnedAbout() throws Exception {
        Files.writeString(flows().resolve("mailing.yml"), """
                name: mailing
                config:
                  notifyonabort: ops@example.com
                steps:
                  hook:
                    type: trigger_webservice
                    config: {token: hook-token-1234}
                """);
        Files.writeString(flows().resolve("quiet.yml"), """
                name: quiet
                steps:
                  hook:
                    type: trigger_webservice
                    config: {token: hook-token-5678}
                """);

        start();

        String warning = "Dataflow 'mailing' has warnings (it runs all the same): warning: dataflow: No e-mail "
                + "will be sent when a run aborts: no SMTP server is configured (--smtp-url and --smtp-from).";
        assertThat(serve.output()).contains(warning).contains("Dataflow 'quiet' loaded")
                .doesNotContain("Dataflow 'quiet' has warnings");
        assertThat(serve.output().indexOf(warning)).isEqualTo(serve.output().lastIndexOf(warning));
    }

    @Test
    void quietLogsNoInformation() throws Exception {
        start("--quiet");

        serve.process().destroy();
        assertThat(serve.exitCode()).isZero();
        assertThat(serve.output()).contains("listening on").doesNotContain("Scheduler started")
                .doesNotContain("Shutting down").doesNotContain("INFO");
    }

    @Test
    void aShortEventTokenIsAUsageError() throws Exception {
        Path token = dir.resolve("short.token");
        Files.writeString(token, "short\n");

        CliResult r = CliResult.run("serve", flows().toString(), "--port", "0", "--state-dir", state(),
                "--event-token-file", token.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Invalid event token in " + token
                + ": the event token must have at least 16 characters");
    }

    @Test
    void aDirectoryThatIsNotThereIsAUsageError() {
        CliResult r = CliResult.run("serve", dir.resolve("missing").toString(), "--port", "0");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("Not a directory: " + dir.resolve("missing") + System.lineSeparator());
    }
}

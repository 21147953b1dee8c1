package io.dataflows.http;

import static io.dataflows.http.LoopbackServer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.testkit.TestKit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code flow_curl}: one request per record, several in flight, records kept in order with their own response. */
class FlowCurlTest {

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().build();
    private final LoopbackServer server;
    private final CountDownLatch never = new CountDownLatch(1);

    FlowCurlTest() throws Exception {
        server = new LoopbackServer();
        // answers {"id": <id>} after 0-15 ms, so that later requests often finish first
        server.on("/echo/", (r, x) -> {
            Thread.sleep(ThreadLocalRandom.current().nextInt(16));
            String id = r.path().substring("/echo/".length());
            if (id.equals("13")) {
                answer(x, 500, "thirteen is unlucky");
            } else {
                answer(x, 200, "{\"id\":" + id + "}", "Content-Type", "application/json");
            }
        });
        server.on("/hang/", (r, x) -> {
            String id = r.path().substring("/hang/".length());
            if (Integer.parseInt(id) > 5) {
                never.await();
            }
            answer(x, 200, id);
        });
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.close();
    }

    /** {@code concurrency} null: the step's default. */
    private Dataflow flow(int rows, String path, Integer concurrency) {
        StringBuilder source = new StringBuilder("[");
        for (int i = 1; i <= rows; i++) {
            source.append(i > 1 ? ", " : "").append("{n: ").append(i).append('}');
        }
        source.append(']');
        return Definitions.readYaml(String.join("\n",
                "name: per-record",
                "steps:",
                "  read:",
                "    type: test_source",
                "    config: {source: " + source + "}",
                "  call:",
                "    type: flow_curl",
                "    depends_on: read",
                "    config: {curl: '" + server.url(path) + "${{ record.n }}'"
                        + (concurrency == null ? "" : ", concurrency: " + concurrency) + "}",
                "  pair:",
                "    type: flow_transformer_alter",
                "    depends_on: call",
                "    config:",
                "      expressions:",
                "        answered: '${{ steps.call.response.json.id }}'",
                "        status: '${{ steps.call.response.info.http_code }}'",
                "  sink:",
                "    type: test_sink",
                "    depends_on: pair"), "per-record.yml");
    }

    private List<String> pairs() {
        List<String> out = new ArrayList<>();
        for (DataRecord r : kit.sink().records("sink")) {
            out.add(r.get("n") + "=" + r.get("answered") + "/" + r.get("status"));
        }
        return out;
    }

    private static List<String> expected(int rows) {
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= rows; n++) {
            out.add(n + "=" + n + "/200");
        }
        return out;
    }

    @Test
    void concurrentRequestsLeaveInInputOrderEachRecordWithItsOwnResponse() {
        RunResult result = engine.run(flow(12, "/echo/", 8));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(pairs()).isEqualTo(expected(12));
        assertThat(server.requests()).hasSize(12);
        assertThat(server.mostInFlight()).isBetween(2, 8);
    }

    @Test
    void oneRequestAtATimeByDefault() {
        RunResult result = engine.run(flow(10, "/echo/", null));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(pairs()).isEqualTo(expected(10));
        assertThat(server.mostInFlight()).isEqualTo(1);
    }

    @Test
    void aFailedRequestAbortsTheRunOnItsOwnRecord() {
        RunResult result = engine.run(flow(30, "/echo/", 4));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException failure = result.failure().orElseThrow();
        assertThat(failure.stepAlias()).contains("call");
        assertThat(failure.recordNumber()).hasValue(13);
        assertThat(failure.getMessage()).contains("HTTP 500: thirteen is unlucky");
        assertThat(pairs()).isEqualTo(expected(12));
        // at most 4 in flight: nothing after record 16 was sent
        assertThat(server.requests()).hasSizeLessThanOrEqualTo(16);
    }

    @Test
    void requestsInFlightWhenTheRunFailsAreCancelled() throws Exception {
        Dataflow flow = Definitions.readYaml(String.join("\n",
                "name: cancelled",
                "steps:",
                "  read:",
                "    type: test_source",
                "    config: {source: [{n: 1}, {n: 2}, {n: 3}, {n: 4}, {n: 5}, {n: 6}, {n: 7}, {n: 8}]}",
                "  call:",
                "    type: flow_curl",
                "    depends_on: read",
                "    config: {curl: '" + server.url("/hang/") + "${{ record.n }}', concurrency: 3, timeout: 0.5}",
                "  sink:",
                "    type: test_sink",
                "    depends_on: call"), "cancelled.yml");

        long start = System.nanoTime();
        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().recordNumber()).hasValue(6);
        assertThat(result.failure().orElseThrow().getMessage()).contains("Request timed out after 0.5 s");
        assertThat(kit.sink().records("sink")).hasSize(5);
        // records 7 and 8 were in flight and waiting on the server: the run did not wait for their timeouts twice
        assertThat(server.requests()).hasSize(8);
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}

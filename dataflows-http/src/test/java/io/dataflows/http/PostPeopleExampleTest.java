package io.dataflows.http;

import static io.dataflows.http.LoopbackServer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.testkit.TestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example {@code dataflows-examples/flows/post-people.yml}, against an endpoint on loopback. */
class PostPeopleExampleTest {

    private static final Path EXAMPLES = Path.of("..", "dataflows-examples", "flows");

    @TempDir
    Path dir;

    private final LoopbackServer server;
    private final AtomicInteger ids = new AtomicInteger(100);

    PostPeopleExampleTest() throws Exception {
        server = new LoopbackServer();
        // the first request for Ben is refused as if the endpoint were overloaded: the step retries it
        AtomicInteger benTries = new AtomicInteger();
        server.on("/people", (r, x) -> {
            if (!r.headers().getOrDefault("Authorization", "").equals("Bearer t0ken")) {
                answer(x, 401, "who are you?");
            } else if (r.body().contains("\"Ben\"") && benTries.incrementAndGet() == 1) {
                answer(x, 503, "busy", "Retry-After", "0");
            } else {
                String name = r.body().replaceAll(".*\"name\":\"([^\"]*)\".*", "$1");
                answer(x, 201, "{\"id\":" + (name.equals("Aroha") ? 1 : name.equals("Ben") ? 2 : ids.incrementAndGet())
                        + "}", "Content-Type", "application/json");
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyPersonIsPostedOnceInOrderWithTheIdTheEndpointGave() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.copy(EXAMPLES.resolve("data/people.csv"), dir.resolve("data/people.csv"));
        Dataflow flow = Definitions.read(EXAMPLES.resolve("post-people.yml"));
        TestKit kit = new TestKit();

        RunResult result = kit.builder().baseDirectory(dir)
                .secretProvider(SecretProvider.of(Map.of("people_api_token", "t0ken"))).build()
                .run(flow, RunOptions.builder().var("endpoint", server.url("/people")).build());

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        String written = Files.readString(dir.resolve("out/posted-people.jsonl"), StandardCharsets.UTF_8);
        assertThat(written).startsWith("{\"name\":\"Aroha\",\"age\":\"34\",\"country\":\"nz\",\"id\":1}\n"
                + "{\"name\":\"Ben\",\"age\":\"17\",\"country\":\"au\",\"id\":2}\n");
        long lines = written.lines().count();
        long csvRows = Files.readAllLines(EXAMPLES.resolve("data/people.csv")).size() - 1;
        assertThat(lines).isEqualTo(csvRows);
        // one request per person, and Ben's twice
        assertThat(server.requests()).hasSize((int) csvRows + 1);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.headers()).containsEntry("Content-Type",
                "application/json"));
        assertThat(server.requests()).extracting(r -> r.headers().get("Idempotency-Key"))
                .contains("people-Aroha", "people-Dmitri").containsOnlyOnce("people-Aroha");
    }
}

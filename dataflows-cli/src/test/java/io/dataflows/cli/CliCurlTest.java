package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curl steps through the command: a request with a secret header, and the secret nowhere the command shows
 * anything — stdout and stderr with {@code --verbose}, {@code --state-out}, {@code export}, {@code dot}.
 */
class CliCurlTest {

    private static final String TOKEN = "Tk-9f8e7d6c5b";

    @TempDir
    Path dir;

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    CliCurlTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"echo\":" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRequestWithASecretHeaderRunsAndTheSecretShowsNowhere() throws Exception {
        Path flow = Files.writeString(dir.resolve("hook.yml"), String.join("\n",
                "name: hook",
                "steps:",
                "  call:",
                "    type: connector_curl",
                "    config:",
                "      curl: http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                "      method: post",
                "      headers: 'Authorization: Bearer ${{ secrets.api_token }}'",
                "      rawpostdata: '{\"n\": 1}'",
                "  log:",
                "    type: connector_log",
                "    depends_on: call",
                "    config: {level: info, message: 'got ${{ steps.call.response.json.echo.n }}'}",
                ""));
        Path token = Files.writeString(dir.resolve("token.txt"), TOKEN + "\n");
        Path stateOut = dir.resolve("state.json");

        CliResult run = CliResult.run("run", flow.toString(), "--secret", "api_token=@" + token, "--verbose",
                "--state-dir", dir.resolve("state").toString(), "--state-out", stateOut.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(authorizations).containsExactly("Bearer " + TOKEN);
        String state = Files.readString(stateOut, StandardCharsets.UTF_8);
        assertThat(state).contains("\"dbgcommand\": \"curl -s -X POST http://127.0.0.1:" + server.getAddress().getPort()
                + "/hook --max-time 60 -H 'Authorization:*****' --data-raw '{\\\"n\\\": 1}'\"");
        assertThat(state).contains("\"http_code\": 200");
        assertThat(state).containsIgnoringWhitespaces("\"json\": {\"echo\": {\"n\": 1}}");
        CliResult export = CliResult.run("export", flow.toString());
        CliResult dot = CliResult.run("dot", flow.toString(), "--state", stateOut.toString());
        assertThat(export.exit()).isZero();
        assertThat(dot.exit()).isZero();
        assertThat(export.out()).contains("Bearer ${{ secrets.api_token }}");
        for (String shown : List.of(run.out(), run.err(), state, export.out(), export.err(), dot.out(), dot.err())) {
            assertThat(shown).doesNotContain(TOKEN);
        }
    }
}

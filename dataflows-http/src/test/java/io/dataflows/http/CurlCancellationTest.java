package io.dataflows.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Definitions;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests still in flight when a run fails or is cancelled are aborted: the server sees their connections closed
 * long before the requests' own timeout. The server is a plain socket server, because only at that level can a test see a client
 * hang up on a request that has not been answered.
 */
class CurlCancellationTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ServerSocket socket;
    /** A permit for every request to /hang/ that arrived. */
    private final Semaphore hanging = new Semaphore(0);
    /** A permit for every request to /hang/ whose connection the client closed. */
    private final Semaphore hungUp = new Semaphore(0);

    CurlCancellationTest() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    threads.execute(() -> serve(connection));
                } catch (IOException e) {
                    return; // closed by stop()
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        threads.shutdownNow();
    }

    /** /fail/ answers 500 once both /hang/ requests arrived; /hang/ never answers and waits for the client to go. */
    private void serve(Socket connection) {
        boolean hang = false;
        try (connection) {
            InputStream in = connection.getInputStream();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1);
            String requestLine = reader.readLine();
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                // headers: a GET has no body
            }
            hang = requestLine != null && requestLine.contains(" /hang/");
            if (hang) {
                hanging.release();
                while (in.read() >= 0) {
                    // nothing is sent after the request; a read ends only when the client closes the connection
                }
                hungUp.release();
            } else {
                if (hanging.tryAcquire(2, 30, TimeUnit.SECONDS)) {
                    hanging.release(2);
                }
                OutputStream out = connection.getOutputStream();
                out.write("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 6\r\nConnection: close\r\n\r\nbroken"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            if (hang) {
                hungUp.release(); // a reset connection is hung up too
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void requestsInFlightWhenARequestFailsAreAbortedNotLeftToTimeOut() throws Exception {
        String base = "http://127.0.0.1:" + socket.getLocalPort();
        RunResult result = new TestKit().builder().build().run(Definitions.readYaml(String.join("\n",
                "name: abandoned",
                "steps:",
                "  read:",
                "    type: test_source",
                "    config: {source: [{p: fail/1}, {p: hang/2}, {p: hang/3}]}",
                "  call:",
                "    type: flow_curl",
                "    depends_on: read",
                "    config: {curl: '" + base + "/${{ record.p }}', concurrency: 3, timeout: 600}",
                "  sink:",
                "    type: test_sink",
                "    depends_on: call"), "abandoned.yml"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).contains("HTTP 500: broken");
        assertThat(hanging.availablePermits()).as("both other requests were in flight").isEqualTo(2);
        // the requests' own timeout is ten minutes: only an aborted exchange closes the connections sooner
        assertThat(hungUp.tryAcquire(2, 60, TimeUnit.SECONDS)).as("the client closed both waiting connections")
                .isTrue();
    }

    @Test
    void cancellingTheRunAbortsTheConnectorsRequest() throws Exception {
        String url = "http://127.0.0.1:" + socket.getLocalPort() + "/hang/1";
        RunHandle handle = new TestKit().builder().build().start(Definitions.readYaml(String.join("\n",
                "name: waiting",
                "steps:",
                "  call:",
                "    type: connector_curl",
                "    config: {curl: '" + url + "', timeout: 600}"), "waiting.yml"), RunOptions.defaults());

        assertThat(hanging.tryAcquire(60, TimeUnit.SECONDS)).as("the request arrived").isTrue();
        handle.cancel("cancelled by the test");

        assertThat(hungUp.tryAcquire(60, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
        RunResult result = handle.await();
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).hasValue("cancelled by the test");
    }
}

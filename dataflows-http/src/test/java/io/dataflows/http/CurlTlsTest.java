package io.dataflows.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.dataflows.Definitions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates are always verified: a server whose certificate nobody vouches for is refused. */
class CurlTlsTest {

    @TempDir
    Path dir;

    @Test
    void aSelfSignedCertificateIsRefused() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-alias", "server", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-dname", "CN=127.0.0.1", "-validity", "2",
                "-ext", "san=ip:127.0.0.1").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        AtomicInteger answered = new AtomicInteger();
        server.createContext("/", x -> {
            answered.incrementAndGet();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/secret";
            RunResult result = new TestKit().builder().build().run(Definitions.readYaml(
                    "name: tls\nsteps:\n  call:\n    type: connector_curl\n    config: {curl: '" + url + "'}\n",
                    "tls.yml"));

            assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
            assertThat(result.failure().orElseThrow().getMessage()).contains("Request failed: GET " + url + ": ")
                    .containsIgnoringCase("certification path");
            assertThat(answered).hasValue(0);
        } finally {
            server.stop(0);
        }
    }
}

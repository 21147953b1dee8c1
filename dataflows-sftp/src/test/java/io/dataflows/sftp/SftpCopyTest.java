package io.dataflows.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connector_sftp} against a real SFTP server on loopback: copies, logins, host keys, failures, dry runs. */
class SftpCopyTest {

    @TempDir
    Path remote;

    @TempDir
    Path local;

    private final TestKit kit = new TestKit();
    private SftpTestServer server;
    private DataflowEngine engine;

    private SftpTestServer server() {
        if (server == null) {
            server = new SftpTestServer(remote);
        }
        return server;
    }

    private DataflowEngine engine() {
        if (engine == null) {
            engine = kit.builder().permittedDirectory(local).baseDirectory(local).build();
        }
        return engine;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A connector_sftp flow; {@code extra} are more config entries ({@code "hostpubkey: '...'"}). */
    private Dataflow copy(String source, String target, String... extra) {
        StringBuilder yaml = new StringBuilder(String.join("\n",
                "name: sftp-copy",
                "steps:",
                "  copy:",
                "    type: connector_sftp",
                "    config:",
                "      host: 127.0.0.1",
                "      port: " + server().port(),
                "      username: " + SftpTestServer.USER,
                "      source: '" + source + "'",
                "      target: '" + target + "'"));
        boolean password = true;
        for (String e : extra) {
            yaml.append("\n      ").append(e);
            password &= !e.startsWith("password:");
        }
        if (password) {
            yaml.append("\n      password: '" + SftpTestServer.PASSWORD + "'");
        }
        return Definitions.readYaml(yaml.toString(), "sftp-copy.yml");
    }

    private static String message(RunResult result) {
        return result.failure().orElseThrow().getOriginalMessage();
    }

    @Test
    void downloadsARemoteFileAndPublishesWhatItCopied() throws Exception {
        Files.createDirectories(remote.resolve("in"));
        Files.writeString(remote.resolve("in/people.csv"), "id,name\n1,Ann\n");

        RunResult result = engine().run(copy("sftp://in/people.csv", "people.csv"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(local.resolve("people.csv"))).isEqualTo("id,name\n1,Ann\n");
        assertThat(result.variable("steps.copy.source")).contains("sftp://in/people.csv");
        assertThat(result.variable("steps.copy.target")).contains(local.resolve("people.csv").toString());
        assertThat(result.variable("steps.copy.bytes")).contains(14L);
        assertThat(result.variable("steps.copy.hostpubkey")).contains(PublicKeyEntry.toString(server().hostKey()));
    }

    @Test
    void uploadsALocalFileAtomicallyUnderTheSourceNameWhenTheTargetEndsWithASlash() throws Exception {
        Files.createDirectories(remote.resolve("out"));
        Files.writeString(remote.resolve("out/result.csv"), "old");
        Files.writeString(local.resolve("result.csv"), "id\n7\n");
        FileTime modified = FileTime.from(Instant.parse("2024-03-01T10:15:30Z"));
        Files.setLastModifiedTime(local.resolve("result.csv"), modified);

        RunResult result = engine().run(copy("result.csv", "sftp://out/"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(remote.resolve("out/result.csv"))).isEqualTo("id\n7\n");
        try (var files = Files.list(remote.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("result.csv");
        }
        assertThat(result.variable("steps.copy.source")).contains(local.resolve("result.csv").toString());
        assertThat(result.variable("steps.copy.target")).contains("sftp://out/result.csv");
        assertThat(result.variable("steps.copy.bytes")).contains(5L);
        assertThat(Files.getLastModifiedTime(remote.resolve("out/result.csv"))).isEqualTo(modified);
    }

    @Test
    void withoutPosixRenameAnExistingTargetIsRemovedAndTheUploadRenamedOntoIt() throws Exception {
        server = new SftpTestServer(remote, false);
        Files.writeString(remote.resolve("result.csv"), "old");
        Files.writeString(local.resolve("result.csv"), "new");

        RunResult result = engine().run(copy("result.csv", "sftp://result.csv"));

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(remote.resolve("result.csv")).hasContent("new");
        try (var files = Files.list(remote)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("result.csv");
        }
    }

    @Test
    void copiesARemoteFileToAnotherRemotePlace() throws Exception {
        Files.createDirectories(remote.resolve("a"));
        Files.createDirectories(remote.resolve("b"));
        Files.writeString(remote.resolve("a/x.txt"), "payload");

        RunResult result = engine().run(copy("sftp://a/x.txt", "sftp://b/y.txt"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(remote.resolve("b/y.txt"))).isEqualTo("payload");
        assertThat(Files.readString(remote.resolve("a/x.txt"))).isEqualTo("payload");
        assertThat(result.variable("steps.copy.bytes")).contains(7L);
    }

    @Test
    void aWrongPasswordFailsWithTheAuthorisationMessageAndNeverShowsThePassword() {
        RunResult result;
        try (LogCapture logs = new LogCapture()) {
            result = engine().run(copy("sftp://in/people.csv", "people.csv", "password: 'wrong-pw'"));
            assertThat(logs.all()).contains("Authorisation failed.").doesNotContain("wrong-pw");
        }
        assertThat(result.toString()).doesNotContain("wrong-pw");

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(message(result)).isEqualTo("Authorisation failed. User 'partner' on 127.0.0.1:" + server().port()
                + ": No more authentication methods available");
        assertThat(local.resolve("people.csv")).doesNotExist();
    }

    @Test
    void anUnreachableHostFailsWithTheConnectMessageAndItsReason() throws Exception {
        int port = server().port();
        server.close();
        server = null;
        Dataflow flow = Definitions.readYaml(String.join("\n",
                "name: nowhere",
                "steps:",
                "  copy:",
                "    type: connector_sftp",
                "    config: {host: 127.0.0.1, port: " + port + ", username: u, password: p, timeout: 5,"
                        + " source: 'sftp://a.txt', target: a.txt}"), "nowhere.yml");

        RunResult result = engine().run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(message(result)).isEqualTo("Unable to connect to host. 127.0.0.1:" + port + ": Connection refused");
    }

    @Test
    void aPinnedHostKeyIsAcceptedAsAKeyAKnownHostsLineOrAFingerprint() throws Exception {
        Files.writeString(remote.resolve("a.txt"), "a");
        String line = PublicKeyEntry.toString(server().hostKey());
        String fingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, server().hostKey());
        for (String pinned : List.of(line, "[127.0.0.1]:" + server().port() + " " + line + " comment",
                fingerprint)) {
            Files.deleteIfExists(local.resolve("a.txt"));
            RunResult result = engine().run(copy("sftp://a.txt", "a.txt", "hostpubkey: '" + pinned + "'"));
            assertThat(result.status()).as(pinned).isEqualTo(RunStatus.FINALISED);
            assertThat(local.resolve("a.txt")).hasContent("a");
        }
    }

    @Test
    void aPinnedHostKeyThatDiffersIsRefusedNamingTheKeySeen() throws Exception {
        Files.writeString(remote.resolve("a.txt"), "a");
        String other = PublicKeyEntry.toString(SftpTestServer.newKey().getPublic());
        String seen = KeyUtils.getFingerPrint(BuiltinDigests.sha256, server().hostKey());
        String expected = KeyUtils.getFingerPrint(BuiltinDigests.sha256,
                PublicKeyEntry.parsePublicKeyEntry(other).resolvePublicKey(null, null, null));

        RunResult result = engine().run(copy("sftp://a.txt", "a.txt", "hostpubkey: '" + other + "'"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(message(result)).isEqualTo("Host public key mismatch. The server 127.0.0.1:" + server().port()
                + " showed the key " + seen + ", expected " + expected + " (config 'hostpubkey').");
        assertThat(local.resolve("a.txt")).doesNotExist();
    }

    @Test
    void theFirstKeySeenIsTrustedAndAChangedKeyIsRefusedLater() throws Exception {
        Files.writeString(remote.resolve("a.txt"), "a");
        String first = KeyUtils.getFingerPrint(BuiltinDigests.sha256, server().hostKey());

        RunResult trusted = engine().run(copy("sftp://a.txt", "a.txt"));
        RunResult again = engine().run(copy("sftp://a.txt", "a.txt"));
        server().changeHostKey();
        String changed = KeyUtils.getFingerPrint(BuiltinDigests.sha256, server().hostKey());
        RunResult refused = engine().run(copy("sftp://a.txt", "a.txt"));

        assertThat(trusted.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(again.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(refused.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(message(refused)).isEqualTo("Host public key mismatch. The server 127.0.0.1:" + server().port()
                + " showed the key " + changed + ", expected " + first + " (trusted on first use by this step).");
    }

    @Test
    void aDryRunTrustsTheFirstKeyWithoutStoringIt() throws Exception {
        Files.writeString(remote.resolve("a.txt"), "a");
        RunOptions dry = RunOptions.builder().dryRun(true).build();

        RunResult dryRun = engine().run(copy("sftp://a.txt", "${{ run.scratchdir }}/a.txt"), dry);
        server().changeHostKey();
        RunResult real = engine().run(copy("sftp://a.txt", "a.txt"));

        assertThat(dryRun.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(dryRun.variable("steps.copy.bytes")).contains(1L);
        assertThat(real.status()).isEqualTo(RunStatus.FINALISED);
    }

    @Test
    void aMissingRemoteFileFailsTheCopyAndWritesNothing() {
        RunResult result = engine().run(copy("sftp://in/missing.csv", "missing.csv"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(message(result)).isEqualTo("Copy failed: 'sftp://127.0.0.1:" + server().port()
                + "/in/missing.csv: No such file or directory'.");
        assertThat(local.resolve("missing.csv")).doesNotExist();
    }

    @Test
    void aFileTheServerWillNotOpenFailsTheCopyWithThePermissionDenied() throws Exception {
        Files.createDirectories(remote.resolve("locked"));
        Files.writeString(remote.resolve("locked/secret.csv"), "x");
        Files.writeString(local.resolve("out.csv"), "y");

        RunResult download = engine().run(copy("sftp://locked/secret.csv", "secret.csv"));
        RunResult upload = engine().run(copy("out.csv", "sftp://locked/out.csv"));

        String address = "sftp://127.0.0.1:" + server().port();
        assertThat(message(download)).isEqualTo("Copy failed: '" + address + "/locked/secret.csv: Permission denied'.");
        assertThat(message(upload)).isEqualTo("Copy failed: '" + address + "/locked/out.csv: Permission denied'.");
        assertThat(local.resolve("secret.csv")).doesNotExist();
        assertThat(remote.resolve("locked/out.csv")).doesNotExist();
    }

    @Test
    void aDryRunReportsUploadsAndRemoteCopiesAndDownloadsOnlyIntoTheScratchDirectory() throws Exception {
        Files.writeString(remote.resolve("a.txt"), "remote");
        Files.writeString(local.resolve("out.csv"), "local");
        RunOptions dry = RunOptions.builder().dryRun(true).build();
        String address = "sftp://127.0.0.1:" + server().port();

        RunResult upload = engine().run(copy("out.csv", "sftp://in/"), dry);
        RunResult remoteCopy = engine().run(copy("sftp://a.txt", "sftp://b.txt"), dry);
        RunResult download = engine().run(copy("sftp://a.txt", "a.txt"), dry);
        RunResult intoScratch = engine().run(copy("sftp://a.txt", "${{ run.scratchdir }}/a.txt"), dry);

        assertThat(upload.effects()).containsExactly(Effect.of("copy", Effect.Kind.COPY, address + "/in/out.csv",
                "upload " + local.resolve("out.csv") + " to " + address + "/in/out.csv"));
        assertThat(upload.variable("steps.copy.bytes")).contains(0L);
        assertThat(remote.resolve("in")).doesNotExist();
        assertThat(remoteCopy.effects()).containsExactly(Effect.of("copy", Effect.Kind.COPY, address + "/b.txt",
                "copy " + address + "/a.txt to " + address + "/b.txt"));
        assertThat(remote.resolve("b.txt")).doesNotExist();
        assertThat(download.effects()).extracting(Effect::kind, e -> e.target().orElse(null))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Effect.Kind.WRITE,
                        local.resolve("a.txt").toString()));
        assertThat(local.resolve("a.txt")).doesNotExist();
        assertThat(intoScratch.effects()).isEmpty();
        assertThat(intoScratch.variable("steps.copy.bytes")).contains(6L);
    }

    @Test
    void twoLocalPathsAreRefusedBeforeTheRun() {
        var report = engine().validate(copy("a.txt", "b.txt"));

        assertThat(report.problems()).extracting(Object::toString).anySatisfy(p ->
                assertThat(p).contains("At least one of source/target must be remote."));
    }

    @Test
    void aHostKeyInNoAcceptedFormIsRefusedBeforeTheRun() {
        var report = engine().validate(copy("sftp://a.txt", "a.txt", "hostpubkey: 'not a key'"));

        assertThat(report.problems()).extracting(Object::toString).anySatisfy(p -> assertThat(p).contains(
                "Config 'hostpubkey' is invalid: expected an OpenSSH public key (ssh-ed25519 AAAA...), a known_hosts "
                        + "line or a SHA256: fingerprint."));
    }

    @Test
    void aMissingLocalSourceFailsTheUploadAndWritesNothing() throws Exception {
        RunResult result = engine().run(copy("nothing.csv", "sftp://nothing.csv"));

        assertThat(message(result)).isEqualTo("Copy failed: '" + local.resolve("nothing.csv") + ": No such file'.");
        try (var files = Files.list(remote)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRemoteSourceMustNameAFile() {
        RunResult result = engine().run(copy("sftp://in/", "x/"));

        assertThat(message(result)).isEqualTo("Config 'source' must name a file, not a directory (got \"sftp://in/\").");
    }

    @Test
    void theExportShowsThePasswordAsStars() {
        Dataflow flow = copy("sftp://a.txt", "a.txt");

        String yaml = Definitions.toYaml(flow, kit.registry());

        assertThat(yaml).contains("password: '*****'").doesNotContain(SftpTestServer.PASSWORD);
    }

    @Test
    void aConnectionCutMidDownloadLeavesNoFileUnderTheTargetName() throws Exception {
        byte[] data = new byte[4 * 1024 * 1024];
        Files.write(remote.resolve("big.bin"), data);
        server().cutAfter(256 * 1024);

        RunResult result = engine().run(copy("sftp://big.bin", "big.bin"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(message(result)).startsWith("Copy failed: 'sftp://127.0.0.1:" + server().port() + "/big.bin: ");
        try (var files = Files.list(local)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aConnectionCutMidUploadLeavesNoFileUnderTheTargetName() throws Exception {
        Files.write(local.resolve("big.bin"), new byte[4 * 1024 * 1024]);
        server().cutAfter(256 * 1024);

        RunResult result = engine().run(copy("big.bin", "sftp://big.bin"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(message(result)).startsWith("Copy failed: 'sftp://127.0.0.1:" + server().port() + "/big.bin: ");
        assertThat(remote.resolve("big.bin")).doesNotExist();
    }

    @Test
    void keepsTheTextOfTheFileItDownloads() throws Exception {
        Files.writeString(remote.resolve("ü.txt"), "grüße", StandardCharsets.UTF_8);

        RunResult result = engine().run(copy("sftp://ü.txt", "u.txt"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(local.resolve("u.txt"), StandardCharsets.UTF_8)).isEqualTo("grüße");
    }
}

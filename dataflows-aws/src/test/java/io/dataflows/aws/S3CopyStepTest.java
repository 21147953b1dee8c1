package io.dataflows.aws;

import static io.dataflows.aws.S3TestServer.KEY;
import static io.dataflows.aws.S3TestServer.REGION;
import static io.dataflows.aws.S3TestServer.SECRET;
import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** connector_s3 and flow_s3 through the AWS SDK's real client against S3Proxy on loopback ({@link S3TestServer}). */
class S3CopyStepTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3TestServer s3;

    @TempDir
    Path dir;

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().build();
    private String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        s3 = new S3TestServer();
    }

    @AfterAll
    static void stopServer() {
        s3.close();
    }

    @BeforeEach
    void createBucket() {
        bucket = "bucket-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
    }

    private StepSpec s3Step(String type, String source, String target) {
        return StepSpec.of(type).with("bucket", bucket).with("region", REGION).with("key", KEY)
                .with("secret", SECRET).with("endpoint", s3.endpoint()).with("pathstyle", true)
                .with("source", source).with("target", target);
    }

    private StepSpec copy(String source, String target) {
        return s3Step("connector_s3", source, target);
    }

    private static Dataflow flow(StepSpec copy) {
        return Dataflow.builder("s3")
                .step("copy", copy)
                .step("after", StepSpec.of(TestConnector.ID)).dependsOn("copy")
                .build();
    }

    private RunResult run(Dataflow flow) {
        return engine.run(flow, RunOptions.builder().baseDir(dir).build());
    }

    private RunResult dryRun(Dataflow flow) {
        return engine.run(flow, RunOptions.builder().baseDir(dir).dryRun(true).build());
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** Every byte value, then a little text: a binary file no text conversion would leave intact. */
    private static byte[] binary() {
        byte[] tail = "\r\nend of file\n\u0000\r".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[256 + tail.length];
        for (int i = 0; i < 256; i++) {
            content[i] = (byte) i;
        }
        System.arraycopy(tail, 0, content, 256, tail.length);
        return content;
    }

    @Test
    void uploadsALocalFileByteForByteAndPublishesWhatItCopied() throws IOException {
        byte[] content = binary();
        write("out/report.bin", content);

        RunResult result = run(flow(copy("out/report.bin", "s3://in/report.bin")));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(s3.get(bucket, "in/report.bin")).isEqualTo(content);
        assertThat(s3.keys(bucket)).containsExactly("in/report.bin");
        assertThat(result.variable("steps.copy.source")).contains(dir.resolve("out/report.bin").toString());
        assertThat(result.variable("steps.copy.target")).contains("s3://in/report.bin");
        assertThat(result.variable("steps.copy.bytes")).contains((long) content.length);
        assertThat(result.variable("steps.copy.success")).contains(true);
        assertThat(result.step("after").status()).isEqualTo(RunStatus.FINALISED);
    }

    @Test
    void downloadsAnObjectByteForByte() {
        byte[] content = binary();
        s3.put(bucket, "data/in.bin", content);

        RunResult result = run(flow(copy("s3://data/in.bin", "local/copy.bin")));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(dir.resolve("local/copy.bin")).hasBinaryContent(content);
        assertThat(result.variable("steps.copy.source")).contains("s3://data/in.bin");
        assertThat(result.variable("steps.copy.target")).contains(dir.resolve("local/copy.bin").toString());
        assertThat(result.variable("steps.copy.bytes")).contains((long) content.length);
        try (var files = listing(dir.resolve("local"))) {
            assertThat(files).containsExactly("copy.bin"); // no temporary file left next to it
        }
    }

    private static java.util.stream.Stream<String> listing(Path directory) {
        try {
            return Files.list(directory).map(p -> p.getFileName().toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void copiesAnObjectWithinTheBucket() {
        byte[] content = binary();
        s3.put(bucket, "a/one.bin", content);

        RunResult result = run(flow(copy("s3://a/one.bin", "s3://b/two.bin")));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(s3.get(bucket, "b/two.bin")).isEqualTo(content);
        assertThat(s3.get(bucket, "a/one.bin")).isEqualTo(content);
        assertThat(result.variable("steps.copy.bytes")).contains((long) content.length);
        assertThat(result.variable("steps.copy.target")).contains("s3://b/two.bin");
    }

    @Test
    void aTargetEndingWithSlashGetsTheSourcesFileName() throws IOException {
        write("out/data.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        s3.put(bucket, "remote/other.csv", "x\n");

        RunResult result = run(Dataflow.builder("s3")
                .step("up", copy("out/data.csv", "s3://in/"))
                .step("down", copy("s3://remote/other.csv", "downloads/")).dependsOn("up")
                .step("root", copy("s3://remote/other.csv", "s3://")).dependsOn("down")
                .build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(s3.get(bucket, "in/data.csv")).asString(StandardCharsets.UTF_8).isEqualTo("a,b\n1,2\n");
        assertThat(dir.resolve("downloads/other.csv")).hasContent("x");
        assertThat(s3.get(bucket, "other.csv")).asString(StandardCharsets.UTF_8).isEqualTo("x\n");
        assertThat(result.variable("steps.up.target")).contains("s3://in/data.csv");
        assertThat(result.variable("steps.down.target")).contains(dir.resolve("downloads/other.csv").toString());
        assertThat(result.variable("steps.root.target")).contains("s3://other.csv");
    }

    @Test
    void aFileLargerThanThePartSizeIsUploadedInParts() throws IOException {
        byte[] content = new byte[(int) (2 * io.dataflows.aws.internal.S3CopyStep.PART_SIZE + 12345)];
        new Random(42).nextBytes(content);
        write("big.bin", content);

        RunResult result = run(flow(copy("big.bin", "s3://big/big.bin")));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.copy.bytes")).contains((long) content.length);
        assertThat(s3.get(bucket, "big/big.bin")).isEqualTo(content);
        assertThat(s3.eTag(bucket, "big/big.bin")).as("a multipart upload's ETag counts its parts").endsWith("-3\"");
        assertThat(s3.pendingUploads(bucket)).isZero();
    }

    @Test
    void theFlowFormCopiesOneFilePerRecordAndPassesTheRecordsOn() throws IOException {
        write("a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
        write("b.txt", "beta".getBytes(StandardCharsets.UTF_8));

        RunResult result = run(Dataflow.builder("s3")
                .step("read", StepSpec.of(ArraySource.ID).with("source", list(map("name", "a.txt"),
                        map("name", "b.txt"))))
                .step("copy", s3Step("flow_s3", "${{ record.name }}", "s3://up/")).dependsOn("read")
                .step("sink", StepSpec.of(io.dataflows.testkit.CollectingSink.ID)).dependsOn("copy")
                .build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(s3.keys(bucket)).containsExactly("up/a.txt", "up/b.txt");
        assertThat(s3.get(bucket, "up/b.txt")).asString(StandardCharsets.UTF_8).isEqualTo("beta");
        assertThat(kit.sink().maps("sink")).containsExactly(map("name", "a.txt"), map("name", "b.txt"));
    }

    @Test
    void aMissingObjectFailsTheStepWithAwsError() {
        RunResult result = run(flow(copy("s3://nothing/here.csv", "here.csv")));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'copy' (connector_s3) failed: "
                + "S3 copy of s3://" + bucket + "/nothing/here.csv to " + dir.resolve("here.csv") + " failed: "
                + "NoSuchKey: The specified key does not exist. (HTTP 404)");
        assertThat(dir.resolve("here.csv")).doesNotExist();
        assertThat(result.step("after").status()).isNotEqualTo(RunStatus.FINALISED);
    }

    @Test
    void aMissingBucketFailsAnUploadTheServerRefusesBeforeReadingItWithTheBucketNamed() throws IOException {
        // 4 MiB in one request: the server answers 404 and closes long before the body is written, so the HTTP
        // client sees only that writing failed; the step asks for the bucket to report why.
        write("big.bin", new byte[4 * 1024 * 1024]);

        RunResult result = run(flow(copy("big.bin", "s3://big.bin").with("bucket", "no-such-bucket")));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'copy' (connector_s3) failed: "
                + "S3 copy of " + dir.resolve("big.bin") + " to s3://no-such-bucket/big.bin failed: NoSuchBucket: "
                + "The specified bucket does not exist (HTTP 404)");
    }

    @Test
    void aMissingBucketFailsTheStep() throws IOException {
        write("a.txt", "a".getBytes(StandardCharsets.UTF_8));

        RunResult result = run(flow(copy("a.txt", "s3://a.txt").with("bucket", "no-such-bucket")));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'copy' (connector_s3) failed: "
                + "S3 copy of " + dir.resolve("a.txt") + " to s3://no-such-bucket/a.txt failed: NoSuchBucket: "
                + "The specified bucket does not exist (HTTP 404)");
    }

    @Test
    void aMissingLocalSourceFailsTheStep() {
        RunResult result = run(flow(copy("missing.csv", "s3://in/missing.csv")));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'copy' (connector_s3) failed: "
                + "S3 copy of " + dir.resolve("missing.csv") + " to s3://" + bucket + "/in/missing.csv failed: "
                + "Cannot read file \"" + dir.resolve("missing.csv") + "\": no such file");
    }

    @Test
    void aWrongSecretRefusesALargeUploadTheServerDoesNotReadWithTheRealReason() throws IOException {
        write("big.bin", new byte[4 * 1024 * 1024]);
        String wrong = "WRONGsecretOHNOYOUWERENTSUPPOSEDTOSEEME";

        RunResult result = run(flow(copy("big.bin", "s3://big.bin").with("secret", wrong)));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'copy' (connector_s3) failed: "
                + "S3 copy of " + dir.resolve("big.bin") + " to s3://" + bucket + "/big.bin failed: "
                + "SignatureDoesNotMatch: Forbidden (HTTP 403)");
        assertThat(stackTrace(result.failure().orElseThrow())).doesNotContain(wrong).doesNotContain(SECRET);
        assertThat(s3.keys(bucket)).isEmpty();
    }

    @Test
    void aWrongSecretIsRefusedAndNeverShown() throws IOException {
        write("a.txt", "a".getBytes(StandardCharsets.UTF_8));
        String wrong = "WRONGsecretOHNOYOUWERENTSUPPOSEDTOSEEME";

        RunResult result = run(flow(copy("a.txt", "s3://a.txt").with("secret", wrong)));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).isEqualTo("Step 'copy' (connector_s3) failed: "
                + "S3 copy of " + dir.resolve("a.txt") + " to s3://" + bucket + "/a.txt failed: "
                + "SignatureDoesNotMatch: Forbidden (HTTP 403)");
        assertThat(stackTrace(result.failure().orElseThrow())).doesNotContain(wrong).doesNotContain(SECRET);
        assertThat(s3.keys(bucket)).isEmpty();
    }

    @Test
    void anUnreachableEndpointFailsTheStepSayingWhy() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }

        RunResult result = run(flow(copy("s3://in/a.csv", "a.csv").with("endpoint", closed)));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getMessage()).startsWith("Step 'copy' (connector_s3) failed: "
                + "S3 copy of s3://" + bucket + "/in/a.csv to " + dir.resolve("a.csv") + " failed: Unable to "
                + "execute HTTP request");
        assertThat(dir.resolve("a.csv")).doesNotExist();
    }

    @Test
    void withContinueOnErrorAFailurePublishesSuccessFalseAndTheRunGoesOn() {
        RunResult result = run(flow(copy("s3://nothing/here.csv", "here.csv").with("continueonerror", true)));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.copy.success")).contains(false);
        assertThat(result.variable("steps.copy.bytes")).isEmpty();
        assertThat(result.step("after").status()).isEqualTo(RunStatus.FINALISED);
        assertThat(dir.resolve("here.csv")).doesNotExist();
    }

    @Test
    void aDryRunSkipsUploadsAndCopiesAndDownloadsOnlyIntoTheScratchDirectory() throws IOException {
        s3.put(bucket, "in/a.csv", "a,b\n");
        write("local.csv", "l\n".getBytes(StandardCharsets.UTF_8));

        RunResult result = dryRun(Dataflow.builder("s3")
                .step("scratch", copy("s3://in/a.csv", "${{ run.scratchdir }}/a.csv"))
                .step("upload", copy("${{ run.scratchdir }}/a.csv", "s3://out/a.csv")).dependsOn("scratch")
                .step("local", copy("s3://in/a.csv", "local/a.csv")).dependsOn("upload")
                .step("copy", copy("s3://in/a.csv", "s3://copy/a.csv")).dependsOn("local")
                .step("put", copy("local.csv", "s3://put/")).dependsOn("copy")
                .build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.scratch.bytes")).contains(4L);
        assertThat(result.variable("steps.upload.bytes")).isEmpty();
        assertThat(result.variable("steps.upload.success")).contains(true);
        assertThat(s3.keys(bucket)).containsExactly("in/a.csv");
        assertThat(dir.resolve("local")).doesNotExist();
        assertThat(result.effects()).extracting(Effect::toString).containsExactly(
                "upload: would upload " + result.variable("steps.upload.source").orElseThrow() + " to s3://"
                        + bucket + "/out/a.csv",
                "local: would download s3://" + bucket + "/in/a.csv to " + dir.resolve("local/a.csv"),
                "copy: would copy s3://" + bucket + "/in/a.csv to s3://" + bucket + "/copy/a.csv",
                "put: would upload " + dir.resolve("local.csv") + " to s3://" + bucket + "/put/local.csv");
        assertThat(result.effects()).extracting(Effect::kind).containsOnly(Effect.Kind.COPY);
    }

    @Test
    void theSecretIsShownNowhereExportRunStateAndStateStoreIncluded(@TempDir Path stateDir) throws IOException {
        s3.put(bucket, "in/a.csv", "a");
        Dataflow flow = flow(copy("s3://in/a.csv", "a.csv"));
        DataflowEngine stored = kit.builder().stateStore(StateStores.directory(stateDir)).build();

        RunResult result = stored.run(flow, RunOptions.builder().baseDir(dir).build());
        String yaml = Definitions.toYaml(flow, engine.registry());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        try (Stream<Path> files = Files.walk(stateDir)) {
            List<Path> written = files.filter(Files::isRegularFile).collect(Collectors.toList());
            StringBuilder all = new StringBuilder();
            for (Path file : written) {
                all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
            assertThat(all).as("the run's state as stored").contains("*****").doesNotContain(SECRET);
        }
        assertThat(yaml).contains("secret: '*****'").doesNotContain(SECRET);
        assertThat(Definitions.toJson(flow, engine.registry())).doesNotContain(SECRET);
        assertThat(result.variable("steps.copy.config.secret")).contains("*****");
        assertThat(String.valueOf(result.variables())).doesNotContain(SECRET);
        assertThat(result.toString()).doesNotContain(SECRET);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

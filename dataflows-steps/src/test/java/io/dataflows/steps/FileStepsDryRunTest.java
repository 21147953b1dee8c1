package io.dataflows.steps;

import static io.dataflows.steps.FileTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run of every file step changes nothing outside the run's scratch directory — same entries,
 * contents, permissions and modification times — reports each effect it skipped, still reads (hash, exists, count,
 * list, display) and still writes into the scratch directory, so later steps see real data.
 */
class FileStepsDryRunTest {

    private static final String PASSPHRASE = "dry-run secret";
    private static final String IN_MD5 = "b10a8db164e0754105b7a99be72e3fe5"; // md5("Hello World")

    @TempDir
    Path data;

    @TempDir
    Path scratchRoot;

    private DataflowEngine engine;

    @BeforeEach
    void files() throws Exception {
        engine = TestEngines.builder().permittedDirectory(data).scratchRoot(scratchRoot).build();
        write(data, "in.txt", "Hello World");
        write(data, "existing.txt", "existing\n");
        write(data, "victim.txt", "remove me");
        write(data, "in/a.csv", "h\na\n");
        write(data, "in/b.csv", "h\nb\n");
        write(data, "tree/x.txt", "x");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(data.resolve("existing.gz")))) {
            out.write("Hello World".getBytes(StandardCharsets.UTF_8));
        }
        PgpTestKeys.write(data, "Dry Run <dry@example.org>", PASSPHRASE);
        // an old modification time everywhere, so that any touch shows
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
            }
        }
    }

    private String p(String name) {
        return data.resolve(name).toString();
    }

    private static StepSpec step(String type, Object... config) {
        StepSpec spec = StepSpec.of(type);
        for (int i = 0; i < config.length; i += 2) {
            spec = spec.with((String) config[i], config[i + 1]);
        }
        return spec;
    }

    @Test
    void connectorsChangeNothingOutsideScratchAndReportWhatTheyWouldHaveDone() {
        String scratch = "${{ run.scratchdir }}";
        Dataflow flow = Dataflow.builder("dry-connectors")
                .start("copy", step("connector_copy_file", "from", p("in.txt"), "to", p("out/copy.txt")))
                .then("copyglob", step("connector_copy_file", "from", p("in/*.csv"), "to", data + "/out/"))
                .then("append", step("connector_append_file", "from", p("in.txt"), "to", p("existing.txt"),
                        "chopfirstline", true))
                .then("remove", step("connector_remove_file", "file", p("victim.txt")))
                .then("put", step("connector_file_put_content", "path", p("put.txt"), "content", "new"))
                .then("hash", step("connector_hash_file", "path", p("in.txt"), "algorithm", "md5"))
                .then("gzip", step("connector_compression", "command", "compress", "from", p("in.txt"),
                        "to", p("in.txt.gz")))
                .then("gunzip", step("connector_compression", "command", "decompress", "from", p("existing.gz"),
                        "to", p("unzipped.txt")))
                .then("gunzipscratch", step("connector_compression", "command", "decompress",
                        "from", p("existing.gz"), "to", scratch + "/unzipped.txt"))
                .then("hashscratch", step("connector_hash_file", "path", scratch + "/unzipped.txt",
                        "algorithm", "md5"))
                .then("zip", step("connector_compression", "command", "compress", "method", "zip",
                        "from", p("tree"), "to", p("tree.zip")))
                .then("zipscratch", step("connector_compression", "command", "compress", "method", "zip",
                        "from", p("tree"), "to", scratch + "/tree.zip"))
                .then("unzip", step("connector_compression", "command", "decompress", "method", "zip",
                        "from", scratch + "/tree.zip", "to", p("untree")))
                .then("encrypt", step("connector_gpg", "command", "encrypt", "from", p("in.txt"), "to", p("in.gpg"),
                        "publickeyring", p("public.pgp")))
                .then("encryptscratch", step("connector_gpg", "command", "encrypt", "from", p("in.txt"),
                        "to", scratch + "/in.gpg", "publickeyring", p("public.pgp")))
                .then("decrypt", step("connector_gpg", "command", "decrypt", "from", scratch + "/in.gpg",
                        "to", p("decrypted.txt"), "secretkeyring", p("secret.pgp"), "passphrase", PASSPHRASE))
                .then("decryptscratch", step("connector_gpg", "command", "decrypt", "from", scratch + "/in.gpg",
                        "to", scratch + "/decrypted.txt", "secretkeyring", p("secret.pgp"),
                        "passphrase", PASSPHRASE))
                .then("hashdecrypted", step("connector_hash_file", "path", scratch + "/decrypted.txt",
                        "algorithm", "md5"))
                .then("list", step("connector_directory_file_list", "directory", p("in")))
                .then("count", step("connector_directory_file_count", "path", p("in")))
                .then("exists", step("connector_file_exists", "path", p("victim.txt")))
                .then("display", step("connector_debug_file_display", "streamname", p("in.txt")))
                .build();
        Map<String, String> before = FileTrees.snapshot(data);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        RunResult result = engine.run(flow, RunOptions.builder().dryRun(true)
                .output(new PrintStream(output, true, StandardCharsets.UTF_8)).build());

        assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(RunStatus.FINALISED);
        assertThat(FileTrees.snapshot(data)).isEqualTo(before);
        assertThat(result.effects()).extracting(Object::toString).containsExactly(
                "copy: would copy " + p("in.txt") + " to " + p("out/copy.txt"),
                "copyglob: would copy " + p("in/a.csv") + " to " + p("out/a.csv"),
                "copyglob: would copy " + p("in/b.csv") + " to " + p("out/b.csv"),
                "append: would append " + p("in.txt") + " to " + p("existing.txt"),
                "remove: would remove " + p("victim.txt"),
                "put: would write " + p("put.txt"),
                "gzip: would compress " + p("in.txt") + " to " + p("in.txt.gz"),
                "gunzip: would decompress " + p("existing.gz") + " to " + p("unzipped.txt"),
                "zip: would compress " + p("tree") + " to " + p("tree.zip"),
                "unzip: would decompress " + result.variable("run.scratchdir").orElseThrow() + "/tree.zip to "
                        + p("untree"),
                "encrypt: would encrypt " + p("in.txt") + " to " + p("in.gpg"),
                "decrypt: would decrypt " + result.variable("run.scratchdir").orElseThrow() + "/in.gpg to "
                        + p("decrypted.txt"));
        // each effect is data: the step, the kind of change and the absolute target
        assertThat(result.effects()).extracting(Effect::stepAlias, Effect::kind, e -> e.target().orElseThrow())
                .containsExactly(
                        tuple("copy", Effect.Kind.COPY, p("out/copy.txt")),
                        tuple("copyglob", Effect.Kind.COPY, p("out/a.csv")),
                        tuple("copyglob", Effect.Kind.COPY, p("out/b.csv")),
                        tuple("append", Effect.Kind.WRITE, p("existing.txt")),
                        tuple("remove", Effect.Kind.DELETE, p("victim.txt")),
                        tuple("put", Effect.Kind.WRITE, p("put.txt")),
                        tuple("gzip", Effect.Kind.WRITE, p("in.txt.gz")),
                        tuple("gunzip", Effect.Kind.WRITE, p("unzipped.txt")),
                        tuple("zip", Effect.Kind.WRITE, p("tree.zip")),
                        tuple("unzip", Effect.Kind.WRITE, p("untree")),
                        tuple("encrypt", Effect.Kind.WRITE, p("in.gpg")),
                        tuple("decrypt", Effect.Kind.WRITE, p("decrypted.txt")));
        assertThat(result.effects().get(4).detail()).isEqualTo("remove " + p("victim.txt"));
        // reads happened, and what was written into the scratch directory is real
        assertThat(result.variable("steps.hash.hash")).contains(IN_MD5);
        assertThat(result.variable("steps.hashscratch.hash")).contains(IN_MD5);
        assertThat(result.variable("steps.hashdecrypted.hash")).contains(IN_MD5);
        for (String step : new String[] {"gzip", "gunzip", "gunzipscratch", "zip", "zipscratch", "unzip", "encrypt",
                "encryptscratch", "decrypt", "decryptscratch"}) {
            assertThat(result.variable("steps." + step + ".vars.success")).as(step).contains(true);
        }
        assertThat(result.variable("steps.list.vars.filenames")).contains(List.of("a.csv", "b.csv"));
        assertThat(result.variable("steps.count.result")).contains(2L);
        assertThat(result.variable("steps.exists.exists")).contains(true);
        assertThat(result.variable("steps.copyglob.files")).contains(List.of(p("out/a.csv"), p("out/b.csv")));
        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("Hello World\n");
    }

    @Test
    void flowStepsAndTheReaderChangeNothingOutsideScratch() {
        Dataflow flow = Dataflow.builder("dry-flow")
                .start("list", step("reader_directory_file_list", "directory", p("in"),
                        "returnvalue", "absolutepath"))
                .then("copy", step("flow_copy_file", "from", "${{ record.filename }}", "to", data + "/out/"))
                .then("append", step("flow_append_file", "from", "${{ record.filename }}", "to", p("all.csv"),
                        "chopfirstline", true))
                .then("put", step("flow_file_put_content", "path", "${{ record.filename }}.txt", "content", "x"))
                .then("hash", step("flow_hash_file", "path", "${{ record.filename }}", "algorithm", "sha256"))
                .then("gzip", step("flow_compression", "command", "compress", "from", "${{ record.filename }}",
                        "to", "${{ record.filename }}.gz"))
                .then("encrypt", step("flow_gpg", "command", "encrypt", "from", "${{ record.filename }}",
                        "to", "${{ record.filename }}.gpg", "publickeyring", p("public.pgp")))
                .then("remove", step("flow_remove_file", "file", "${{ record.filename }}"))
                .build();
        Map<String, String> before = FileTrees.snapshot(data);

        RunResult result = engine.run(flow, RunOptions.builder().dryRun(true).build());

        assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(RunStatus.FINALISED);
        assertThat(FileTrees.snapshot(data)).isEqualTo(before);
        assertThat(result.effects()).extracting(Object::toString).hasSize(12).contains(
                "copy: would copy " + p("in/b.csv") + " to " + p("out/b.csv"),
                "append: would append " + p("in/a.csv") + " to " + p("all.csv"),
                "put: would write " + p("in/a.csv") + ".txt",
                "gzip: would compress " + p("in/b.csv") + " to " + p("in/b.csv") + ".gz",
                "encrypt: would encrypt " + p("in/a.csv") + " to " + p("in/a.csv") + ".gpg",
                "remove: would remove " + p("in/b.csv"));
        assertThat(result.variable("steps.hash.iterations")).contains(2L);
    }
}

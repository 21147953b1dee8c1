package io.dataflows.steps;

import static io.dataflows.steps.FileTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack on the check of a path's real location: while flows read, copy, hash, decompress, write, append,
 * encrypt and delete files in {@code d}, a thread flips {@code d} between a real directory and a symlink to a
 * directory outside the permitted ones, thousands of times. No byte of the files outside is ever read, nothing is
 * ever created, changed or deleted outside (watched with the file system's own notifications, so even a temporary
 * file that came and went would show), and every run either works on the real {@code d} or fails with a clear
 * message.
 */
class PathSwapRaceTest {

    private static final String INSIDE = "inside";
    private static final String OUTSIDE = "OUTSIDE";

    /** What a run that met the swap may say: refused, or the file was not there at that instant. */
    private static final Pattern CLEAR_ERROR = Pattern.compile("Step '\\w+' \\(\\w+\\) failed( on record #\\d+)?: "
            + ".*(is not permitted\\.|changed while being opened \\(.*\\)\\.|no such file"
            + "|Failed to open (stream|JSON file) \".*\"\\.).*");

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    private Path d;
    private Path res;
    private final DataflowEngine engine = TestEngines.builder().build();

    @BeforeEach
    void layout() throws Exception {
        d = Files.createDirectories(dir.resolve("d"));
        res = Files.createDirectories(dir.resolve("res"));
        for (Path p : List.of(d, outside)) {
            String who = p == d ? INSIDE : OUTSIDE;
            write(p, "in.txt", who + "\n");
            write(p, "in.csv", "id,name\n1," + who + "\n");
            write(p, "in.json", "[{\"id\":1,\"name\":\"" + who + "\"}]");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p.resolve("in.gz")))) {
                out.write((who + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        write(outside, "victim.txt", "do not touch");
        for (String name : new String[] {"out.jsonl", "copied.txt", "put.txt", "appended.txt", "plain.txt.gz",
                "enc.gpg"}) {
            write(outside, name, "do not touch");
        }
        write(res, "plain.txt", "plain\n");
        write(res, "source.csv", "a,b\n1,2\n");
        PgpTestKeys.write(res, "Race <race@example.org>", "secret");
    }

    private static StepSpec step(String type, Object... config) {
        StepSpec spec = StepSpec.of(type);
        for (int i = 0; i < config.length; i += 2) {
            spec = spec.with((String) config[i], config[i + 1]);
        }
        return spec;
    }

    private static Dataflow one(String alias, StepSpec spec) {
        return Dataflow.builder(alias).step(alias, spec).build();
    }

    private static Dataflow stream(String alias, StepSpec reader, String target) {
        return Dataflow.builder(alias).step(alias, reader)
                .step("writer", step("writer_stream", "streamname", target, "format", "jsonl")).dependsOn(alias)
                .build();
    }

    /**
     * The flows of one round: every read, write and delete of a file step, on files in {@code d}. The paths are
     * expressions, so that validation cannot check them before the run: the run-time check is attacked.
     */
    private List<Dataflow> round(int i) {
        return List.of(
                stream("csv", step("reader_csv", "path", inD("in.csv")), "res/csv-" + i + ".jsonl"),
                stream("json", step("reader_json", "pathtojson", inD("in.json")), "res/json-" + i + ".jsonl"),
                one("copyfrom", step("connector_copy_file", "from", inD("in.txt"), "to", "res/copy-" + i + ".txt")),
                one("hash", step("connector_hash_file", "path", inD("in.txt"), "algorithm", "md5")),
                one("gunzip", step("connector_compression", "command", "decompress", "from", inD("in.gz"),
                        "to", "res/gunzip-" + i + ".txt")),
                one("appendfrom", step("connector_append_file", "from", inD("in.txt"),
                        "to", "res/append-" + i + ".txt")),
                stream("source", step("reader_csv", "path", "res/source.csv"), inD("out.jsonl")),
                one("copyto", step("connector_copy_file", "from", "res/plain.txt", "to", inD("copied.txt"))),
                one("put", step("connector_file_put_content", "path", inD("made-" + i + "/put.txt"),
                        "content", "put")),
                one("appendto", step("connector_append_file", "from", "res/plain.txt", "to", inD("appended.txt"))),
                one("gzip", step("connector_compression", "command", "compress", "from", "res/plain.txt",
                        "to", inD("plain.txt.gz"))),
                one("gpg", step("connector_gpg", "command", "encrypt", "from", "res/plain.txt",
                        "to", inD("enc.gpg"), "publickeyring", "res/public.pgp")),
                Dataflow.builder("remove")
                        .start("victim", step("connector_file_put_content", "path", inD("victim.txt"),
                                "content", "mine"))
                        .then("remove", step("connector_remove_file", "file", inD("victim.txt")))
                        .build());
    }

    /** {@code d/<name>} as an expression. */
    private static String inD(String name) {
        return "${{ 'd/" + name + "' }}";
    }

    @Test
    @Timeout(120)
    void aDirectorySwappedForASymlinkNeverLetsAReadOrAWriteOutside() throws Exception {
        Map<String, String> outsideBefore = FileTrees.snapshot(outside);
        String insideMd5 = md5(INSIDE + "\n");
        String outsideMd5 = md5(OUTSIDE + "\n");
        RunOptions options = RunOptions.builder().baseDir(dir).build();
        List<String> unclear = new ArrayList<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        long flips;

        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            WatchKey key = outside.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            try (DirectorySwapper swapper = new DirectorySwapper(d, outside)) {
                for (int i = 0; i < 400 && (i < 12 || swapper.flips() < 3000); i++) {
                    for (Dataflow flow : round(i)) {
                        RunResult result = engine.run(flow, options);
                        String error = result.error().orElse("");
                        boolean ok = result.status() == RunStatus.FINALISED;
                        outcomes.merge(ok ? "finalised" : "aborted", 1, Integer::sum);
                        if (!ok && !CLEAR_ERROR.matcher(error).matches()) {
                            unclear.add(error);
                        }
                        assertThat(error).as("nothing outside is ever read").doesNotContain(OUTSIDE);
                        result.variable("steps.hash.hash").ifPresent(h -> assertThat(h).as("hash of what was read")
                                .isEqualTo(insideMd5).isNotEqualTo(outsideMd5));
                    }
                }
                flips = swapper.flips();
            }
            List<String> events = new ArrayList<>();
            for (WatchEvent<?> e : key.pollEvents()) {
                events.add(e.kind().name() + " " + e.context());
            }
            assertThat(events).as("nothing outside was created, changed or deleted, even for an instant").isEmpty();
        }

        System.out.println("PathSwapRaceTest: " + flips + " flips, runs: " + outcomes);
        assertThat(flips).as("the directory was swapped often").isGreaterThan(1000);
        assertThat(outcomes.keySet()).as("some runs met the swap, some did not: " + outcomes)
                .contains("finalised", "aborted");
        assertThat(unclear).as("every failure is a clear refusal or a missing file").isEmpty();
        assertThat(FileTrees.snapshot(outside)).isEqualTo(outsideBefore);
        try (Stream<Path> results = Files.list(res)) {
            for (Path p : (Iterable<Path>) results::iterator) {
                assertThat(Files.readString(p, StandardCharsets.ISO_8859_1)).as(p.toString())
                        .doesNotContain(OUTSIDE);
            }
        }
    }

    private static String md5(String text) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : digest) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}

package io.dataflows.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The reference workload every implementation runs: a CSV of N rows {@code id,name,email,score,country} → keep {@code score >= 50} →
 * add {@code grade = score >= 90 ? 'A' : 'B'} and {@code label = name ~ '@' ~ strtoupper(country)} → JSON lines.
 *
 * <p>Every implementation writes one compact JSON object per kept row, the CSV fields as text in CSV order, then
 * {@code grade} and {@code label} — the exact bytes {@code writer_stream} with format {@code jsonl} writes.
 */
public final class Workload {

    public static final String HEADER = "id,name,email,score,country";
    public static final String INPUT = "input.csv";
    public static final String FLOW = "flow.yml";
    public static final long SEED = 20261129L;

    private static final String[] NAMES = {
        "Ann", "Bob", "Carla", "Dmitri", "Eve", "Farid", "Gita", "Hana", "Ivan", "Jo", "Kiri", "Liam", "Mere",
        "Noah", "Olga", "Pita", "Quinn", "Rangi", "Sofia", "Tane", "Uma", "Viktor", "Wiremu", "Xiu", "Yara", "Zoë",
        "José", "Ngāio"
    };
    private static final String[] COUNTRIES = {"nz", "au", "us", "de", "fr", "gb", "jp", "br", "in", "za", "ca"};

    private Workload() {}

    /** The input of {@code dir}. */
    public static Path input(Path dir) {
        return dir.resolve(INPUT);
    }

    /** Where implementation {@code name} writes its output in {@code dir}. */
    public static Path output(Path dir, String name) {
        return dir.resolve("out-" + name + ".jsonl");
    }

    /**
     * Writes {@code rows} rows to {@code dir/input.csv} (same seed, same bytes) and the YAML flow to
     * {@code dir/flow.yml}, unless an input of that size is already there.
     */
    public static void generate(Path dir, long rows) throws IOException {
        Files.createDirectories(dir);
        writeFlow(dir);
        Path in = input(dir);
        Path marker = dir.resolve("input.rows");
        if (Files.exists(in) && Files.exists(marker) && Files.readString(marker).trim().equals(Long.toString(rows))) {
            return;
        }
        SplittableRandom random = new SplittableRandom(SEED);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(in), StandardCharsets.UTF_8),
                1 << 16)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder sb = new StringBuilder(96);
            for (long i = 1; i <= rows; i++) {
                String name = NAMES[random.nextInt(NAMES.length)];
                int score = random.nextInt(101);
                String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
                sb.setLength(0);
                sb.append(i).append(',').append(name).append(',')
                        .append(name.toLowerCase(Locale.ROOT)).append('.').append(i).append("@example.org,")
                        .append(score).append(',').append(country).append('\n');
                w.append(sb);
            }
        }
        Files.writeString(marker, Long.toString(rows));
    }

    /** Writes the reference workload as a Dataflows YAML flow, reading input.csv and writing out-dataflows.jsonl. */
    public static void writeFlow(Path dir) throws IOException {
        try (InputStream in = Workload.class.getResourceAsStream("reference-flow.yml")) {
            Files.write(dir.resolve(FLOW), in.readAllBytes());
        }
    }

    /** Line count and order-independent digest of an output file. */
    public record Digest(long lines, long sum, long xor) {
        public String hex() {
            return Long.toHexString(sum) + "-" + Long.toHexString(xor);
        }

        public static Digest of(Path file) throws IOException {
            long lines = 0;
            long sum = 0;
            long xor = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = r.readLine()) != null) {
                    long h = 0xcbf29ce484222325L;
                    for (int i = 0; i < line.length(); i++) {
                        h = (h ^ line.charAt(i)) * 0x100000001b3L;
                    }
                    h ^= h >>> 33;
                    h *= 0xff51afd7ed558ccdL;
                    h ^= h >>> 33;
                    sum += h;
                    xor ^= Long.rotateLeft(h, 17);
                    lines++;
                }
            }
            return new Digest(lines, sum, xor);
        }

        @Override
        public String toString() {
            return lines + " lines, digest " + hex();
        }
    }

    /** Appends {@code s} as a JSON string (quotes, backslashes and control characters escaped; UTF-8 kept). */
    public static void jsonString(StringBuilder sb, String s) {
        io.dataflows.bench.lean.LeanTyped.jsonString(sb, s);
    }

    /** Appends a map of text values as one compact JSON object. */
    public static void jsonObject(StringBuilder sb, java.util.Map<String, ?> map) {
        sb.append('{');
        boolean first = true;
        for (java.util.Map.Entry<String, ?> e : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            jsonString(sb, e.getKey());
            sb.append(':');
            jsonString(sb, String.valueOf(e.getValue()));
        }
        sb.append('}');
    }
}

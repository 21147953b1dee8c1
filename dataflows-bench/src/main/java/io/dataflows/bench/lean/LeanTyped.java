package io.dataflows.bench.lean;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The reference workload as a user would write it by hand, in typed Java ({@code split} and a
 * {@link StringBuilder}), and as the smallest program that runs it: this class alone, packaged in a jar of its own
 * ({@code dataflows-bench-lean.jar}) that needs nothing but the JDK. The whole-process comparison times it started
 * as {@code java -cp dataflows-bench-lean.jar io.dataflows.bench.lean.LeanTyped INPUT OUTPUT}, so that no other
 * library on the class path and no benchmark harness weighs on the baseline. The in-process typed implementation
 * runs the same {@link #transform}.
 */
public final class LeanTyped {

    private LeanTyped() {
    }

    /** {@code INPUT.csv OUTPUT.jsonl}: transforms the one into the other and exits. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LeanTyped INPUT.csv OUTPUT.jsonl");
            System.exit(64);
        }
        transform(Path.of(args[0]), Path.of(args[1]));
    }

    /**
     * Reads the CSV rows {@code id,name,email,score,country} of {@code input} (after its header), keeps those with
     * {@code score >= 50}, and writes each as a JSON line with {@code grade} ({@code A} from 90) and {@code label}
     * ({@code name@COUNTRY}) added.
     *
     * @return the number of lines written
     */
    public static long transform(Path input, Path output) throws IOException {
        long written = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(input),
                        StandardCharsets.UTF_8), 1 << 16);
             Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output),
                        StandardCharsets.UTF_8), 1 << 16)) {
            in.readLine(); // header
            StringBuilder sb = new StringBuilder(160);
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                int score = Integer.parseInt(f[3]);
                if (score < 50) {
                    continue;
                }
                sb.setLength(0);
                sb.append("{\"id\":");
                jsonString(sb, f[0]);
                sb.append(",\"name\":");
                jsonString(sb, f[1]);
                sb.append(",\"email\":");
                jsonString(sb, f[2]);
                sb.append(",\"score\":");
                jsonString(sb, f[3]);
                sb.append(",\"country\":");
                jsonString(sb, f[4]);
                sb.append(",\"grade\":\"").append(score >= 90 ? 'A' : 'B');
                sb.append("\",\"label\":");
                jsonString(sb, f[1] + '@' + f[4].toUpperCase(Locale.ROOT));
                sb.append("}\n");
                out.append(sb);
                written++;
            }
        }
        return written;
    }

    /** Appends {@code s} as a JSON string (quotes, backslashes and control characters escaped; UTF-8 kept). */
    public static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\n': sb.append("\\n"); break;
                    case '\r': sb.append("\\r"); break;
                    case '\t': sb.append("\\t"); break;
                    case '\b': sb.append("\\b"); break;
                    case '\f': sb.append("\\f"); break;
                    default: sb.append(String.format("\\u%04x", (int) c));
                }
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}

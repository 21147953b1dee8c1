package io.dataflows.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** (1) The practical limit: typed Java, {@code split} and a {@link StringBuilder}. */
final class TypedJava implements Implementation {

    private final String name;

    TypedJava(String name) {
        this.name = name;
    }

    @Override
    public long run(Path dir) throws Exception {
        long written = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(Workload.input(dir)),
                        StandardCharsets.UTF_8), 1 << 16);
             Writer out = new BufferedWriter(new OutputStreamWriter(
                        Files.newOutputStream(Workload.output(dir, name)), StandardCharsets.UTF_8), 1 << 16)) {
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
                Workload.jsonString(sb, f[0]);
                sb.append(",\"name\":");
                Workload.jsonString(sb, f[1]);
                sb.append(",\"email\":");
                Workload.jsonString(sb, f[2]);
                sb.append(",\"score\":");
                Workload.jsonString(sb, f[3]);
                sb.append(",\"country\":");
                Workload.jsonString(sb, f[4]);
                sb.append(",\"grade\":\"").append(score >= 90 ? 'A' : 'B');
                sb.append("\",\"label\":");
                Workload.jsonString(sb, f[1] + '@' + f[4].toUpperCase(Locale.ROOT));
                sb.append("}\n");
                out.append(sb);
                written++;
            }
        }
        return written;
    }
}

package io.dataflows.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The hand-written "over maps" loop: each row becomes a map keyed by the header, rules read and write the map. */
abstract class MapsSupport implements Implementation {

    abstract boolean keep(Map<String, Object> record);

    abstract Object grade(Map<String, Object> record);

    abstract Object label(Map<String, Object> record);

    abstract String name();

    @Override
    public long run(Path dir) throws Exception {
        long written = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(Workload.input(dir)),
                        StandardCharsets.UTF_8), 1 << 16);
             Writer out = new BufferedWriter(new OutputStreamWriter(
                        Files.newOutputStream(Workload.output(dir, name())), StandardCharsets.UTF_8), 1 << 16)) {
            String[] headers = in.readLine().split(",", -1);
            StringBuilder sb = new StringBuilder(160);
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                Map<String, Object> record = new LinkedHashMap<>();
                for (int i = 0; i < headers.length; i++) {
                    record.put(headers[i], f[i]);
                }
                if (!keep(record)) {
                    continue;
                }
                Object grade = grade(record);
                Object label = label(record);
                record.put("grade", grade);
                record.put("label", label);
                sb.setLength(0);
                Workload.jsonObject(sb, record);
                sb.append('\n');
                out.append(sb);
                written++;
            }
        }
        return written;
    }
}

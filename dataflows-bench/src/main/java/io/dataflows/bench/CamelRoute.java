package io.dataflows.bench;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * (4) Apache Camel 4: a direct route that splits the file into lines with a streaming tokenizer, turns each line
 * into a map, filters it with a Java predicate, adds the two fields and appends the JSON line to the output.
 */
final class CamelRoute implements Implementation {

    private static final String[] HEADERS = Workload.HEADER.split(",");

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private Writer out;
    private long written;

    CamelRoute() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start")
                        .split(body().tokenize("\n")).streaming()
                            .process(e -> {
                                String line = e.getIn().getBody(String.class);
                                if (line.isEmpty() || line.equals(Workload.HEADER)) {
                                    e.getIn().setBody(null);
                                    return;
                                }
                                String[] f = line.split(",", -1);
                                Map<String, Object> record = new LinkedHashMap<>();
                                for (int i = 0; i < HEADERS.length; i++) {
                                    record.put(HEADERS[i], f[i]);
                                }
                                e.getIn().setBody(record);
                            })
                            .filter(e -> {
                                Map<?, ?> r = e.getIn().getBody(Map.class);
                                return r != null && Integer.parseInt((String) r.get("score")) >= 50;
                            })
                            .process(e -> {
                                @SuppressWarnings("unchecked")
                                Map<String, Object> r = e.getIn().getBody(Map.class);
                                r.put("grade", Integer.parseInt((String) r.get("score")) >= 90 ? "A" : "B");
                                r.put("label", r.get("name") + "@"
                                        + ((String) r.get("country")).toUpperCase(Locale.ROOT));
                            })
                            .process(e -> {
                                StringBuilder sb = new StringBuilder(160);
                                Map<?, ?> r = e.getIn().getBody(Map.class);
                                @SuppressWarnings("unchecked")
                                Map<String, ?> record = (Map<String, ?>) r;
                                Workload.jsonObject(sb, record);
                                sb.append('\n');
                                out.append(sb);
                                written++;
                            })
                        .end()
                        .end();
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @Override
    public long run(Path dir) throws Exception {
        written = 0;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(Workload.output(dir, "camel")), StandardCharsets.UTF_8), 1 << 16)) {
            out = w;
            Exchange result = producer.send("direct:start", e -> {
                e.setProperty(Exchange.CHARSET_NAME, "UTF-8");
                e.getIn().setBody(Workload.input(dir).toFile());
            });
            if (result.getException() != null) {
                throw result.getException();
            }
        } finally {
            out = null;
        }
        return written;
    }

    @Override
    public void close() throws Exception {
        camel.close();
    }
}

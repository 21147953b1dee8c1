package io.dataflows.bench.jmh;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionMode;
import io.dataflows.RecordLayout;
import io.dataflows.internal.expr.Access;
import io.dataflows.internal.expr.CompiledExpression;
import io.dataflows.internal.expr.EvalContext;
import io.dataflows.internal.expr.ExpressionEngine;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three rules of the reference workload per record: Dataflows' compiled expressions, the same expressions in
 * Dataflows' JEXL mode, plain JEXL over a map (what hand-written code calling JEXL does), and lambdas. Each
 * benchmark evaluates all three rules for one record (records cycle through 1,024 generated rows).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExpressionBench {

    private static final String FILTER = "record.score >= 50";
    private static final String GRADE = "record.score >= 90 ? 'A' : 'B'";
    private static final String LABEL = "record.name ~ '@' ~ strtoupper(record.country)";

    private final DataRecord[] records = new DataRecord[1024];
    private final Map<String, Object>[] maps = newMaps(1024);
    private int next;
    private final Context context = new Context();

    private CompiledExpression[] compiled;
    private CompiledExpression[] jexlMode;
    private JexlExpression[] plainJexl;
    private final MapContext jexlContext = new MapContext();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, Object>[] newMaps(int n) {
        return new Map[n];
    }

    /** The record a step sees: {@code record} resolves to it, nothing else is defined. */
    static final class Context implements EvalContext {
        DataRecord record;

        @Override
        public Object root(String name) {
            return name.equals("record") ? record : Access.MISSING;
        }

        @Override
        public Object record() {
            return record;
        }

        @Override
        public Collection<String> rootNames() {
            return List.of("record");
        }

        @Override
        public long nowMillis() {
            return 0;
        }

        @Override
        public ZoneId zone() {
            return ZoneId.of("UTC");
        }
    }

    @Setup
    public void setup() {
        RecordLayout layout = RecordLayout.of(List.of("id", "name", "email", "score", "country"));
        SplittableRandom random = new SplittableRandom(1);
        String[] names = {"Ann", "Bob", "Zoë", "Ngāio"};
        String[] countries = {"nz", "au", "de"};
        for (int i = 0; i < records.length; i++) {
            String name = names[random.nextInt(names.length)];
            String[] row = {Integer.toString(i), name, name.toLowerCase(Locale.ROOT) + "@example.org",
                Integer.toString(random.nextInt(101)), countries[random.nextInt(countries.length)]};
            records[i] = layout.recordOfText(row);
            Map<String, Object> map = new HashMap<>();
            for (int f = 0; f < row.length; f++) {
                map.put(layout.fields().get(f), row[f]);
            }
            maps[i] = map;
        }
        ExpressionEngine c = new ExpressionEngine(ExpressionMode.COMPILED);
        ExpressionEngine j = new ExpressionEngine(ExpressionMode.JEXL);
        compiled = new CompiledExpression[] {c.compile(FILTER), c.compile(GRADE), c.compile(LABEL)};
        jexlMode = new CompiledExpression[] {j.compile(FILTER), j.compile(GRADE), j.compile(LABEL)};
        JexlEngine jexl = new JexlBuilder().permissions(JexlPermissions.RESTRICTED).strict(true).silent(false)
                .create();
        plainJexl = new JexlExpression[] {jexl.createExpression("record.score >= 50"),
            jexl.createExpression("record.score >= 90 ? 'A' : 'B'"),
            jexl.createExpression("record.name + '@' + record.country.toUpperCase()")};
        for (CompiledExpression e : compiled) {
            if (e.usesJexl()) {
                throw new IllegalStateException("not compiled: " + e);
            }
        }
    }

    private DataRecord nextRecord() {
        return records[next++ & 1023];
    }

    @Benchmark
    public Object dataflowsCompiled() {
        context.record = nextRecord();
        return (compiled[0].test(context) ? 1 : 0) + (String) compiled[1].evaluate(context)
                + compiled[2].evaluate(context);
    }

    @Benchmark
    public Object dataflowsJexlMode() {
        context.record = nextRecord();
        return (jexlMode[0].test(context) ? 1 : 0) + (String) jexlMode[1].evaluate(context)
                + jexlMode[2].evaluate(context);
    }

    @Benchmark
    public Object plainJexlOverMaps() {
        jexlContext.set("record", maps[next++ & 1023]);
        return ((Boolean) plainJexl[0].evaluate(jexlContext) ? 1 : 0) + (String) plainJexl[1].evaluate(jexlContext)
                + plainJexl[2].evaluate(jexlContext);
    }

    @Benchmark
    public Object lambdasOverMaps() {
        Map<String, Object> r = maps[next++ & 1023];
        int score = Integer.parseInt((String) r.get("score"));
        return (score >= 50 ? 1 : 0) + (score >= 90 ? "A" : "B")
                + (r.get("name") + "@" + ((String) r.get("country")).toUpperCase(Locale.ROOT));
    }

    @Benchmark
    public Object typedJava() {
        DataRecord r = nextRecord();
        int score = Integer.parseInt((String) r.valueAt(3));
        return (score >= 50 ? 1 : 0) + (score >= 90 ? "A" : "B")
                + ((String) r.valueAt(1) + '@' + ((String) r.valueAt(4)).toUpperCase(Locale.ROOT));
    }
}

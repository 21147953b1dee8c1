package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.metrics.StringSetResult;

/**
 * Carries the step state that a worker's step wrote back to the launching machine, which stores it once the pipeline
 * has succeeded: as a Beam string set per step, named by the step's alias in the namespace {@value #NAMESPACE}. Each
 * element is one key and its value, encoded as a record with {@link RecordCoder} (so that a number stays the number
 * it was) in Base64. A metric is the one channel from the workers to the launcher that every runner has.
 */
public final class StepStates {

    /** The namespace of the string sets. */
    public static final String NAMESPACE = "dataflows.state";

    private static final String KEY = "key";
    private static final String VALUE = "value";

    private StepStates() {}

    /** Reports what the step {@code alias} wrote on this worker, key by key. */
    static void report(String alias, Map<String, Object> writes) {
        for (Map.Entry<String, Object> e : writes.entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(KEY, e.getKey());
            entry.put(VALUE, e.getValue());
            Metrics.stringSet(NAMESPACE, alias).add(encode(DataRecord.fromMap(entry)));
        }
    }

    /**
     * What the workers wrote, per step alias and key: every value reported for it (more than one when attempts
     * of the same work saw different data), as {@code view} gives them.
     */
    public static Map<String, Map<String, Set<Object>>> read(PipelineResult result, MetricView view) {
        MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(NAMESPACE)).build());
        Map<String, Map<String, Set<Object>>> writes = new HashMap<>();
        for (MetricResult<StringSetResult> set : metrics.getStringSets()) {
            for (String element : view.valueOf(set).getStringSet()) {
                DataRecord entry = decode(element);
                writes.computeIfAbsent(set.getName().getName(), k -> new HashMap<>())
                        .computeIfAbsent(String.valueOf(entry.get(KEY)), k -> new LinkedHashSet<>())
                        .add(entry.get(VALUE));
            }
        }
        return writes;
    }

    private static String encode(DataRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            RecordCoder.of().encode(record, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static DataRecord decode(String element) {
        try {
            return RecordCoder.of().decode(new ByteArrayInputStream(Base64.getDecoder().decode(element)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

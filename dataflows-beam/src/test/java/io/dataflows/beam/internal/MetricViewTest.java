package io.dataflows.beam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.beam.sdk.metrics.MetricKey;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricResult;
import org.junit.jupiter.api.Test;

/**
 * The launcher reads a direct-runner pipeline's counts from the committed values, which that runner records before
 * the pipeline ends, and any other runner's from the attempted values.
 */
class MetricViewTest {

    private static final MetricResult<Long> COUNT =
            MetricResult.create(MetricKey.create("step", MetricName.named("dataflows", "older.out")), 2L, 3L);

    @Test
    void theDirectRunnerIsReadFromTheCommittedValues() {
        assertThat(MetricView.of(true)).isEqualTo(MetricView.COMMITTED);
        assertThat(MetricView.COMMITTED.valueOf(COUNT)).isEqualTo(2L);
    }

    @Test
    void anotherRunnerIsReadFromTheAttemptedValues() {
        assertThat(MetricView.of(false)).isEqualTo(MetricView.ATTEMPTED);
        assertThat(MetricView.ATTEMPTED.valueOf(COUNT)).isEqualTo(3L);
    }
}

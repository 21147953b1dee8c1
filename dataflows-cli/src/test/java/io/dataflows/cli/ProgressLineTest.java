package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.ReaderProgress;
import org.junit.jupiter.api.Test;

/** The text of one reader's part of the progress line. */
class ProgressLineTest {

    @Test
    void aReaderOfAFileShowsRecordsRateShareAndTimeLeft() {
        ReaderProgress p = new ReaderProgress("read", 50_000, 450_000, 900_000);

        // seen 2 s ago at 10,000 records and 90,000 bytes: 20,000 records/s, 180,000 bytes/s, 450,000 bytes left
        assertThat(ProgressLine.describe(p, 2.0, 10_000, 90_000))
                .isEqualTo("read: 50,000 records, 20,000/s, 50% of 878.9 KiB, 0:03 left");
    }

    @Test
    void rateAndTimeLeftWaitForASecondAndAReaderOfNoFileShowsRecordsOnly() {
        assertThat(ProgressLine.describe(new ReaderProgress("read", 1, 10, 2_000), 0.5, 0, 0))
                .isEqualTo("read: 1 record, 0% of 2.0 KiB");
        assertThat(ProgressLine.describe(new ReaderProgress("rows", 1_234_567, -1, -1), 10, 0, 0))
                .isEqualTo("rows: 1,234,567 records, 123,457/s");
        assertThat(ProgressLine.describe(new ReaderProgress("read", 9, 2_000, 2_000), 3, 0, 0))
                .isEqualTo("read: 9 records, 3/s, 100% of 2.0 KiB");
    }

    @Test
    void sizesAndDurations() {
        assertThat(ProgressLine.size(0)).isEqualTo("0 B");
        assertThat(ProgressLine.size(1023)).isEqualTo("1023 B");
        assertThat(ProgressLine.size(1024)).isEqualTo("1.0 KiB");
        assertThat(ProgressLine.size(5L * 1024 * 1024 * 1024 + 1)).isEqualTo("5.0 GiB");
        assertThat(ProgressLine.duration(4)).isEqualTo("0:04");
        assertThat(ProgressLine.duration(723)).isEqualTo("12:03");
        assertThat(ProgressLine.duration(3723)).isEqualTo("1:02:03");
    }
}

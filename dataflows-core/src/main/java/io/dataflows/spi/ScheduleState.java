package io.dataflows.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a scheduled dataflow stands ({@link StateStore#schedule}).
 *
 * @param lastRunAt when a firing last started a run, or null if never
 * @param nextRunAt when it fires next (a regular time or a retry), or null when not scheduled
 * @param retryNumber 0 on the regular schedule; n while the n-th retry of an aborted run is due
 */
public record ScheduleState(@Nullable Instant lastRunAt, @Nullable Instant nextRunAt, int retryNumber) {

    /** True when the next firing is due at {@code due}, to the millisecond (what stores keep of a time). */
    public boolean isNextDueAt(Instant due) {
        return nextRunAt != null && nextRunAt.toEpochMilli() == due.toEpochMilli();
    }
}

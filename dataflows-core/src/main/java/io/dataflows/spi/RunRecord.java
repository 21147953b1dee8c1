package io.dataflows.spi;

import java.time.Instant;

/**
 * One run as kept by a {@link StateStore}.
 *
 * @param id unique id
 * @param dataflow dataflow name
 * @param name sequence number per dataflow, as text ({@code "1"}, {@code "2"}, ...)
 * @param dryRun whether it was a dry run
 * @param status status label ({@code processing} while running, then {@code finalised} or {@code aborted})
 * @param startedAt start time
 * @param finishedAt end time, null while running
 * @param startState variable tree at the start, as JSON
 * @param endState variable tree at the end, as JSON; null while running
 * @param error the error message of an aborted run, else null
 */
public record RunRecord(String id, String dataflow, String name, boolean dryRun, String status, Instant startedAt,
        Instant finishedAt, String startState, String endState, String error) {}

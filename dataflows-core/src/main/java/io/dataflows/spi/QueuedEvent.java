package io.dataflows.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An event waiting in a dataflow's queue ({@link StateStore#enqueueEvent}).
 *
 * @param id unique, increasing in publishing order within a store
 * @param dataflow the dataflow it was queued for
 * @param eventName the name it was published under
 * @param dataJson the event data, a JSON object
 * @param publishedAt when it was queued
 * @param claimedBy the id of the run that consumes it, or null while unclaimed
 */
public record QueuedEvent(long id, String dataflow, String eventName, String dataJson, Instant publishedAt,
        @Nullable String claimedBy) {}

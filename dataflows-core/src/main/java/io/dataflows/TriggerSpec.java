package io.dataflows;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What starts a dataflow by itself: the trigger step's config as the scheduler reads it. A dataflow has at most
 * one trigger step ({@link DataflowEngine#trigger(Dataflow)}); without one it only runs when asked.
 */
public sealed interface TriggerSpec {

    /** The alias of the trigger step. */
    String step();

    /**
     * A schedule ({@code trigger_cron}).
     *
     * @param step the trigger step's alias
     * @param schedule when the dataflow runs
     * @param retryInterval how long after an aborted run it is retried (zero: at once)
     * @param retryCount how many times an aborted run is retried before the regular schedule resumes
     */
    record Cron(String step, CronSchedule schedule, Duration retryInterval, int retryCount) implements TriggerSpec {
        public Cron {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(retryInterval, "retryInterval");
            if (retryInterval.isNegative() || retryCount < 0) {
                throw new IllegalArgumentException("retry interval and count must be positive or 0");
            }
        }
    }

    /**
     * Published events ({@code trigger_event}).
     *
     * @param step the trigger step's alias
     * @param eventName the name events are published under
     * @param policy when runs start and how many events each consumes
     */
    record Event(String step, String eventName, ExecutionPolicy policy) implements TriggerSpec {
        public Event {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(policy, "policy");
        }
    }

    /**
     * A webhook ({@code trigger_webservice}).
     *
     * @param step the trigger step's alias
     * @param token the secret callers must present as {@code Authorization: Bearer <token>}; empty: none needed
     */
    record Webhook(String step, Optional<String> token) implements TriggerSpec {
        public Webhook {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(token, "token");
        }

        /** Never shows the token. */
        @Override
        public String toString() {
            return "Webhook[step=" + step + ", token=" + (token.isPresent() ? "(set)" : "(none)") + "]";
        }
    }

    /** When an event trigger's runs start and how many queued events each run consumes. */
    enum ExecutionPolicy {
        /** A run per event, started as soon as a worker is free. */
        IMMEDIATELY,
        /** A run per event, started soon (runs of a concurrent dataflow may overlap). */
        ADHOC,
        /** One run consumes the whole backlog of the dataflow, in publishing order. */
        ADHOCQUEUED;

        /** The config spelling: {@code immediately}, {@code adhoc}, {@code adhocqueued}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

package io.dataflows;

/** Who started a run. Automated runs refuse disabled dataflows; manual runs run them with a warning. */
public enum Trigger {
    /** Started by a person or a direct API call. */
    MANUAL,
    /** Started by a schedule, an event or a webhook. */
    AUTOMATED
}

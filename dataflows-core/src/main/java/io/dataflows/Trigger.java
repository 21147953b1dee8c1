package io.dataflows;

/** Who started a run. Automated runs refuse disabled dataflows; manual runs run them with a warning. */
public enum Trigger {
    /** Started by a person or a direct API call. */
    MANUAL,
    /**
     * Started without a person asking for this run: by the caller's scheduler, an event or a webhook. The library
     * does not start runs by itself; the caller says which trigger applies.
     */
    AUTOMATED
}

package io.dataflows.spi;

/** What a connector tells the engine when it returns. */
public enum Outcome {
    /** The step finished; its downstream steps run. */
    CONTINUE,
    /** The step is cancelled, and so are the steps that depend on it; the run ends normally. */
    CANCEL
}

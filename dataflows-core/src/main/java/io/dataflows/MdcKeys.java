package io.dataflows;

/**
 * The SLF4J MDC keys the engine sets while a run executes, for log patterns such as {@code %X{dataflows.run}}.
 * Previous values are restored afterwards.
 */
public final class MdcKeys {

    /** The dataflow's name. */
    public static final String FLOW = "dataflows.flow";
    /** The run's id. */
    public static final String RUN = "dataflows.run";
    /** The alias of the step being executed (for a stream: the step being opened or finished, else the reader). */
    public static final String STEP = "dataflows.step";

    private MdcKeys() {}
}

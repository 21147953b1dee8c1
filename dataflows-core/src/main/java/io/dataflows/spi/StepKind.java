package io.dataflows.spi;

/**
 * How a step takes part in a run.
 *
 * <ul>
 *   <li>{@link #CONNECTOR}: runs once, after its upstream steps have finished ({@link ConnectorStep}).
 *   <li>{@link #READER}: starts a stream of records ({@link ReaderStep}).
 *   <li>{@link #FLOW}: runs once per record of a stream: transformers, filters, switches ({@link FlowStep}).
 *   <li>{@link #WRITER}: a flow step that ends a stream, usually writing it somewhere ({@link FlowStep}).
 * </ul>
 */
public enum StepKind {
    CONNECTOR,
    READER,
    FLOW,
    WRITER;

    /** True for the kinds that handle records: readers, flow steps and writers. */
    public boolean isFlow() {
        return this != CONNECTOR;
    }

    /** The group name tool_dataflows used for this kind ({@code connectors}, {@code readers}, ...). */
    public String defaultGroup() {
        switch (this) {
            case CONNECTOR:
                return "connectors";
            case READER:
                return "readers";
            case WRITER:
                return "writers";
            default:
                return "flows";
        }
    }
}

package io.dataflows.spi;

/**
 * How many links a step type accepts, as {@code [min, max]} for input flows, input connectors, output flows and
 * output connectors. A flow link connects two record-handling steps; a connector link involves a connector.
 * A step's inputs (and its outputs) must be all flows or all connectors.
 */
public record LinkLimits(Range inFlow, Range inConnector, Range outFlow, Range outConnector) {

    /** An inclusive range of link counts. */
    public record Range(int min, int max) {
        public Range {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("invalid link range [" + min + ", " + max + "]");
            }
        }

        public static Range of(int min, int max) {
            return new Range(min, max);
        }

        public boolean contains(int n) {
            return n >= min && n <= max;
        }

        @Override
        public String toString() {
            return "[" + min + "," + max + "]";
        }
    }

    /** Builds limits from eight numbers: min/max of input flows, input connectors, output flows, output connectors. */
    public static LinkLimits of(int inFlowMin, int inFlowMax, int inConnMin, int inConnMax, int outFlowMin,
            int outFlowMax, int outConnMin, int outConnMax) {
        return new LinkLimits(Range.of(inFlowMin, inFlowMax), Range.of(inConnMin, inConnMax),
                Range.of(outFlowMin, outFlowMax), Range.of(outConnMin, outConnMax));
    }

    /** tool_dataflows' defaults per kind. */
    public static LinkLimits defaults(StepKind kind) {
        switch (kind) {
            case CONNECTOR:
                return of(0, 1, 0, 1, 0, 1, 0, 1);
            case READER:
                return of(0, 0, 0, 1, 1, 1, 0, 0);
            case WRITER:
                return of(1, 1, 0, 0, 0, 1, 0, 1);
            default:
                return of(1, 1, 0, 0, 1, 1, 0, 0);
        }
    }

    /** The flow form of a step that exists as a connector too (runs per record, may end a stream). */
    public static LinkLimits flowAction() {
        return of(1, 1, 0, 0, 0, 1, 0, 1);
    }

    @Override
    public String toString() {
        return "inFlow" + inFlow + " inConnector" + inConnector + " outFlow" + outFlow + " outConnector"
                + outConnector;
    }
}

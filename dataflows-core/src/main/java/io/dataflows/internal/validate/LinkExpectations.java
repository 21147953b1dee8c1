package io.dataflows.internal.validate;

import io.dataflows.spi.LinkLimits;

/** tool_dataflows' texts that say which links a step accepts ({@code visualiser::get_link_expectations}). */
final class LinkExpectations {

    private LinkExpectations() {}

    static String inputs(LinkLimits limits) {
        return combine(count(limits.inFlow(), "input flow"), count(limits.inConnector(), "input connector"),
                "No inputs allowed", "no input flows", "no input connectors");
    }

    static String outputs(LinkLimits limits, int minOutputFlows) {
        LinkLimits.Range flows = LinkLimits.Range.of(Math.max(limits.outFlow().min(), minOutputFlows),
                Math.max(limits.outFlow().max(), minOutputFlows));
        return combine(count(flows, "output flow"), count(limits.outConnector(), "output connector"),
                "No outputs allowed", "no output flows", "no output connectors");
    }

    private static String combine(String flows, String connectors, String none, String noFlows,
            String noConnectors) {
        if (!flows.isEmpty() && !connectors.isEmpty()) {
            return "Requires " + flows + " or " + connectors + ".";
        }
        if (flows.isEmpty() && connectors.isEmpty()) {
            return none;
        }
        return flows.isEmpty() ? "Requires " + connectors + " and " + noFlows + "."
                : "Requires " + flows + " and " + noConnectors + ".";
    }

    private static String count(LinkLimits.Range range, String what) {
        if (range.min() == range.max()) {
            if (range.min() > 1) {
                return range.min() + " " + what + " links";
            }
            return range.min() == 1 ? "1 " + what + " link" : "";
        }
        return "between " + range.min() + " and " + range.max() + " " + what + " links";
    }
}

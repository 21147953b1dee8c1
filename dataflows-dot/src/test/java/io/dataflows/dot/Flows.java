package io.dataflows.dot;

import static io.dataflows.testkit.Maps.map;

import io.dataflows.Dataflow;
import io.dataflows.StepSpec;
import java.util.List;

/** Dataflows the DOT tests draw. */
final class Flows {

    private Flows() {}

    /**
     * A trigger, a reader, a switch with two cases, two writers, then a connector with side effects and a plain
     * connector: every kind of node and link.
     */
    static Dataflow usersByRegion() {
        return Dataflow.builder("users by region")
                .start("start", StepSpec.of("test_trigger")).stepName("On schedule")
                .then("read", StepSpec.of("test_source").with("source", List.of(map("country", "NZ"),
                        map("country", "AU"), map("country", "NZ"), map("country", "XX"))))
                        .stepName("Read users").stepDescription("Users from the \"HR\" export")
                .then("route", StepSpec.of("test_switch").with("field", "country")
                        .with("cases", map("nz", "NZ", "other", "AU"))).stepName("By region")
                .from("route", "nz").then("write_nz", StepSpec.of("test_sink")).stepName("Write NZ")
                .from("route", "other").then("write_other", StepSpec.of("test_sink")).stepName("Write other")
                .then("notify", StepSpec.of("test_effect")).stepName("Notify")
                .then("log", StepSpec.of("test_connector")).stepName("Log it")
                .build();
    }
}

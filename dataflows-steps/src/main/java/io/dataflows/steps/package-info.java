/**
 * The built-in step types of Dataflows, as typed definitions for {@link io.dataflows.Dataflow.Builder#step}.
 *
 * <p>{@link io.dataflows.steps.Steps} is the entry point: {@code Steps.csvReader("users.csv")},
 * {@code Steps.filter("record.age >= 18")}, {@code Steps.switchOn().when("nz", "record.country == 'NZ'")},
 * {@code Steps.streamWriter("out.json", "json")}. Each factory returns an immutable definition of one step type;
 * the types themselves are discovered by {@link io.dataflows.StepRegistry#discover()} through
 * {@code META-INF/services/io.dataflows.spi.StepType}, so YAML definitions and {@link io.dataflows.StepSpec} reach
 * them too. Ids, config fields, defaults and messages are those of tool_dataflows.
 *
 * <p>The types, by tool_dataflows group: readers ({@code reader_*}), writers ({@code writer_stream},
 * {@code writer_debugging}), flow transformers ({@code flow_transformer_*}), flow logic ({@code flow_logic_*},
 * {@code flow_tee}), and steps that exist as a connector and as a flow step: control and variables ({@code abort},
 * {@code log}, {@code noop}, {@code set_variable}, ...), SQL ({@code connector_sql}, {@code flow_sql}) and files
 * (copy, append, remove, put content, hash, compression, GPG, listings and counts). The complete list, one line per
 * type, is the table in the README (a test keeps it equal to the registry; {@code docs/update.sh} rewrites it) or
 * the output of {@code dataflows steps}; it is not repeated here, so it cannot go stale.
 */
package io.dataflows.steps;

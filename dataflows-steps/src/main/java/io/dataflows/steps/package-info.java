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
 * <table>
 *   <caption>Built-in step types</caption>
 *   <tr><th>group</th><th>ids</th></tr>
 *   <tr><td>readers</td><td>{@code reader_csv}, {@code reader_json}, {@code reader_array}</td></tr>
 *   <tr><td>writers</td><td>{@code writer_stream} (json, jsonl, csv; atomic), {@code writer_debugging}</td></tr>
 *   <tr><td>flowtransformers</td><td>{@code flow_transformer_alter}, {@code flow_transformer_filter},
 *       {@code flow_transformer_regex}</td></tr>
 *   <tr><td>flowlogics</td><td>{@code flow_logic_switch}, {@code flow_logic_case}, {@code flow_logic_join},
 *       {@code flow_tee}</td></tr>
 *   <tr><td>flows</td><td>{@code flow_abort}, {@code flow_noop}, {@code flow_log}, {@code flow_set_variable},
 *       {@code flow_set_multiple_variables}</td></tr>
 *   <tr><td>connectors</td><td>{@code connector_abort}, {@code connector_abort_if}, {@code connector_noop},
 *       {@code connector_log}, {@code connector_debugging}, {@code connector_set_variable},
 *       {@code connector_set_multiple_variables}, {@code connector_find}, {@code connector_wait}</td></tr>
 * </table>
 */
package io.dataflows.steps;

package io.dataflows.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A kind of step: what it does, which config it takes and how it may be linked.
 *
 * <p>Implement one of {@link ConnectorStep}, {@link ReaderStep} or {@link FlowStep} (or extend {@link ActionStep} for
 * a step that exists both as a connector and as a flow step), give the class a public no-argument constructor and
 * list it in {@code META-INF/services/io.dataflows.spi.StepType}. {@code StepRegistry.discover()} then finds it:
 *
 * <pre>{@code
 * public final class UppercaseStep implements FlowStep {
 *     private static final ConfigSchema CONFIG = ConfigSchema.builder()
 *         .field(ConfigField.of("field", FieldType.STRING).required()).build();
 *     public String id() { return "acme_uppercase"; }
 *     public StepKind kind() { return StepKind.FLOW; }
 *     public ConfigSchema configSchema() { return CONFIG; }
 *     public RecordProcessor open(StepContext ctx) {
 *         String field = ctx.config().string("field");
 *         return (record, out) -> out.emit(record.with(field, record.getString(field).toUpperCase()));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> Step types are stateless singletons shared by every run and thread; per-run state lives in
 * what {@link FlowStep#open} returns or in local variables. Methods other than the kind's execution method are
 * called during validation and must be fast and side-effect free. Everything the engine passes is non-null.
 * Built-in step types use exactly this SPI.
 */
public interface StepType {

    /**
     * The stable id used in definitions: {@code reader_csv}, {@code acme_uppercase}. Lower-case letters, digits
     * and {@code _}; third-party types should use a vendor prefix.
     */
    String id();

    /** How the step takes part in a run. */
    StepKind kind();

    /** The config fields this type accepts. */
    ConfigSchema configSchema();

    /** A human name ({@code CSV reader}); defaults to the id. */
    default String displayName() {
        return id();
    }

    /** One or two sentences on what the step does; shown by {@code dataflows steps TYPE}. */
    default String description() {
        return "";
    }

    /** The tool_dataflows group ({@code connectors}, {@code readers}, {@code flowlogics}, ...). */
    default String group() {
        return kind().defaultGroup();
    }

    /** How many links the step accepts. */
    default LinkLimits links() {
        return LinkLimits.defaults(kind());
    }

    /**
     * Labels of the step's outputs, for a step that routes records to several outputs (a switch: its case names).
     * Dependants attach with {@code alias:label} or {@code alias:position} (1-based). Empty for single-output steps.
     *
     * @param config the config as defined (expressions not evaluated)
     */
    default List<String> outputLabels(Map<String, Object> config) {
        return List.of();
    }

    /**
     * True when every dependant is its own output, in declaration order (a tee): {@link Emitter#outputs()} is the
     * number of dependants.
     */
    default boolean outputPerDependant() {
        return false;
    }

    /**
     * Whether the step changes something outside the run (files outside the scratch directory, remote systems).
     * Drawn differently in DOT; dry runs rely on {@link Effects}, not on this flag.
     *
     * @param config the config as defined
     */
    default boolean hasSideEffects(Map<String, Object> config) {
        return false;
    }

    /**
     * Variables the step publishes under {@code steps.<alias>}: name (or dotted path, {@code vars.success}) →
     * description. A type that declares any declares all it publishes at the top level: validation then reports a
     * reference to another name ({@code steps.hash.hsh}) with a "did you mean". A type that declares none is not
     * checked.
     */
    default Map<String, String> outputs() {
        return Map.of();
    }

    /**
     * The fields of the records this step emits, as far as its config tells before a run. Validation follows the
     * shapes along the flow and reports an unguarded {@code record.x} in a step's config or vars when the records
     * reaching that step cannot have {@code x}, with a "did you mean". Return {@link RecordShape#unknown()} (the
     * default) whenever the fields are decided at run time — a file's header line, an SQL query's columns, Java code
     * — or depend on config that holds expressions: an unknown shape turns the check off downstream, a wrong known
     * one makes valid flows fail validation.
     *
     * <p>A reader returns what it reads ({@code reader_array}: the keys of its records). A step that passes records on
     * unchanged (a filter, a switch, a writer) returns {@code input}; a transformer returns {@code input} changed as
     * its config says ({@code input.with(List.of("total"))}), which stays unknown when {@code input} is.
     *
     * @param config the config as defined (expressions not evaluated)
     * @param input the fields of the records the step receives — with several inputs, of any of them; unknown for
     *     readers and connectors, and when any step upstream does not know its fields
     */
    default RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return RecordShape.unknown();
    }

    /**
     * Checks rules a {@link ConfigSchema} cannot express (a format name, an algorithm). Called by validation after
     * the schema checks; report problems through {@code validation}, never throw.
     */
    default void validate(StepValidation validation) {}

    /**
     * Why this step cannot run concurrently with another run of the same dataflow, if it cannot.
     *
     * @param config the config as defined
     */
    default Optional<String> concurrencyBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    /**
     * Why this step cannot run distributed, if it cannot: on a runner such as Apache Beam's, where the records are
     * split among workers that each open their own processor, in parallel and in any order. A step can when it
     * handles each record on its own and keeps no run-wide mutable state (no counters or variables shared between
     * records, nothing printed, no abort of the whole run), so that running it on many workers gives the same
     * multiset of records as one run. A reader can when it reads its source on its own from its config.
     *
     * <p>The default says no: a step type must opt in by returning {@link Optional#empty()} once it is known to
     * follow these rules, so that a third-party step is never distributed by accident. Runners that distribute refuse
     * a dataflow with such a step before anything runs, with this reason. The local engine ignores it.
     *
     * @param config the config as defined (expressions not evaluated)
     * @return why not, as a sentence fragment ({@code "it prints to the run's output"}), or empty when it can
     */
    default Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.of("step type '" + id() + "' does not declare that it can run distributed");
    }

    /**
     * The keys of the step state ({@link StepContext#state()}) that a step with this config reads and writes. A
     * runner that runs the step in an engine of its own, on a worker, carries these keys: the worker's step sees
     * the values stored for the run's dataflow, and what it wrote is stored once the run's records have all been
     * handled. The local engine ignores it, as the step's state is its own store there.
     *
     * <p>The default is none, for a step that keeps no state. A distributing runner carries the state of a reader
     * that one worker reads whole; any other step that declares keys cannot run distributed.
     *
     * @param config the config as defined (expressions not evaluated)
     */
    default Set<String> stateKeys(Map<String, Object> config) {
        return Set.of();
    }
}

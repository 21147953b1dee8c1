package io.dataflows.dot;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.Step;
import io.dataflows.StepRegistry;
import io.dataflows.ValidationReport;
import io.dataflows.graph.DataflowGraph;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Draws dataflows: DOT text for Graphviz in the style of tool_dataflows, optionally with the state of a run over it,
 * and SVG or PNG images through the Graphviz {@code dot} program.
 *
 * <pre>{@code
 * DotExporter exporter = DotExporter.builder()
 *     .engine(engine)                        // step types + validation: invalid steps get a red border
 *     .timeout(Duration.ofSeconds(10))       // for dot; default 30 s
 *     .build();                              // immutable: share it
 * String dot = exporter.toDot(flow);                              // the structure
 * RunResult result = engine.run(flow);
 * byte[] svg = exporter.render(flow, RunState.of(result), ImageFormat.SVG);   // statuses and record counts
 * }</pre>
 *
 * <h2>What is drawn</h2>
 * The links come first (in the order of the dependants' {@code depends_on}), then one node per step in definition
 * order, as tool_dataflows wrote them. A node's id is the step's <em>name</em> with every space turned into
 * {@code \n} (a line break in the drawing); its tooltip is the description, or the name. Styles by kind:
 * connectors grey records (amber boxes with side effects), flow steps — readers, transformers, writers — rounded
 * teal boxes (dark teal with side effects), triggers green arrows, steps of an unknown type red. A step with
 * validation errors (warnings do not count) gets a red bold border and the SVG class
 * {@code dataflow_invalid_step}. Links between two flow steps are dashed (records stream along them); links from a
 * multi-output step (a switch) carry the output's label; a link touching a step of unknown type is red without
 * arrowhead. Side effects are asked of the step type with the step's config as defined
 * ({@link StepType#hasSideEffects}); tool_dataflows asked without config.
 *
 * <h2>Run state</h2>
 * With a {@link RunState}, each step's fill shows the status it reached: new, initialised, waiting and blocked grey;
 * processing and flowing yellow; finished and finalised green; cancelled dimmed; aborted red. Its label adds the
 * status and, for flow steps, the records {@code in → out} ({@code → out} for a reader; {@code in →} when only the
 * input is known, as from a run-state file). The step whose failure aborted the run has a dark red border and the
 * first line of the error as its tooltip. Flow links carry the number of records that went along them: the
 * records the downstream step received when it has that single input, else the records the upstream step emitted
 * when it has that single output. Steps the state does not know keep their kind's style.
 *
 * <h2>Never config values</h2>
 * The DOT holds step names, descriptions, styles derived from the step types, output labels and statuses — never
 * config values or variables, so secrets cannot leak into a drawing. Error messages are redacted by the engine; as
 * a second line of defence, literal values of secret config fields are replaced by {@code *****} in tooltips.
 *
 * <h2>Format details</h2>
 * Layout {@code rankdir=LR; nodesep=0.3; bgcolor="transparent"; node [shape=record, height=.1]}; statements as
 * tool_dataflows wrote them ({@code "a" -> "b" [k ="v", k ="v", ]} and {@code "a" [k ="v", k ="v"]}), every value
 * escaped like PHP's {@code addslashes} ({@code \ ' "} and NUL get a backslash). No {@code URL} attribute. A
 * record-shaped node whose name holds record syntax ({@code { } | < >}) gets an explicit {@code label} with it
 * escaped, so Graphviz draws the name instead of failing on it. The same input always gives byte-identical text.
 *
 * <h2>Rendering</h2>
 * {@link #render} pipes DOT text to {@code dot -Tsvg} or {@code -Tpng} (a process, no shell) and kills it after the
 * {@linkplain Builder#timeout timeout}. Anything {@code dot} writes to standard error fails the rendering.
 * Without Graphviz it throws {@link GraphvizNotFoundException} saying how to install it.
 *
 * <h2>Thread safety</h2>
 * Immutable; any number of threads may use one exporter. Rendering blocks the calling thread.
 *
 * @since 0.1
 */
public final class DotExporter {

    /** The default time {@code dot} may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final String HEADER = "digraph G {\n"
            + "  rankdir=LR;\n"
            + "  nodesep=0.3;\n"
            + "  bgcolor=\"transparent\";\n"
            + "  node [shape=record, height=.1];\n";

    private static final String INVALID_COLOR = "#ca3120";
    private static final String FAILED_BORDER = "#7a0000";
    private static final String SECRET_PLACEHOLDER = "*****";

    private final StepRegistry registry;
    private final Function<Dataflow, ValidationReport> validator;
    private final String dotCommand;
    private final Duration timeout;

    private DotExporter(Builder b) {
        this.registry = b.registry != null ? b.registry : StepRegistry.discover();
        if (b.validator != null) {
            this.validator = b.validator;
        } else {
            DataflowEngine engine = DataflowEngine.builder().stepRegistry(registry).build();
            this.validator = engine::validate;
        }
        this.dotCommand = b.dotCommand;
        this.timeout = b.timeout;
    }

    /**
     * An exporter with the step types found by {@link StepRegistry#discover()}, validation by a default engine,
     * {@code dot} from the {@code PATH} and a 30 s timeout.
     */
    public static DotExporter defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The step types used to style steps. */
    public StepRegistry stepRegistry() {
        return registry;
    }

    /** The Graphviz program run by {@link #render}: a name looked up on the {@code PATH}, or a path. */
    public String dotCommand() {
        return dotCommand;
    }

    /** How long {@code dot} may take before it is killed. */
    public Duration timeout() {
        return timeout;
    }

    /** The DOT text of {@code flow}: its steps and links, invalid steps marked. */
    public String toDot(Dataflow flow) {
        Objects.requireNonNull(flow, "flow");
        return write(flow, null);
    }

    /** The DOT text of {@code flow} with {@code state} drawn over it (see the class description). */
    public String toDot(Dataflow flow, RunState state) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(state, "state");
        return write(flow, state);
    }

    /**
     * The DOT text of {@code flow} with each group's steps drawn in a dashed box labelled with the group's label
     * (a Graphviz cluster). A step belongs to at most one box: the first group that names it.
     */
    public String toDot(Dataflow flow, List<StepGroup> groups) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(groups, "groups");
        String dot = write(flow, null);
        Set<String> placed = new HashSet<>();
        StringBuilder sb = new StringBuilder(dot.substring(0, dot.length() - "}\n".length()));
        for (int i = 0; i < groups.size(); i++) {
            StepGroup group = groups.get(i);
            sb.append("  subgraph \"cluster_").append(i).append("\" {\n    label=\"").append(escape(group.label()))
                    .append("\";\n    style=\"dashed\";\n    color=\"#555555\";\n    fontname=\"Arial\";\n")
                    .append("    fontsize=\"10\";\n");
            for (String alias : group.aliases()) {
                flow.step(alias).filter(step -> placed.add(alias)).ifPresent(step ->
                        sb.append("    \"").append(nodeId(step.name())).append("\";\n"));
            }
            sb.append("  }\n");
        }
        return sb.append("}\n").toString();
    }

    /** Shorthand for {@code toDot(flow, RunState.of(result))}. */
    public String toDot(Dataflow flow, RunResult result) {
        return toDot(flow, RunState.of(Objects.requireNonNull(result, "result")));
    }

    /**
     * Renders DOT text with Graphviz.
     *
     * @return the image: SVG as UTF-8 XML, or PNG bytes
     * @throws GraphvizNotFoundException if {@code dot} cannot be started (the message says how to install it)
     * @throws GraphvizException if {@code dot} reports an error or does not finish within the timeout
     */
    public byte[] render(String dot, ImageFormat format) {
        Objects.requireNonNull(dot, "dot");
        Objects.requireNonNull(format, "format");
        return Graphviz.render(dotCommand, dot, format, timeout);
    }

    /** Shorthand for {@code render(toDot(flow), format)}. */
    public byte[] render(Dataflow flow, ImageFormat format) {
        return render(toDot(flow), format);
    }

    /** Shorthand for {@code render(toDot(flow, state), format)}. */
    public byte[] render(Dataflow flow, RunState state, ImageFormat format) {
        return render(toDot(flow, state), format);
    }

    @Override
    public String toString() {
        return "DotExporter[dot=" + dotCommand + ", timeout=" + Graphviz.describe(timeout) + ", "
                + registry.ids().size() + " step types]";
    }

    // ------------------------------------------------------------------------------------------------------------

    private String write(Dataflow flow, RunState state) {
        Topology graph = new Topology(DataflowGraph.of(flow, registry));
        ValidationReport report = validator.apply(flow);
        Set<String> invalid = new HashSet<>();
        // Warnings leave a step runnable: only errors draw its red border.
        for (Problem p : report.errors()) {
            p.step().ifPresent(invalid::add);
        }
        List<String> secrets = secretValues(graph);
        StringBuilder sb = new StringBuilder(HEADER);
        for (DataflowGraph.Link link : graph.graph.links()) {
            sb.append("  ").append(edge(graph, link, state)).append(";\n");
        }
        for (DataflowGraph.Node node : graph.graph.nodes()) {
            sb.append("  ").append(node(graph, node, invalid.contains(node.alias()), state, secrets)).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    private static String edge(Topology graph, DataflowGraph.Link link, RunState state) {
        DataflowGraph.Node from = graph.node(link.from());
        DataflowGraph.Node to = graph.node(link.to());
        Attributes a = new Attributes();
        a.put("color", "#333333");
        a.put("arrowsize", "0.7");
        a.put("penwidth", "2");
        if (from.type().isEmpty() || to.type().isEmpty()) {
            a.put("arrowhead", "none");
            a.put("color", "red");
        } else if (link.flow()) {
            a.put("style", "dashed");
            a.put("color", "#008196");
        }
        String label = null;
        if (link.output() > 0) {
            label = link.outputLabel() != null ? link.outputLabel() : String.valueOf(link.output());
        }
        if (state != null && link.flow()) {
            OptionalLong n = recordsAlong(graph, link, state);
            if (n.isPresent()) {
                label = (label == null ? "" : label + ": ") + n.getAsLong();
            }
        }
        if (label != null) {
            a.put("label", label);
            a.put("fontsize", "10");
            a.put("fontname", "San Serif");
        }
        StringBuilder sb = new StringBuilder();
        sb.append('"').append(nodeId(from.step().name())).append("\" -> \"").append(nodeId(to.step().name()))
                .append("\" [");
        a.values.forEach((k, v) -> sb.append(k).append(" =\"").append(v).append("\", "));
        return sb.append(']').toString();
    }

    /** Records that went along a flow link, when the state tells. */
    private static OptionalLong recordsAlong(Topology graph, DataflowGraph.Link link, RunState state) {
        if (graph.inputs(link.to()) == 1) {
            OptionalLong in = recordsIn(graph, link.to(), state);
            if (in.isPresent()) {
                return in;
            }
        }
        if (graph.outputs(link.from()) == 1) {
            return recordsOut(graph, link.from(), state);
        }
        return OptionalLong.empty();
    }

    private static OptionalLong recordsIn(Topology graph, String alias, RunState state) {
        if (isReader(graph, alias)) {
            return OptionalLong.empty();
        }
        OptionalLong in = state.recordsIn(alias);
        return in.isPresent() ? in : state.iterations(alias);
    }

    private static OptionalLong recordsOut(Topology graph, String alias, RunState state) {
        OptionalLong out = state.recordsOut(alias);
        return out.isPresent() || !isReader(graph, alias) ? out : state.iterations(alias);
    }

    private static boolean isReader(Topology graph, String alias) {
        DataflowGraph.Node node = graph.node(alias);
        return node != null && node.type().map(t -> t.kind() == StepKind.READER).orElse(false);
    }

    private static String node(Topology graph, DataflowGraph.Node node, boolean invalid, RunState state,
            List<String> secrets) {
        Step step = node.step();
        Attributes a = new Attributes();
        a.put("color", "none");
        a.put("shape", "record");
        a.put("fillcolor", "#ced4da");
        a.put("fontsize", "10");
        a.put("fontname", "Arial");
        a.put("style", "filled");
        a.put("height", "0.5");
        StepType type = node.type().orElse(null);
        if (type == null) {
            a.put("fillcolor", INVALID_COLOR);
            a.put("fontcolor", "#ffffff");
        } else if ("triggers".equals(type.group())) {
            a.put("shape", "rarrow");
            a.put("fillcolor", "#357a32");
            a.put("fontcolor", "white");
            a.put("height", "0.6");
            a.put("style", "filled");
        } else if (type.kind().isFlow()) {
            a.put("shape", "rect");
            a.put("fillcolor", "#8cd0db");
            a.put("fontcolor", "#000000");
            a.put("style", "filled,rounded");
            if (type.hasSideEffects(step.config())) {
                a.put("fillcolor", "#008196");
                a.put("fontcolor", "#ffffff");
            }
        } else {
            a.put("shape", "record");
            a.put("fillcolor", "#cccccc");
            if (type.hasSideEffects(step.config())) {
                a.put("shape", "rect");
                a.put("style", "filled");
                a.put("fillcolor", "#ffc107");
            }
        }
        if (invalid) {
            a.put("color", INVALID_COLOR);
            a.put("class", "dataflow_invalid_step");
            a.put("style", a.get("style").isEmpty() ? "bold" : a.get("style") + ",bold");
        }
        boolean record = "record".equals(a.get("shape"));
        String tooltip = step.description().isEmpty() ? step.name() : step.description();
        RunStatus status = state == null ? null : state.status(step.alias()).orElse(null);
        if (status != null) {
            a.put("fillcolor", fill(status));
            a.put("fontcolor", status == RunStatus.CANCELLED ? "#9e9e9e" : "#000000");
            StringBuilder label = new StringBuilder(labelText(step.name(), record));
            label.append("\\n").append(escape(status.label()));
            if (type != null && type.kind().isFlow()) {
                String counts = counts(graph, step.alias(), state);
                if (!counts.isEmpty()) {
                    label.append("\\n").append(escape(counts));
                }
            }
            a.putEscaped("label", label.toString());
        } else if (record && hasRecordSyntax(step.name())) {
            a.putEscaped("label", labelText(step.name(), true));
        }
        if (state != null && state.failedStep().filter(step.alias()::equals).isPresent()) {
            a.put("color", FAILED_BORDER);
            a.put("penwidth", "2");
            tooltip = state.error().map(e -> scrub(firstLine(e), secrets)).orElse(tooltip);
        }
        a.put("tooltip", tooltip);
        StringBuilder sb = new StringBuilder();
        sb.append('"').append(nodeId(step.name())).append("\" [");
        String sep = "";
        for (Map.Entry<String, String> e : a.values.entrySet()) {
            sb.append(sep).append(e.getKey()).append(" =\"").append(e.getValue()).append('"');
            sep = ", ";
        }
        return sb.append(']').toString();
    }

    private static String fill(RunStatus status) {
        switch (status) {
            case PROCESSING:
            case FLOWING:
                return "#ffe066";
            case FINISHED:
            case FINALISED:
                return "#64d796";
            case CANCELLED:
                return "#f8f9fa";
            case ABORTED:
                return "#f07676";
            default:
                return "#e9e7e7";
        }
    }

    /** {@code in → out}, {@code → out} (a reader) or {@code in →} (only the input known); empty when unknown. */
    private static String counts(Topology graph, String alias, RunState state) {
        OptionalLong in = recordsIn(graph, alias, state);
        OptionalLong out = recordsOut(graph, alias, state);
        if (in.isEmpty() && out.isEmpty()) {
            return "";
        }
        return (in.isPresent() ? in.getAsLong() + " " : "") + "\u2192" + (out.isPresent() ? " " + out.getAsLong() : "");
    }

    /** Literal values of secret config fields, longest first; expressions are not secrets themselves. */
    private static List<String> secretValues(Topology graph) {
        List<String> out = new ArrayList<>();
        for (DataflowGraph.Node n : graph.graph.nodes()) {
            if (n.type().isEmpty()) {
                continue;
            }
            for (ConfigField f : n.type().get().configSchema().fields()) {
                Object v = n.step().config().get(f.name());
                if (f.isSecret() && v instanceof String && ((String) v).length() >= 3
                        && !SECRET_PLACEHOLDER.equals(v)) {
                    out.add((String) v);
                }
            }
        }
        out.sort(Comparator.comparingInt(String::length).reversed());
        return out;
    }

    private static String scrub(String text, List<String> secrets) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, SECRET_PLACEHOLDER);
        }
        return out;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        int cr = text.indexOf('\r');
        int end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
        return end < 0 ? text : text.substring(0, end);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Escaping

    /**
     * PHP's {@code addslashes}, as tool_dataflows escaped DOT values: a backslash before {@code '}, {@code "} and
     * {@code \}, and NUL as {@code \0}.
     */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'':
                case '"':
                case '\\':
                    sb.append('\\').append(c);
                    break;
                case '\0':
                    sb.append("\\0");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A node id: the escaped step name with each space as {@code \n}, so long names wrap. */
    static String nodeId(String name) {
        return escape(name).replace(" ", "\\n");
    }

    private static boolean hasRecordSyntax(String name) {
        return name.chars().anyMatch(c -> c == '{' || c == '}' || c == '|' || c == '<' || c == '>');
    }

    /** The name as a label (escaped): like the id, with record syntax escaped in record-shaped nodes. */
    private static String labelText(String name, boolean record) {
        String text = escape(name);
        if (record) {
            StringBuilder sb = new StringBuilder(text.length() + 8);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{' || c == '}' || c == '|' || c == '<' || c == '>') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            text = sb.toString();
        }
        return text.replace(" ", "\\n");
    }

    /** The graph with its nodes by alias and link counts, so drawing stays linear in steps + links. */
    /** The dataflow's graph, with its nodes by alias (the links and their counts come from the graph itself). */
    private static final class Topology {
        final DataflowGraph graph;
        private final Map<String, DataflowGraph.Node> nodes = new HashMap<>();

        Topology(DataflowGraph graph) {
            this.graph = graph;
            graph.nodes().forEach(n -> nodes.put(n.alias(), n));
        }

        DataflowGraph.Node node(String alias) {
            return nodes.get(alias);
        }

        int inputs(String alias) {
            return graph.inputs(alias).size();
        }

        int outputs(String alias) {
            return graph.outputs(alias).size();
        }
    }

    /** Attributes in first-set order; later values replace earlier ones in place, as PHP's array merge did. */
    private static final class Attributes {
        final Map<String, String> values = new LinkedHashMap<>();

        void put(String key, String plain) {
            values.put(key, escape(plain));
        }

        void putEscaped(String key, String escaped) {
            values.put(key, escaped);
        }

        /** The escaped value, or "". */
        String get(String key) {
            return values.getOrDefault(key, "");
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * Configures a {@link DotExporter}. Not thread-safe; {@link #build} may be called more than once and returns
     * independent exporters.
     */
    public static final class Builder {
        private StepRegistry registry;
        private Function<Dataflow, ValidationReport> validator;
        private String dotCommand = "dot";
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {}

        /**
         * Uses the engine's step types, and its {@link DataflowEngine#validate(Dataflow) validation} to find invalid
         * steps — so the drawing shows the problems the engine would refuse to run with.
         */
        public Builder engine(DataflowEngine engine) {
            Objects.requireNonNull(engine, "engine");
            this.registry = engine.registry();
            this.validator = engine::validate;
            return this;
        }

        /**
         * The step types that tell each step's kind, side effects and output labels. Default: the
         * {@link #engine engine}'s, else {@link StepRegistry#discover()}. Without an engine or validator, steps are
         * validated by a default engine with these types (no permitted directories).
         */
        public Builder stepRegistry(StepRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * How to find the problems of a dataflow; steps with a problem get a red border. Use it to validate as the
         * application runs ({@code f -> engine.validate(f, options)}), or to skip validation
         * ({@code f -> ValidationReport.valid(f.name())}). Called once per {@code toDot}; must be
         * thread-safe when the exporter is shared.
         */
        public Builder validator(Function<Dataflow, ValidationReport> validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * The Graphviz {@code dot} program: a name looked up on the {@code PATH} (default {@code dot}) or a path
         * such as {@code /usr/local/bin/dot}. Run directly, never through a shell.
         */
        public Builder dotCommand(String command) {
            Objects.requireNonNull(command, "command");
            if (command.isBlank()) {
                throw new IllegalArgumentException("dot command must not be blank");
            }
            this.dotCommand = command;
            return this;
        }

        /**
         * How long {@code dot} may take to render; it is killed after that. Default 30 seconds.
         *
         * @throws IllegalArgumentException if {@code timeout} is not positive
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public DotExporter build() {
            return new DotExporter(this);
        }
    }
}

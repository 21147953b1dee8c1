package io.dataflows.cli;

import io.dataflows.StepRegistry;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.StepType;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dataflows steps [TYPE]}: lists step types, or describes one. */
@Command(name = "steps", description = "List the step types, or describe one with its config fields.",
        mixinStandardHelpOptions = true)
final class StepsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", description = "A step type id to describe.")
    String type;

    private final PrintStream out;

    StepsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Logging.configure(true, false);
        StepRegistry registry = StepRegistry.discover();
        if (type == null) {
            int width = registry.ids().stream().mapToInt(String::length).max().orElse(10);
            for (StepType t : registry.types()) {
                out.printf("%-" + width + "s  %-16s  %s%n", t.id(), t.group(), t.description());
            }
            return ExitCodes.OK;
        }
        Optional<StepType> found = registry.find(type);
        if (found.isEmpty()) {
            throw new CliSupport.Exit(ExitCodes.INVALID, "Unknown step type '" + type + "'. Known types: "
                    + String.join(", ", registry.ids()));
        }
        describe(found.get());
        return ExitCodes.OK;
    }

    private void describe(StepType t) {
        out.println(t.id() + " — " + t.displayName());
        if (!t.description().isEmpty()) {
            out.println(t.description());
        }
        out.println();
        out.println("kind: " + t.kind().name().toLowerCase(java.util.Locale.ROOT) + " (group " + t.group() + ")");
        LinkLimits l = t.links();
        out.println("links: input flows " + l.inFlow() + ", input connectors " + l.inConnector() + ", output flows "
                + l.outFlow() + ", output connectors " + l.outConnector());
        out.println();
        out.println("config:");
        if (t.configSchema().fields().isEmpty()) {
            out.println("  (none)");
        }
        for (ConfigField f : t.configSchema().fields()) {
            StringBuilder sb = new StringBuilder("  ").append(f.name()).append(" (")
                    .append(f.type().name().toLowerCase(java.util.Locale.ROOT));
            if (f.isRequired()) {
                sb.append(", required");
            }
            f.defaultValue().ifPresent(d -> sb.append(", default ").append(d));
            if (f.isSecret()) {
                sb.append(", secret");
            }
            switch (f.evaluation()) {
                case EXPRESSION:
                    sb.append(", expression");
                    break;
                case EXPRESSION_MAP:
                    sb.append(", map of expressions");
                    break;
                case TEMPLATE_MAP:
                    sb.append(", map of templates");
                    break;
                case LITERAL:
                    sb.append(", not evaluated");
                    break;
                default:
                    break;
            }
            f.pathAccess().ifPresent(a -> sb.append(", path"));
            if (!f.allowedValues().isEmpty()) {
                sb.append(", one of ").append(String.join("|", f.allowedValues()));
            }
            sb.append(')');
            if (!f.description().isEmpty()) {
                sb.append(": ").append(f.description());
            }
            out.println(sb);
        }
        Map<String, String> outputs = t.outputs();
        if (!outputs.isEmpty()) {
            out.println();
            out.println("publishes:");
            outputs.forEach((k, v) -> out.println("  steps.<alias>." + k + (v.isEmpty() ? "" : ": " + v)));
        }
    }
}

package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.Definitions;
import io.dataflows.StepRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dataflows export FLOW.yml [--format yaml|json]}. */
@Command(name = "export", description = "Write a dataflow in the tool_dataflows format, secrets as *****.",
        mixinStandardHelpOptions = true)
final class ExportCommand implements Callable<Integer> {

    enum Format { yaml, json }

    @Parameters(index = "0", paramLabel = "FLOW", description = "The dataflow definition.")
    Path flow;

    @Option(names = "--format", defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE}).")
    Format format;

    private final PrintStream out;

    ExportCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Logging.configure(true, false);
        Dataflow dataflow = CliSupport.read(flow);
        StepRegistry registry = StepRegistry.discover();
        out.print(format == Format.json ? Definitions.toJson(dataflow, registry)
                : Definitions.toYaml(dataflow, registry));
        out.flush();
        return ExitCodes.OK;
    }
}

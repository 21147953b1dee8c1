package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.dot.DotExporter;
import io.dataflows.dot.GraphvizException;
import io.dataflows.dot.ImageFormat;
import io.dataflows.dot.RunState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dataflows dot FLOW.yml [--format dot|svg|png] [--output FILE] [--state STATE.json]}: draws a dataflow.
 *
 * <p>Without {@code --output} the DOT text (or the SVG/PNG bytes) goes to standard output. A flow with validation
 * problems is still drawn, its invalid steps with a red border, and the problems (errors and warnings) are listed
 * on standard error
 * (exit 0). Exit 2 for a definition or state file that
 * cannot be read; exit 1 when Graphviz is missing or fails, or the output cannot be written.
 */
@Command(name = "dot", description = "Draw a dataflow as DOT, SVG or PNG (SVG and PNG need Graphviz).",
        mixinStandardHelpOptions = true, sortOptions = false)
final class DotCommand implements Callable<Integer> {

    enum Format { dot, svg, png }

    @Parameters(index = "0", paramLabel = "FLOW", description = "The dataflow definition.")
    Path flow;

    @Option(names = "--format", defaultValue = "dot", description = "dot, svg or png (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--state", paramLabel = "STATE.json",
            description = "Draw the run saved by 'dataflows run --state-out STATE.json' over the flow.")
    Path state;

    @Option(names = "--allow", paramLabel = "DIR", description = "Also permit absolute paths inside DIR.")
    List<Path> allow = new ArrayList<>();

    @Option(names = "--graphviz", paramLabel = "PATH", defaultValue = "dot",
            description = "The Graphviz dot program (default: ${DEFAULT-VALUE} on the PATH).")
    String graphviz;

    private final PrintStream out;
    private final PrintStream err;

    DotCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Logging.configure(true, false);
        Dataflow dataflow = CliSupport.read(flow);
        RunState runState = state == null ? null : readState(dataflow);
        DataflowEngine engine = CliSupport.engine(flow, allow, Map.of(), List.of(), out);
        RunOptions options = RunOptions.builder().baseDir(CliSupport.baseDir(flow)).build();
        DotExporter exporter = DotExporter.builder()
                .stepRegistry(engine.registry())
                .validator(f -> engine.validate(f, options))
                .dotCommand(graphviz)
                .build();
        // Invalid steps are drawn with a red border; say why on stderr, and still draw (exit 0).
        CliSupport.printProblems(engine.validate(dataflow, options), err);
        String dot = runState == null ? exporter.toDot(dataflow) : exporter.toDot(dataflow, runState);
        byte[] bytes;
        if (format == Format.dot) {
            bytes = dot.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = exporter.render(dot, format == Format.svg ? ImageFormat.SVG : ImageFormat.PNG);
            } catch (GraphvizException e) {
                err.println(e.getMessage());
                return ExitCodes.ABORTED;
            }
        }
        if (output == null) {
            out.write(bytes, 0, bytes.length);
            out.flush();
            return ExitCodes.OK;
        }
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(output, bytes);
        } catch (IOException e) {
            err.println("Cannot write " + output + ": " + e);
            return ExitCodes.ABORTED;
        }
        return ExitCodes.OK;
    }

    private RunState readState(Dataflow dataflow) {
        // Like a flow file: a FIFO would block the read forever, a device such as /dev/zero never end.
        if (Files.exists(state) && !Files.isRegularFile(state)) {
            throw new CliSupport.Exit(ExitCodes.INVALID, state + ": " + (Files.isDirectory(state)
                    ? "This is a directory, not a run state file." : "This is not a regular file (a FIFO, device or "
                    + "socket); a run state must be a regular file."));
        }
        RunState s;
        try {
            s = RunState.read(state);
        } catch (UncheckedIOException e) {
            throw new CliSupport.Exit(ExitCodes.INVALID, state + ": Cannot read the run state ("
                    + e.getCause() + ").");
        } catch (IllegalArgumentException e) {
            throw new CliSupport.Exit(ExitCodes.INVALID, state + ": " + e.getMessage());
        }
        s.dataflowName().filter(name -> !name.equals(dataflow.name())).ifPresent(name -> err.println(
                "warning: " + state + ": The state is of a run of dataflow '" + name + "', not '"
                        + dataflow.name() + "'; steps are matched by alias."));
        return s;
    }
}

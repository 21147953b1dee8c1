package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.StepRegistry;
import io.dataflows.dot.RunState;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dataflows report STATE.json [-o run.html]}: the HTML page of a run saved by {@code dataflows run
 * --state-out} (see {@link HtmlReport} and docs/report.md).
 *
 * <p>The flow's picture is drawn from the steps the state file holds ({@code variables.steps}); when it cannot be
 * drawn (Graphviz is missing, the file does not hold the steps), the page says why in its place and a warning goes
 * to standard error — the page is still written (exit 0). Exit 2 for a state file that cannot be read or is not a run
 * state, 64 for an output that can never be written, 1 when writing it fails.
 */
@Command(name = "report", description = "Make one self-contained HTML page of a run saved by "
        + "'dataflows run --state-out STATE.json': the flow coloured by state, the steps, the error, the effects of a "
        + "dry run and the variables.", mixinStandardHelpOptions = true, sortOptions = false)
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STATE.json", description = "The run state file.")
    Path state;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html",
            description = "Write the page to FILE.html (atomically) instead of standard output.")
    Path output;

    @Option(names = "--graphviz", paramLabel = "PATH", defaultValue = "dot",
            description = "The Graphviz dot program (default: ${DEFAULT-VALUE} on the PATH).")
    String graphviz;

    private final PrintStream out;
    private final PrintStream err;

    ReportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Logging.configure(true, false);
        StateOutFile target = output == null ? null
                : StateOutFile.check(output, "--output", "the report", "nothing was written");
        RunStateFile file = RunStateFile.read(state);
        ReportPicture picture = picture(file);
        picture.missing().ifPresent(why -> err.println("warning: " + why));
        String html = HtmlReport.render(file.document(), picture);
        if (target == null) {
            byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
            out.flush();
            return ExitCodes.OK;
        }
        return target.writeOrSay(html, err) ? ExitCodes.OK : ExitCodes.ABORTED;
    }

    /** The flow as the state file holds it, with the run drawn over it; or why it cannot be drawn. */
    private ReportPicture picture(RunStateFile file) {
        Dataflow flow;
        RunState runState;
        try {
            flow = StateDataflow.of(file.document());
            runState = RunState.fromJson(file.json());
        } catch (IllegalArgumentException e) {
            String why = e.getMessage();
            return ReportPicture.missing("The flow is not drawn: " + why + (why.endsWith(".") ? "" : "."));
        }
        return ReportPicture.draw(flow, runState, StepRegistry.discover(), graphviz);
    }
}

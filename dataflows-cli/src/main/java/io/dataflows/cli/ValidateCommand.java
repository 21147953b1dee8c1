package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.ValidationReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dataflows validate FLOW.yml}. */
@Command(name = "validate", description = "Check a dataflow and list every problem (exit status 2 for errors, 0 when "
        + "there are only warnings).", mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FLOW", description = "The dataflow definition.")
    Path flow;

    @Option(names = "--allow", paramLabel = "DIR",
            description = "Also permit absolute paths inside DIR; a leading [dataroot] stands for the data root.")
    List<Path> allow = new ArrayList<>();

    /** E-mail steps are valid only with an SMTP server to send through, as for 'run'. */
    @CommandLine.Mixin
    SmtpOptions smtp = new SmtpOptions();

    @CommandLine.Mixin
    HostOptions hostOptions = new HostOptions();

    /** GPG steps without key rings are valid only with a GnuPG home, as for 'run'. */
    @CommandLine.Mixin
    GnupgOptions gnupg = new GnupgOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ValidateCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /**
     * The command's picocli model. A command line read without picocli ({@link PlainCommandLine}) has none until
     * this builds it, which in practice happens only to report a usage error.
     */
    CommandLine commandLine() {
        if (spec == null) {
            new CommandLine(this); // sets spec
        }
        return spec.commandLine();
    }

    @Override
    public Integer call() {
        DataflowEngine.Builder builder = CliSupport.builder(flow, allow, Map.of(), List.of(), out);
        smtp.register(builder, false, env, this::commandLine);
        hostOptions.register(builder, CliSupport.baseDir(flow), this::commandLine);
        gnupg.check();
        gnupg.register(builder);
        Logging.configure(true, false);
        Dataflow dataflow = CliSupport.read(flow);
        DataflowEngine engine = CliSupport.build(builder);
        ValidationReport report = smtp.withNotificationWarning(engine.validate(dataflow,
                RunOptions.builder().baseDir(CliSupport.baseDir(flow)).build()), dataflow);
        // Every problem is printed, warnings too; only errors make the exit status 2.
        CliSupport.printProblems(report, err);
        if (!report.isValid()) {
            return ExitCodes.INVALID;
        }
        int warnings = report.warnings().size();
        out.println(flow + ": dataflow '" + dataflow.name() + "' is valid (" + dataflow.steps().size()
                + (dataflow.steps().size() == 1 ? " step" : " steps")
                + (warnings == 0 ? "" : ", " + warnings + (warnings == 1 ? " warning" : " warnings")) + ")");
        return ExitCodes.OK;
    }
}

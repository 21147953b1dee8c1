package io.dataflows.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dataflows} command: {@code run}, {@code validate}, {@code export}, {@code steps}, {@code dot},
 * {@code report}, {@code serve}, {@code runs}.
 *
 * <p>Exit codes: 0 success, 1 run aborted, 2 invalid or unreadable definition, 64 usage error, 75 another run holds
 * the lock. Standard output carries only step output (and the output of {@code export}/{@code steps}/{@code dot});
 * logs and
 * errors go to standard error.
 */
@Command(name = "dataflows", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Define, validate and run dataflows.")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final java.util.Set<String> SUBCOMMANDS = java.util.Set.of("run", "validate", "export", "steps",
            "dot", "runs", "serve", "report");

    /** Environment variable that makes an internal error print its stack trace. */
    static final String STACK_TRACE_VARIABLE = "DATAFLOWS_STACKTRACE";

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs the command with the given streams and returns its exit code. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return execute(out, err, System.getenv(), args);
    }

    /** Like {@link #execute(PrintStream, PrintStream, String...)} with the given environment variables. */
    static int execute(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        // First of all: the database of a run opens while the rest of the start-up runs.
        DatabaseOpening preOpened = DatabaseOpening.preStart(args, env);
        String command = args.length > 0 ? args[0] : "";
        // The run command claims the database opened early, or discards it.
        RunCommand run = command.equals("run") ? new RunCommand(out, err, env, preOpened) : null;
        try {
            Callable<Integer> plain = null;
            if (run != null && PlainCommandLine.readRun(args, run)) {
                plain = run;
            } else if (command.equals("validate")) {
                ValidateCommand validate = new ValidateCommand(out, err, env);
                plain = PlainCommandLine.readValidate(args, validate) ? validate : null;
            }
            if (plain == null) {
                return executeWithPicocli(out, err, env, args, run);
            }
            try {
                return plain.call();
            } catch (CommandLine.ParameterException e) {
                return usageError(e, err);
            } catch (Exception e) {
                return failed(e, err, env);
            }
        } catch (Error e) {
            // The JVM is in trouble (out of memory, a stack overflow, a broken installation), not the flow: one line,
            // no stack trace, and the run's own clean-up has already happened on the way out of the engine.
            err.println("dataflows: fatal error: " + e);
            return ExitCodes.ABORTED;
        } finally {
            if (run != null) {
                run.discardUnclaimed();
            }
        }
    }

    /** Runs the command picocli reads from {@code args}; {@code run}, when not null, is the run command. */
    private static int executeWithPicocli(PrintStream out, PrintStream err, Map<String, String> env, String[] args,
            RunCommand run) {
        CommandLine cmd = new CommandLine(new Main());
        // picocli builds each command's model by reflection: when the first argument names a command, only that one
        // is built (the top level's help and error messages, which list them all, get them all).
        String only = args.length > 0 && SUBCOMMANDS.contains(args[0]) ? args[0] : null;
        // --version alone prints a line: no command's model (which would load Jackson and more) is needed.
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            only = "";
        }
        if (only == null || only.equals("run")) {
            cmd.addSubcommand(new CommandLine(run != null ? run : new RunCommand(out, err, env, null)));
        }
        if (only == null || only.equals("validate")) {
            cmd.addSubcommand(new CommandLine(new ValidateCommand(out, err, env)));
        }
        if (only == null || only.equals("export")) {
            cmd.addSubcommand(new CommandLine(new ExportCommand(out)));
        }
        if (only == null || only.equals("steps")) {
            cmd.addSubcommand(new CommandLine(new StepsCommand(out)));
        }
        if (only == null || only.equals("dot")) {
            cmd.addSubcommand(new CommandLine(new DotCommand(out, err)));
        }
        if (only == null || only.equals("report")) {
            cmd.addSubcommand(new CommandLine(new ReportCommand(out, err)));
        }
        if (only == null || only.equals("serve")) {
            cmd.addSubcommand(new CommandLine(new ServeCommand(out, err, env)));
        }
        if (only == null || only.equals("runs")) {
            cmd.addSubcommand(new CommandLine(new RunsCommand(out, env)));
        }
        cmd.setOut(new java.io.PrintWriter(out, true));
        cmd.setErr(new java.io.PrintWriter(err, true));
        // picocli hands a usage error that a command finds while it runs to this handler too.
        cmd.setParameterExceptionHandler((ex, argv) -> usageError(ex, err));
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> failed(ex, err, env));
        return cmd.execute(args);
    }

    /** Says what is wrong with the command line, and where help is, on {@code err}; returns the exit code. */
    private static int usageError(CommandLine.ParameterException ex, PrintStream err) {
        err.println(ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try 'dataflows " + (ex.getCommandLine().getCommandName().equals("dataflows") ? ""
                : ex.getCommandLine().getCommandName() + " ") + "--help'.");
        return ExitCodes.USAGE;
    }

    /** The exit code of a command that threw {@code ex}, after saying why on {@code err}. */
    private static int failed(Exception ex, PrintStream err, Map<String, String> env) {
        if (ex instanceof CliSupport.Exit) {
            err.println(ex.getMessage());
            return ((CliSupport.Exit) ex).code;
        }
        if (ex instanceof CommandLine.ParameterException) {
            err.println(ex.getMessage());
            return ExitCodes.USAGE;
        }
        // A defect of ours, not of the input: one line that can be reported, and the stack trace on request.
        err.println("dataflows: internal error: " + ex + " (please report it; " + STACK_TRACE_VARIABLE
                + "=1 prints the stack trace)");
        if ("1".equals(env.get(STACK_TRACE_VARIABLE))) {
            ex.printStackTrace(err);
        }
        return ExitCodes.ABORTED;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, validate, export, steps, dot, report, serve or runs");
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dataflows " + (v == null ? "development" : v)};
        }
    }
}

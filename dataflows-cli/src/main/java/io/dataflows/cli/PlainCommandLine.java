package io.dataflows.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the commonest command lines without picocli: {@code validate FLOW}, and {@code run FLOW} with any of the flags
 * {@code --dry-run}, {@code --quiet}, {@code --verbose}, {@code --progress}, {@code --read-ahead} and
 * {@code --write-behind}, in any order. Initialising picocli and building a command's model by reflection costs a
 * command about 90 ms, as much as reading and validating a small flow.
 *
 * <p>Any other command line is left to picocli: another option, a help or version request, a flag given twice, more
 * or fewer than one FLOW, a FLOW that is empty, starts with {@code -} (an option, or {@code --}) or {@code @} (picocli
 * reads arguments from such a file), or is not a path. So what the command accepts, and every message picocli prints,
 * stay picocli's. The fields are set as picocli sets them, the options' default values included; a command that then
 * reports a usage error builds its picocli model only for that.
 */
final class PlainCommandLine {

    private static final Set<String> RUN_FLAGS =
            Set.of("--dry-run", "--quiet", "--verbose", "--progress", "--read-ahead", "--write-behind");

    private PlainCommandLine() {}

    /**
     * Sets the fields of {@code run} from {@code args} ({@code run} and what follows it) and returns true; returns
     * false, setting nothing, when picocli must read them.
     */
    static boolean readRun(String[] args, RunCommand run) {
        Set<String> flags = new HashSet<>();
        Path flow = null;
        for (int i = 1; i < args.length; i++) {
            if (RUN_FLAGS.contains(args[i])) {
                if (!flags.add(args[i])) {
                    return false;
                }
            } else if (flow != null || (flow = operand(args[i])) == null) {
                return false;
            }
        }
        if (flow == null) {
            return false;
        }
        run.flow = flow;
        run.dryRun = flags.contains("--dry-run");
        run.quiet = flags.contains("--quiet");
        run.verbose = flags.contains("--verbose");
        run.progress = flags.contains("--progress");
        run.readAhead = flags.contains("--read-ahead");
        run.writeBehind = flags.contains("--write-behind");
        run.stateDir = Path.of(RunCommand.DEFAULT_STATE_DIR);
        run.tablePrefix = RunCommand.DEFAULT_TABLE_PREFIX;
        run.runner = RunCommand.LOCAL;
        return true;
    }

    /**
     * Sets the fields of {@code validate} from {@code args} ({@code validate} and what follows it) and returns true;
     * returns false, setting nothing, when picocli must read them.
     */
    static boolean readValidate(String[] args, ValidateCommand validate) {
        Path flow = args.length == 2 ? operand(args[1]) : null;
        if (flow == null) {
            return false;
        }
        validate.flow = flow;
        return true;
    }

    /** {@code arg} as the FLOW operand, or null when picocli must read it. */
    private static Path operand(String arg) {
        if (arg.isEmpty() || arg.startsWith("-") || arg.startsWith("@")) {
            return null;
        }
        try {
            return Path.of(arg);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}

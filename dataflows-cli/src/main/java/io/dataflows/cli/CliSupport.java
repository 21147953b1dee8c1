package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.RunListener;
import io.dataflows.StateStores;
import io.dataflows.StepTypeConflictException;
import io.dataflows.ValidationReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the commands share: reading a flow, building the engine, printing problems. */
final class CliSupport {

    private CliSupport() {}

    /** A command failure that already has its exit code and message. */
    static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Exit(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    static Dataflow read(Path file) {
        try {
            return Definitions.read(file);
        } catch (DataflowDefinitionException e) {
            throw new Exit(ExitCodes.INVALID, e.getMessage());
        }
    }

    /**
     * The engine for a flow file: relative paths resolve against the file's directory, which is permitted
     * together with the working directory and {@code --allow} directories.
     */
    static DataflowEngine engine(Path flowFile, List<Path> allow, Path stateDir, Map<String, Object> globals,
            List<RunListener> listeners, PrintStream out) {
        DataflowEngine.Builder b = DataflowEngine.builder()
                .permittedDirectory(baseDir(flowFile))
                .permittedDirectory(Path.of("").toAbsolutePath())
                .output(out);
        allow.forEach(b::permittedDirectory);
        if (stateDir != null) {
            b.stateStore(StateStores.directory(stateDir));
        }
        globals.forEach(b::globalVar);
        listeners.forEach(b::listener);
        try {
            return b.build();
        } catch (StepTypeConflictException e) {
            throw new Exit(ExitCodes.INVALID, e.getMessage());
        }
    }

    static Path baseDir(Path flowFile) {
        Path parent = flowFile.toAbsolutePath().normalize().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    /** Prints each problem as {@code <alias>: <message>} (or {@code dataflow: <message>}). */
    static void printProblems(ValidationReport report, PrintStream err) {
        for (Problem p : report.problems()) {
            err.println(p);
        }
    }
}

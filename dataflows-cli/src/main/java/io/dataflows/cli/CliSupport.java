package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.RunListener;
import io.dataflows.StateStores;
import io.dataflows.StepRegistry;
import io.dataflows.StepTypeConflictException;
import io.dataflows.ValidationReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

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
     * together with the working directory and {@code --allow} directories. State is kept in memory.
     */
    static DataflowEngine engine(Path flowFile, List<Path> allow, Map<String, Object> globals,
            List<RunListener> listeners, PrintStream out) {
        return build(builder(flowFile, allow, globals, listeners, out));
    }

    /** Like {@link #engine}, unbuilt. */
    static DataflowEngine.Builder builder(Path flowFile, List<Path> allow, Map<String, Object> globals,
            List<RunListener> listeners, PrintStream out) {
        return builderIn(baseDir(flowFile), allow, globals, listeners, out);
    }

    /** Like {@link #builder} for the flows of directory {@code flowDir}, which is permitted. */
    static DataflowEngine.Builder builderIn(Path flowDir, List<Path> allow, Map<String, Object> globals,
            List<RunListener> listeners, PrintStream out) {
        StepRegistry registry;
        try {
            registry = StepRegistry.discover(); // once, though the builder may build several engines
        } catch (StepTypeConflictException e) {
            throw new Exit(ExitCodes.INVALID, e.getMessage());
        }
        DataflowEngine.Builder b = DataflowEngine.builder()
                .stepRegistry(registry)
                .permittedDirectory(flowDir)
                .permittedDirectory(Path.of("").toAbsolutePath())
                .output(out);
        allow.forEach(b::permittedDirectory);
        globals.forEach(b::globalVar);
        listeners.forEach(b::listener);
        return b;
    }

    /**
     * {@code builder} with the state database ({@link StateStores#jdbc}) and {@code flowData} as the default
     * connection of SQL steps, named {@code default}.
     */
    static DataflowEngine withDatabase(DataflowEngine.Builder builder, Database database, DataSource flowData,
            String tablePrefix) {
        return build(builder.stateStore(database.stateStore())
                .dataSource("default", flowData)
                .tablePrefix(tablePrefix));
    }

    /** Builds {@code b}; a conflict between step types is an invalid-definition exit. */
    static DataflowEngine build(DataflowEngine.Builder b) {
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

    /**
     * Prints each problem on a line of its own, in the shape every problem line has ({@link Problem}):
     * {@code <alias>: <message>}, or {@code dataflow: <message>}, a warning starting with {@code warning: }.
     * Definition errors, printed by the commands' exception handler, have the same shape with the location first
     * ({@code flow.yml:11:17: out: ...}).
     */
    static void printProblems(ValidationReport report, PrintStream err) {
        for (Problem p : report.problems()) {
            err.println(p);
        }
    }
}

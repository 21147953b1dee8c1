package io.dataflows.spi;

import io.dataflows.HostFunctions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What {@link StepType#validate} gets: the step's definition, and a place to report problems. */
public interface StepValidation {

    /** The step's alias. */
    String alias();

    /** The config as defined (expressions not evaluated). */
    Map<String, Object> config();

    /** True when the field's value holds no expression, so it can be checked before the run. */
    boolean isStatic(String field);

    /**
     * The value of the path field {@code field} resolved to an absolute path, when it is static and can be resolved
     * before the run (relative paths need the run's base directory) and is permitted; empty otherwise. For checks of
     * what is there already (a file to be written that is a directory).
     */
    default Optional<Path> path(String field) {
        return Optional.empty();
    }

    /** Reports a problem with a field (null for the step as a whole). */
    void problem(@Nullable String field, String message);

    /**
     * Compiles an expression a step evaluates itself (one found inside a {@link Evaluation#LITERAL} field such as
     * an SQL statement) and reports it as a problem of {@code field} when it does not compile or names a step that
     * does not exist. Does nothing by default.
     *
     * @param expression the bare expression, without {@code ${{ }}}
     */
    default void checkExpression(String field, String expression) {}

    /** The functions of the application that flows may call, to check a configured name against. */
    default HostFunctions hostFunctions() {
        return HostFunctions.none();
    }

    /**
     * The object the application registered under {@code type} with
     * {@link io.dataflows.DataflowEngine.Builder#service}, so that a step type can report a missing one as a
     * problem before any run.
     */
    default <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }
}

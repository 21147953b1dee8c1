package io.dataflows.steps.internal.connector;

import io.dataflows.DataflowException;
import io.dataflows.spi.StepValidation;
import java.util.regex.Pattern;

/** Checks the absolute variable paths the set-variable steps write to. */
final class VariablePaths {

    private static final Pattern WRITABLE = Pattern.compile("(global|dataflow|steps)(\\.[^.\\s]+)+");

    private VariablePaths() {}

    /** Null when {@code path} is a writable absolute path, otherwise why not. */
    static String problem(String path) {
        if (WRITABLE.matcher(path).matches()) {
            return null;
        }
        return "Config 'field' is invalid. '" + path + "' is not a variable path that can be set; use an absolute"
                + " dotted path under global, dataflow or steps (e.g. dataflow.vars.counter).";
    }

    /** Reports a static {@code field} config that is not a writable path. */
    static void validateField(StepValidation validation) {
        Object field = validation.config().get("field");
        if (field instanceof String && !((String) field).isEmpty() && validation.isStatic("field")) {
            String problem = problem(((String) field).trim());
            if (problem != null) {
                validation.problem("field", problem);
            }
        }
    }

    /**
     * The trimmed path.
     *
     * @throws DataflowException when it is not a writable path (its value came from an expression)
     */
    static String require(String path) {
        String p = path.trim();
        String problem = problem(p);
        if (problem != null) {
            throw new DataflowException(problem);
        }
        return p;
    }
}

package io.dataflows.steps.internal.connector;

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
}

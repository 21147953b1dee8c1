package io.dataflows.steps.internal;

/** Path rules shared by step types that touch files. */
public final class StepPaths {

    private StepPaths() {}

    /**
     * tool_dataflows' side-effect rule for a path field ({@code rel(x)}): true when the configured value is a
     * relative path — no scheme, not starting with {@code /}, no expression (whose value is unknown before the run).
     * A relative path resolves against the run's base directory.
     */
    public static boolean isRelative(Object configured) {
        if (!(configured instanceof String)) {
            return false;
        }
        String s = ((String) configured).trim();
        return !s.isEmpty() && !s.startsWith("/") && !s.contains("://") && !s.contains("${{");
    }
}

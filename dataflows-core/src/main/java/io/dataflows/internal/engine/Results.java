package io.dataflows.internal.engine;

import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.StepResult;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Makes {@link RunResult}s and {@link StepResult}s, whose constructors applications cannot call: the public classes
 * hand a {@link Factory} over when they are initialised.
 */
public final class Results {

    /** Builds results; implemented in the public package, next to the constructors. */
    public interface Factory {
        RunResult runResult(String dataflowName, String runId, String runName, boolean dryRun, RunStatus status,
                StepExecutionException failure, String cancelReason, Map<String, StepResult> steps,
                Map<String, Object> variables, List<io.dataflows.Effect> effects, Instant startedAt, Instant finishedAt);

        StepResult stepResult(String alias, String type, RunStatus status, long recordsIn, long recordsOut,
                Duration duration);
    }

    private static volatile Factory factory;

    private Results() {}

    /** Called once, by {@link RunResult}'s static initialiser. */
    public static void install(Factory f) {
        if (factory != null) {
            throw new IllegalStateException("already installed");
        }
        factory = f;
    }

    static Factory factory() {
        Factory f = factory;
        if (f == null) {
            try {
                MethodHandles.lookup().ensureInitialized(RunResult.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            f = factory;
        }
        return f;
    }
}

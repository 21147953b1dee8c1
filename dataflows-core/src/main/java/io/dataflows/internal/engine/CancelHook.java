package io.dataflows.internal.engine;

import io.dataflows.spi.CancelRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One action registered with {@code StepContext.onCancel}: called at most once, and never after {@link #close}
 * returned. The action runs while this hook's monitor is held, so that {@code close} on the run's thread waits for
 * an action running on the cancelling thread instead of letting the step close what the action still uses.
 */
final class CancelHook implements CancelRegistration {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    private final RunControl control;
    private final String stepAlias;
    private final Runnable action;
    /** False once the action was called or the registration closed; guarded by this. */
    private boolean open = true;

    CancelHook(RunControl control, String stepAlias, Runnable action) {
        this.control = control;
        this.stepAlias = stepAlias;
        this.action = action;
    }

    /** Calls the action, unless it was already called or the registration is closed; exceptions are logged. */
    void fire() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            try {
                action.run();
            } catch (RuntimeException e) {
                // The run is stopping anyway; the step sees the cancellation at its next check.
                log.warn("The cancel action of step '{}' failed: {}", stepAlias, e.toString(), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            open = false;
        }
        control.unregister(this);
    }

    @Override
    public String toString() {
        return "CancelHook[" + stepAlias + "]";
    }
}

package io.dataflows.internal.engine;

import io.dataflows.DataflowAbortedException;
import io.dataflows.DataflowException;
import io.dataflows.ExpressionException;
import io.dataflows.StepExecutionException;
import io.dataflows.internal.expr.ExpressionText;
import io.dataflows.internal.vars.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what goes wrong in a run into the failure the run ends with: a step's exception or abort request becomes a
 * {@link RunSignal} carrying a {@link StepExecutionException} that names the step and record, with secrets scrubbed
 * from the message. It also knows which step's code is running, so that an exception that escapes the engine's own
 * wrapping is still blamed on a step.
 */
final class RunFailures {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    private final String dataflow;
    private final Redactor redactor;
    private final RunControl control;
    private StepRuntime current;

    RunFailures(String dataflow, Redactor redactor, RunControl control) {
        this.dataflow = dataflow;
        this.redactor = redactor;
        this.control = control;
    }

    RunControl control() {
        return control;
    }

    /** Notes that {@code s}'s code runs from now on. */
    void entering(StepRuntime s) {
        current = s;
    }

    /**
     * A step's exception on record {@code recordNumber} (0: not while processing a record). After the run was asked
     * to stop, an exception is the stop's consequence (an interrupted sleep, a closed channel), so the run is
     * cancelled, not failed.
     */
    RunSignal failed(StepRuntime s, Throwable e, long recordNumber) {
        RunSignal cancelled = control.cancellation();
        if (cancelled != null) {
            log.debug("Step '{}' stopped by the cancellation: {}", s.alias, redactor.scrub(describe(e)));
            return cancelled;
        }
        String message = redactor.scrub(describe(e));
        Throwable shown = redactor.scrubbed(e);
        log.debug("Step '{}' failed on record {}", s.alias, recordNumber, shown);
        return raised(new RunSignal(new StepExecutionException(message, dataflow, s.alias, s.typeId, recordNumber,
                shown)));
    }

    /**
     * A reader could not open its source: no record is named, and the root cause (the file system's own words,
     * {@code NoSuchFileException: /in/nope.csv}) is part of the message when the step's message does not say it.
     */
    RunSignal failedOpening(StepRuntime s, Throwable e) {
        RunSignal cancelled = control.cancellation();
        if (cancelled != null) {
            return cancelled;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = describe(e);
        String cause = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        if (root != e && !message.contains(cause)) {
            message = message + " (" + cause + ")";
        }
        return raised(new RunSignal(new StepExecutionException(redactor.scrub(message), dataflow, s.alias,
                s.typeId, 0, redactor.scrubbed(e))));
    }

    /** A step asked the run to abort ({@code StepContext.abort}). */
    RunSignal aborted(StepRuntime s, String reason, long recordNumber) {
        RunSignal cancelled = control.cancellation();
        if (cancelled != null) {
            return cancelled;
        }
        String message = redactor.scrub(reason);
        return raised(new RunSignal(new DataflowAbortedException(message, dataflow, s.alias, s.typeId,
                recordNumber)));
    }

    /** A failure of a step that ran elsewhere (a flow block on another runner), already worded there. */
    RunSignal raisedElsewhere(StepExecutionException failure) {
        RunSignal cancelled = control.cancellation();
        return cancelled != null ? cancelled : raised(new RunSignal(failure));
    }

    private RunSignal raised(RunSignal signal) {
        control.failed(signal);
        return signal;
    }

    /** An exception that escaped every step's own handling: blamed on the step whose code was running. */
    StepExecutionException unexpected(RuntimeException e) {
        StepRuntime s = current;
        return new StepExecutionException(redactor.scrub(describe(e)), dataflow, s == null ? "?" : s.alias,
                s == null ? null : s.typeId, 0, redactor.scrubbed(e));
    }

    /** A message for an exception that says what went wrong without its class name when that is clear. */
    static String describe(Throwable e) {
        if (e instanceof ExpressionException) {
            ExpressionException x = (ExpressionException) e;
            StringBuilder sb = new StringBuilder(x.getOriginalMessage());
            x.expression().ifPresent(expr -> sb.append(" in expression ").append(ExpressionText.quote(expr)));
            x.field().ifPresent(f -> sb.append(" (").append(f).append(')'));
            return sb.toString();
        }
        if (e instanceof DataflowException) {
            return ((DataflowException) e).getOriginalMessage();
        }
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return (e.getMessage() == null ? "" : e.getMessage() + ": ") + describe(e.getCause());
        }
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "No such file or directory: " + m;
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied: " + m;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File already exists: " + m;
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory: " + m;
        }
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return m;
        }
        return e.getClass().getSimpleName() + ": " + m;
    }
}

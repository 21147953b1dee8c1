package io.dataflows.spi;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.HostFunctions;
import io.dataflows.Sleeper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What a running step can see and do. One context per step per run; used by one thread of the run at a time (the
 * steps downstream of a reader that reads ahead work on a second thread, see {@link ReaderStep#canReadAhead}).
 *
 * <p>Config values come resolved ({@link #config()}); paths are resolved and checked with {@link #resolvePath},
 * and files are read, listed and deleted through {@link #files()}, which opens them without following a symlink
 * swapped in after the check; anything that changes the world outside the run's scratch directory goes through
 * {@link #effects()}, so a dry run skips and reports it.
 */
public interface StepContext {

    /** The dataflow's name. */
    String dataflowName();

    /** This step's alias. */
    String stepAlias();

    /** This step's type id. */
    String stepType();

    /** The run's id. */
    String runId();

    /** True in a dry run: reads happen, effects are skipped and reported. */
    boolean isDryRun();

    /** This step's config, with expressions evaluated on access. */
    StepConfig config();

    /**
     * The record being processed by a flow step ({@code record} in expressions); the empty record for connectors
     * and readers.
     */
    DataRecord record();

    /** The run's variable tree. */
    Variables variables();

    /**
     * Publishes a value at {@code steps.<alias>.<name>} ({@code name} may be dotted: {@code vars.success}). The value
     * replaces whatever was published under that name before: a map is not merged into an earlier map, so a step
     * that publishes once per item ({@code item}, {@code match}) never shows stale keys of an earlier item.
     *
     * @throws IllegalArgumentException if the value is not JSON-like
     * @throws io.dataflows.DataflowException when a plain value would replace a map node the engine owns
     *     ({@code config}, {@code states})
     */
    void output(String name, Object value);

    /** Compiles a bare expression to be evaluated in this step's scope (relative names mean this step). */
    Expression expression(String source);

    /** Compiles a template ({@code "out/${{ record.id }}.json"}) to be evaluated in this step's scope. */
    Template template(String source);

    /**
     * Resolves a path: relative paths against the run's base directory, {@code file://} URLs as paths, absolute paths
     * only inside the permitted directories. The check is made on the real path (symlinks resolved).
     *
     * @throws io.dataflows.DataflowException {@code Path "<path>" is not permitted.} when the path leads outside
     */
    Path resolvePath(String path, PathAccess access);

    /**
     * The files inside the permitted directories, opened so that a path checked by {@link #resolvePath} cannot be
     * redirected before it is used. Read files with it rather than with {@link java.nio.file.Files}.
     */
    default FileAccess files() {
        throw new UnsupportedOperationException("This step context gives no file access.");
    }

    /** The directory relative paths resolve against. */
    Path baseDir();

    /** A directory private to this run, deleted afterwards; writing here is never a side effect. */
    Path scratchDir();

    /** Effects on the world, skipped in dry runs. */
    Effects effects();

    /** Persistent per-step state kept by the state store across runs (a reader's counter). */
    StepState state();

    /**
     * Claims up to {@code limit} events queued for this dataflow ({@code StateStore.enqueueEvent}) for this run,
     * oldest first; call again for the next ones (an empty list: none is left). No other run, in this process or
     * another sharing the state store, gets the same events. When the run ends {@code finalised} its claimed events
     * are deleted; when it ends aborted or cancelled they return to the queue for a later run.
     *
     * <p>In a dry run nothing is claimed: the next events are read and left in the queue (each call continues
     * after the last event it returned).
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     * @throws UnsupportedOperationException if the state store keeps no event queue
     */
    default List<QueuedEvent> claimEvents(int limit) {
        throw new UnsupportedOperationException("This step context has no event queue.");
    }

    /**
     * The engine's default data source: the first one registered with
     * {@code DataflowEngine.Builder.dataSource(name, dataSource)}. Borrow connections and close them; never close
     * the data source.
     *
     * @throws DataflowException when the engine has no data source
     */
    default DataSource dataSource() {
        throw new DataflowException("No database connection is configured: register a data source with "
                + "DataflowEngine.builder().dataSource(name, dataSource).");
    }

    /**
     * The data source registered under {@code name}.
     *
     * @throws DataflowException naming the known connections when there is none of that name
     */
    default DataSource dataSource(String name) {
        throw new DataflowException("Unknown connection '" + name + "'. No database connection is configured.");
    }

    /** The prefix that replaces Moodle-style {@code {table}} names in SQL ({@code mdl_}); empty by default. */
    default String tablePrefix() {
        return "";
    }

    /**
     * How many characters one regular expression match of a pattern from the flow may read, backtracking included:
     * pass it to {@link Regexes#find} and {@link Regexes#matches}. The engine's {@code regexStepLimit} setting;
     * {@link Regexes#DEFAULT_STEP_LIMIT} by default.
     */
    default long regexStepLimit() {
        return Regexes.DEFAULT_STEP_LIMIT;
    }

    /**
     * Waits for {@code duration} with the engine's {@link Sleeper} ({@code DataflowEngine.Builder.sleeper}); wait with this rather than {@link Thread#sleep}, so tests need not really wait. Interruptible.
     *
     * @throws InterruptedException when the run's thread is interrupted before or while waiting; let it propagate
     *     (or restore the interrupt flag) so the run can be stopped
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    default void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot sleep a negative duration: " + duration);
        }
        Sleeper.SYSTEM.sleep(duration);
    }

    /**
     * Registers {@code action} to be called if the run is cancelled — by {@link io.dataflows.RunHandle#cancel()} or
     * a {@link io.dataflows.RunOptions.Builder#timeout timeout} — while this step is in a blocking call that an
     * interrupt does not wake: a JDBC statement waiting for the database ({@code statement::cancel}), a socket read
     * ({@code socket::close}). Register just before the call and close the returned registration as soon as it is
     * over ({@code try}-with-resources); a long call made of many blocking ones (reading a result set) may stay
     * registered throughout.
     *
     * <p>The action is called at most once, and never after the registration's {@code close()} has returned (which
     * waits for an action already running). It runs on the cancelling thread — the caller of {@code cancel}, or the
     * engine's timeout thread — after the run's thread has been interrupted; it must be quick and thread-safe, and
     * must not wait for the run's thread. If the run has already been cancelled, or the run's thread interrupted,
     * when this is called, the action runs at once on the calling thread before this returns. An exception thrown
     * by the action is logged (at warning level) and otherwise ignored. An interrupt of the run's thread by other
     * code is seen only by the run's thread itself, so it calls no action that was registered before it.
     *
     * <p>After the action ran, the blocking call typically fails ("statement cancelled"); let that exception
     * propagate: the engine ends the run {@code CANCELLED}, not failed, because a cancellation was asked for.
     *
     * <p>The default implementation, for contexts that cannot be cancelled, registers nothing.
     *
     * @return the registration; close it when the blocking call is over
     */
    default CancelRegistration onCancel(Runnable action) {
        return () -> { };
    }

    /** Where step output such as debugging lines goes (standard output for the command line). */
    PrintStream out();

    /**
     * Returns {@code text} with every secret value this run has used replaced by {@code *****}; use it for text
     * built from config values before logging or publishing it.
     */
    String redact(String text);

    /**
     * Returns an exception that aborts the run with {@code reason}; throw it: {@code throw ctx.abort("...")}.
     * The run ends {@code aborted} and its result carries the reason.
     */
    RuntimeException abort(String reason);

    /** The functions of the application that flows may call (registered on the engine builder). */
    default HostFunctions hostFunctions() {
        return HostFunctions.none();
    }

    /**
     * The object the application registered under {@code type} with
     * {@link io.dataflows.DataflowEngine.Builder#service}: the settings or client a step module needs from the
     * application, such as the SMTP server e-mail steps send through.
     */
    default <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }

    /**
     * A processor that runs {@code task} for up to {@code concurrency} records at once and passes the records on
     * in their input order, for a flow step whose work completes off the run's thread (see {@link AsyncRecordTask}).
     *
     * <p>Each record goes downstream once its own task and those of every earlier record have completed; just
     * before it does, the step's {@code record}, its {@link TaskResult#outputs outputs} and its declared
     * {@code vars} are set to that record's, so a step downstream reading {@code steps.<alias>.*} sees the record
     * it is processing, never another in-flight one. At most {@code concurrency} tasks are in flight; with 1 each
     * record completes before the next starts. A task that fails fails the step on its own record, and the tasks
     * still in flight are cancelled — also when the run stops for any other reason. The stream's end waits for
     * every task.
     *
     * @param concurrency at least 1
     * @throws IllegalArgumentException if {@code concurrency} is less than 1
     */
    default RecordProcessor concurrentProcessor(int concurrency, AsyncRecordTask task) {
        throw new UnsupportedOperationException("This step context cannot process records concurrently.");
    }
}

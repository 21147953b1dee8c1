package io.dataflows;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An effect a dry run skipped: which step would have done what to which target. {@link #toString()} is the line
 * a person reads, {@code write_nz: would write /data/out/nz.json}; the parts are there for code that checks a plan
 * before running it for real.
 *
 * <pre>{@code
 * RunResult dry = engine.run(flow, RunOptions.builder().dryRun(true).build());
 * for (Effect e : dry.effects()) {
 *     if (e.kind() == Effect.Kind.DELETE) {
 *         System.out.println(e.stepAlias() + " would delete " + e.target().orElse("?"));
 *     }
 * }
 * }</pre>
 *
 * <p>Immutable; equal when all parts are equal.
 */
public final class Effect {

    /** What sort of change an effect makes. */
    public enum Kind {
        /** Writes (creates, replaces or appends to) a file; compressing, decrypting and the like included. */
        WRITE,
        /** Removes a file. */
        DELETE,
        /** Copies a file to another place. */
        COPY,
        /** Sends a request to another system (HTTP, a web service). */
        REQUEST,
        /** Sends a message (an email, a notification). */
        SEND,
        /** Executes an SQL statement that may change a database. */
        SQL,
        /** Persists state outside the run (the dataflow's stored state, a run record). */
        PERSIST,
        /** Waits. */
        WAIT,
        /** Anything else a step type reports. */
        OTHER
    }

    private final String stepAlias;
    private final Kind kind;
    private final @Nullable String target;
    private final String detail;

    private Effect(String stepAlias, Kind kind, @Nullable String target, String detail) {
        this.stepAlias = Objects.requireNonNull(stepAlias, "stepAlias");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.target = target;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * An effect of step {@code stepAlias}.
     *
     * @param target what the effect changes (an absolute path, a connection name, a URL), or null when it names
     *     nothing in particular
     * @param detail what would be done, as a person reads it after "would": {@code write /data/out/nz.json}
     */
    public static Effect of(String stepAlias, Kind kind, @Nullable String target, String detail) {
        return new Effect(stepAlias, kind, target, detail);
    }

    /** The alias of the step that would have had the effect. */
    public String stepAlias() {
        return stepAlias;
    }

    /** What sort of change it is. */
    public Kind kind() {
        return kind;
    }

    /**
     * What it changes: the absolute path of a file written, removed or copied to; the connection name of an SQL
     * statement (empty for the engine's default data source); empty for a wait.
     */
    public Optional<String> target() {
        return Optional.ofNullable(target);
    }

    /** What would be done, as a person reads it after "would": {@code copy /in/a.csv to /out/a.csv}. */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Effect)) {
            return false;
        }
        Effect e = (Effect) o;
        return stepAlias.equals(e.stepAlias) && kind == e.kind && Objects.equals(target, e.target)
                && detail.equals(e.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stepAlias, kind, target, detail);
    }

    /** {@code alias: would detail}, e.g. {@code write_nz: would write /data/out/nz.json}. */
    @Override
    public String toString() {
        return stepAlias + ": would " + detail;
    }
}

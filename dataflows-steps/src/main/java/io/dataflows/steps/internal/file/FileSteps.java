package io.dataflows.steps.internal.file;

import io.dataflows.DataflowException;
import io.dataflows.Effect;
import io.dataflows.PathNotPermittedException;
import io.dataflows.spi.AtomicOutput;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;

/**
 * What the file steps share: every path goes through the run's resolver (so the permitted directories are checked on
 * the real path, for each file a glob or a listing finds too), every file is reached through
 * {@link StepContext#files()} (so a directory swapped for a symlink after the check is never followed), every write
 * goes to a temporary sibling moved into place, and every write outside the scratch directory goes through
 * {@link io.dataflows.spi.Effects} so that a dry run only reports it.
 */
final class FileSteps {

    private FileSteps() {}

    /**
     * A refusal that fails the step whatever its error policy (the steps that only report a failed operation in
     * {@code vars.success} rethrow it): a limit protecting the machine was reached.
     */
    static final class Refused extends DataflowException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Writes the content of a file being written atomically. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws Exception;
    }

    /** The evaluated path of {@code field}, resolved and checked. */
    static Path path(StepContext ctx, String field, PathAccess access) {
        return ctx.config().path(field, access);
    }

    /**
     * Checks a path the step derived from {@code field} (a file a glob matched, a file in a target directory): the
     * same check as for the field itself, with the field named in the message.
     *
     * @throws PathNotPermittedException when the path leads outside the permitted directories
     */
    static Path check(StepContext ctx, String field, Path path, PathAccess access) {
        try {
            return ctx.resolvePath(path.toString(), access);
        } catch (DataflowException e) {
            throw new PathNotPermittedException(e.getOriginalMessage() + " (config '" + field + "')", null, null, e);
        }
    }

    /** The attributes of {@code path} (symlinks followed); empty when nothing is there. */
    static Optional<BasicFileAttributes> attributes(StepContext ctx, Path path) {
        try {
            return ctx.files().attributes(path);
        } catch (IOException e) {
            throw new DataflowException("Cannot read \"" + path + "\": " + reason(e), e);
        }
    }

    /** True when {@code path} is a directory (symlinks followed). */
    static boolean isDirectory(StepContext ctx, Path path) {
        return attributes(ctx, path).map(BasicFileAttributes::isDirectory).orElse(false);
    }

    /** True when something is at {@code path}, without following a final symlink. */
    static boolean existsNoFollow(StepContext ctx, Path path) {
        try {
            return ctx.files().linkAttributes(path).isPresent();
        } catch (IOException e) {
            throw new DataflowException("Cannot read \"" + path + "\": " + reason(e), e);
        }
    }

    /** True when {@code path} itself is a symbolic link. */
    static boolean isSymbolicLink(StepContext ctx, Path path) {
        try {
            return ctx.files().linkAttributes(path).map(BasicFileAttributes::isSymbolicLink).orElse(false);
        } catch (IOException e) {
            throw new DataflowException("Cannot read \"" + path + "\": " + reason(e), e);
        }
    }

    /**
     * Fails unless {@code path} is a regular file (permissions are found out when it is opened).
     *
     * @throws DataflowException {@code Cannot read file "<path>": no such file (config 'from').}
     */
    static Path requireReadableFile(StepContext ctx, Path path, String field) {
        Optional<BasicFileAttributes> attributes = attributes(ctx, path);
        String problem = null;
        if (attributes.isEmpty()) {
            problem = isSymbolicLink(ctx, path) ? "it is a broken symbolic link" : "no such file";
        } else if (attributes.get().isDirectory()) {
            problem = "it is a directory";
        } else if (!attributes.get().isRegularFile()) {
            problem = "it is not a regular file";
        }
        if (problem != null) {
            throw new DataflowException(cannotRead(path, problem, field));
        }
        return path;
    }

    static String cannotRead(Path path, String problem, String field) {
        return "Cannot read file \"" + path + "\": " + problem + " (config '" + field + "')";
    }

    /** Fails when {@code target} is an existing directory (a file is to be written there). */
    static void requireWritableTarget(StepContext ctx, Path target, String field) {
        if (isDirectory(ctx, target)) {
            throw new DataflowException("Cannot write file \"" + target + "\": it is a directory (config '" + field
                    + "')");
        }
    }

    /**
     * The file a step writes: {@code to} itself, or {@code name} inside it when {@code intoDirectory}, checked
     * against the permitted directories; never a directory.
     *
     * @throws DataflowException when the target is a directory or not permitted
     */
    static Path writeTarget(StepContext ctx, Path to, boolean intoDirectory, String name) {
        Path target = intoDirectory ? check(ctx, "to", to.resolve(name), PathAccess.WRITE) : to;
        requireWritableTarget(ctx, target, "to");
        return target;
    }

    /**
     * Opens a file to read. Failures to open it and to read from it (an I/O error half-way) become a
     * {@link DataflowException} naming the file and the field, so they are told apart from write failures.
     */
    static InputStream open(StepContext ctx, Path path, String field) {
        InputStream in;
        try {
            in = ctx.files().openRead(path);
        } catch (IOException e) {
            throw new DataflowException(cannotRead(path, reason(e), field), e);
        }
        return new FilterInputStream(in) {
            @Override
            public int read() {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw new DataflowException(cannotRead(path, reason(e), field), e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw new DataflowException(cannotRead(path, reason(e), field), e);
                }
            }
        };
    }

    /**
     * Writes {@code target} atomically through the effects API: in a dry run outside the scratch directory nothing
     * happens and {@code would <description>} is reported. A symlink at the target leading inside the permitted
     * directories is written through, as {@code cp} does, rather than replaced by a file.
     *
     * @return true when the file was written
     */
    static boolean write(StepContext ctx, Path target, boolean append, String description, Body body)
            throws Exception {
        return write(ctx, Effect.Kind.WRITE, target, append, description, body);
    }

    /** Like {@link #write(StepContext, Path, boolean, String, Body)}, reported in a dry run as {@code kind}. */
    static boolean write(StepContext ctx, Effect.Kind kind, Path target, boolean append, String description,
            Body body) throws Exception {
        return ctx.effects().perform(kind, target, description, () -> writeNow(ctx, target, append, body));
    }

    /**
     * Writes {@code target} atomically now (the caller has already gone through the effects API). What the body
     * throws propagates unchanged and discards the temporary file.
     */
    static void writeNow(StepContext ctx, Path target, boolean append, Body body) throws Exception {
        AtomicOutput output;
        try {
            output = ctx.effects().atomicOutput(target, append);
        } catch (IOException e) {
            throw new DataflowException("Cannot write file \"" + target + "\": " + reason(e), e);
        }
        try (AtomicOutput out = output) {
            body.write(out.stream());
            try {
                out.commit();
            } catch (IOException e) {
                throw new DataflowException("Cannot write file \"" + target + "\": " + reason(e), e);
            }
        }
    }

    /** A short reason for an I/O error. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException) {
            String r = ((FileSystemException) e).getReason();
            return r == null ? e.getClass().getSimpleName() : r;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * The value of a field that must be one of {@code allowed} (case-insensitive; the first when absent). Validation
     * checks static values; this checks values computed by expressions.
     *
     * @throws DataflowException {@code Config '<field>' is invalid. Allowed values: ...}
     */
    static String choice(StepConfig config, String field, String... allowed) {
        String value = config.optionalString(field).orElse(allowed[0]);
        String lower = value.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        throw new DataflowException("Config '" + field + "' is invalid. Allowed values: " + String.join(", ", allowed)
                + " (got \"" + value + "\").");
    }
}

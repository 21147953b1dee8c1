package io.dataflows.steps.internal.file;

import io.dataflows.DataflowException;
import io.dataflows.spi.AtomicOutput;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the file steps share: every path goes through the run's resolver (so the permitted directories are checked on
 * the real path, for each file a glob or a listing finds too), every write goes to a temporary sibling moved into
 * place, and every write outside the scratch directory goes through {@link io.dataflows.spi.Effects} so that a dry
 * run only reports it.
 */
final class FileSteps {

    private FileSteps() {}

    /** A path refused by the permitted-directory check: always fails the step, whatever the step's error policy. */
    static final class NotPermitted extends DataflowException {
        private static final long serialVersionUID = 1L;

        NotPermitted(String message, Throwable cause) {
            super(message, cause);
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
     */
    static Path check(StepContext ctx, String field, Path path, PathAccess access) {
        try {
            return ctx.resolvePath(path.toString(), access);
        } catch (DataflowException e) {
            throw new NotPermitted(e.getOriginalMessage() + " (config '" + field + "')", e);
        }
    }

    /**
     * Fails unless {@code path} is a readable regular file.
     *
     * @throws DataflowException {@code Cannot read file "<path>": no such file (config 'from').}
     */
    static Path requireReadableFile(Path path, String field) {
        String problem = null;
        if (!Files.exists(path)) {
            problem = Files.isSymbolicLink(path) ? "it is a broken symbolic link" : "no such file";
        } else if (Files.isDirectory(path)) {
            problem = "it is a directory";
        } else if (!Files.isRegularFile(path)) {
            problem = "it is not a regular file";
        } else if (!Files.isReadable(path)) {
            problem = "permission denied";
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
    static void requireWritableTarget(Path target, String field) {
        if (Files.isDirectory(target)) {
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
        requireWritableTarget(target, "to");
        return target;
    }

    /**
     * Opens a file to read. Failures to open it and to read from it (an I/O error half-way) become a
     * {@link DataflowException} naming the file and the field, so they are told apart from write failures.
     */
    static InputStream open(Path path, String field) {
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (IOException e) {
            throw new DataflowException(cannotRead(path, reason(e), field), e);
        }
        return new java.io.FilterInputStream(in) {
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
     * happens and {@code would <description>} is reported.
     *
     * @return true when the file was written
     */
    static boolean write(StepContext ctx, Path target, boolean append, String description, Body body)
            throws Exception {
        Path real = throughSymlink(target);
        return ctx.effects().perform(real, description, () -> writeNow(ctx, real, append, body));
    }

    /**
     * Where a write to {@code target} goes: a symlink (already checked to lead inside the permitted directories) is
     * written through, as {@code cp} does, rather than replaced by a file.
     */
    static Path throughSymlink(Path target) throws IOException {
        return Files.isSymbolicLink(target) && Files.exists(target) ? target.toRealPath() : target;
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

    /** True when {@code path} exists, without following a final symlink. */
    static boolean existsNoFollow(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** A short reason for an I/O error. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException) {
            String r = ((java.nio.file.FileSystemException) e).getReason();
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

package io.dataflows.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code --state-out} file (and any other file a command replaces whole: {@code --report}, the output of
 * {@code dataflows report}), written atomically: the text goes to a temporary file next to it (in the same
 * directory, so on the same file system), is flushed to disk, and is then moved over the target in one step. A
 * reader sees the previous file or the new one, never a part; a failure (a full disk) leaves the previous file as it
 * was and no temporary file behind.
 *
 * <p>What can be known before the run is {@linkplain #check checked} then: the target must be a regular file (or
 * not exist yet; a symbolic link is followed) and its directory must exist or be creatable. A device such as
 * {@code /dev/full}, a directory or a FIFO is refused, so the move can never replace something that is not a file.
 */
final class StateOutFile {

    private final Path target;
    private final Path shown;
    private final String what;

    private StateOutFile(Path target, Path shown, String what) {
        this.target = target;
        this.shown = shown;
        this.what = what;
    }

    /**
     * The file to write for the option value {@code path}.
     *
     * @throws CliSupport.Exit (usage) when it can never be written: it is a directory or another non-file, or its
     *     directory cannot be created
     */
    static StateOutFile check(Path path) {
        return check(path, "--state-out", "the run state", "nothing ran");
    }

    /**
     * The file to write for the value {@code path} of {@code option}, which writes {@code what}; the refusal ends
     * with {@code outcome}.
     *
     * @throws CliSupport.Exit (usage) when it can never be written: it is a directory or another non-file, or its
     *     directory cannot be created
     */
    static StateOutFile check(Path path, String option, String what, String outcome) {
        Path target = path.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(target)) {
            try {
                target = target.toRealPath();
            } catch (IOException e) {
                throw refused(path, option, what, outcome, "it is a symbolic link to a missing file");
            }
        }
        if (Files.isDirectory(target)) {
            throw refused(path, option, what, outcome, "it is a directory");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw refused(path, option, what, outcome, "it is not a regular file");
        }
        Path dir = target.getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw refused(path, option, what, outcome, "its directory " + dir + " cannot be created (" + existing
                    + " is not a directory)");
        }
        if (!Files.isWritable(existing)) {
            throw refused(path, option, what, outcome, "the directory " + existing + " is not writable");
        }
        return new StateOutFile(target, path, what);
    }

    private static CliSupport.Exit refused(Path path, String option, String what, String outcome, String why) {
        return new CliSupport.Exit(ExitCodes.USAGE, "Invalid value for " + option + ": cannot write " + what + " to "
                + path + ": " + why + "; " + outcome + ".");
    }

    /**
     * Replaces the file with {@code text} like {@link #write}; when that fails, says so on {@code err} in one line
     * ({@code Cannot write the report to run.html: No space left on device; the previous file, if any, is
     * unchanged.}) and returns false.
     */
    boolean writeOrSay(String text, PrintStream err) {
        try {
            write(text);
            return true;
        } catch (IOException e) {
            err.println("Cannot write " + what + " to " + shown + ": " + reason(e)
                    + "; the previous file, if any, is unchanged.");
            return false;
        }
    }

    /** Replaces the file with {@code text} (UTF-8) atomically. */
    void write(String text) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new FileSystemException(target.toString(), null, "not a regular file");
        }
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(
                ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                channel.force(true); // on disk before it replaces the previous file
            }
            keepPermissions(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(temp); // only there when writing or moving failed
            } catch (IOException e) {
                // the failure that got here is the one to report
            }
        }
    }

    /** The replaced file keeps its permissions (a state file made private stays private). */
    private void keepPermissions(Path temp) throws IOException {
        try {
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            // a new file, or no POSIX permissions: the defaults apply
        }
    }

    /** Why a write failed, in a few words: the operating system's reason when there is one. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

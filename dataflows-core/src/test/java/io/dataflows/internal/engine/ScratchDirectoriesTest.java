package io.dataflows.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scratch directories name their process; those of processes that ended are removed without following symlinks,
 * and nothing else in the scratch root is touched.
 */
class ScratchDirectoriesTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    /** The id of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aNewScratchDirectoryNamesThisProcessAndIsPrivate() throws Exception {
        Path dir = ScratchDirectories.create(root);

        assertThat(dir.getFileName().toString()).matches("dataflows-run-" + ProcessTag.current() + "-[0-9a-f]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void theScratchDirectoriesOfEndedProcessesAreRemovedAndNothingElse() throws Exception {
        Files.writeString(outside.resolve("keep.txt"), "outside");
        Path stale = Files.createDirectories(root.resolve("dataflows-run-" + deadPid() + "-lx3k9a-1f/sub"))
                .getParent();
        Files.writeString(stale.resolve("sub/data.csv"), "half a run");
        Files.createSymbolicLink(stale.resolve("link"), outside);
        Path mine = Files.createDirectories(root.resolve("dataflows-run-" + ProcessTag.current() + "-2f"));
        Path alive = Files.createDirectories(root.resolve("dataflows-run-"
                + ProcessHandle.current().parent().orElseThrow().pid() + "-0-3f"));
        Path oldName = Files.createDirectories(root.resolve("dataflows-run-8169731583471"));
        Path linkNamedLikeOne = Files.createSymbolicLink(root.resolve("dataflows-run-" + deadPid() + "-1-4f"),
                outside);
        Path other = Files.createDirectories(root.resolve("unrelated"));

        ScratchDirectories.removeStale(root, Files.getOwner(root));

        assertThat(stale).doesNotExist();
        assertThat(mine).exists();
        assertThat(alive).as("its process still runs").exists();
        assertThat(oldName).as("an owner we cannot tell").exists();
        assertThat(Files.isSymbolicLink(linkNamedLikeOne)).as("a symlink is not a scratch directory").isTrue();
        assertThat(other).exists();
        assertThat(Files.readString(outside.resolve("keep.txt"))).isEqualTo("outside");
    }

    @Test
    void deletingAScratchDirectoryDoesNotFollowSymlinksInIt() throws Exception {
        Files.writeString(outside.resolve("keep.txt"), "outside");
        Path dir = ScratchDirectories.create(root);
        Files.createSymbolicLink(dir.resolve("link"), outside);
        Files.createSymbolicLink(dir.resolve("file-link"), outside.resolve("keep.txt"));

        ScratchDirectories.delete(dir);

        assertThat(dir).doesNotExist();
        assertThat(Files.readString(outside.resolve("keep.txt"))).isEqualTo("outside");
    }
}

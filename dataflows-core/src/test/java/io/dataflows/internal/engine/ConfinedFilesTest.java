package io.dataflows.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.PathNotPermittedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files are reached along the checked real path without following symlinks: a directory swapped for a symlink to
 * outside between the check and the open is refused ("changed while being opened"), and a write whose directory is
 * swapped after it was opened still lands in that directory. Each test runs with the secure directory streams of
 * Linux and with the path-and-verify fallback of other platforms.
 */
class ConfinedFilesTest {

    @TempDir
    Path base;

    @TempDir
    Path outside;

    private Path d;

    @BeforeEach
    void layout() throws IOException {
        base = base.toRealPath();
        outside = outside.toRealPath();
        d = Files.createDirectories(base.resolve("d"));
        Files.writeString(d.resolve("in.txt"), "inside");
        Files.writeString(outside.resolve("in.txt"), "OUTSIDE");
    }

    private ConfinedFiles files(boolean secure) {
        return new ConfinedFiles(new PathResolver(base, null, List.of()), secure);
    }

    /** Moves {@code d} aside and puts a symlink to outside in its place. */
    private void swapForSymlink() {
        try {
            Files.move(d, base.resolve("d.moved"));
            Files.createSymbolicLink(d, outside);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> outsideEntries() throws IOException {
        try (Stream<Path> s = Files.list(outside)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void aReadWhoseDirectoryBecomesASymlinkAfterTheCheckIsRefused(boolean secure) {
        ConfinedFiles files = files(secure);
        files.afterCheck(this::swapForSymlink);

        assertThatThrownBy(() -> files.openRead(d.resolve("in.txt")))
                .isInstanceOf(PathNotPermittedException.class)
                .hasMessage("Path \"" + d.resolve("in.txt") + "\" changed while being opened (\"" + d
                        + "\" became a symbolic link).");
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void aWriteWhoseDirectoryBecomesASymlinkAfterTheCheckIsRefusedAndCreatesNothingOutside(boolean secure)
            throws IOException {
        ConfinedFiles files = files(secure);
        files.afterCheck(this::swapForSymlink);

        assertThatThrownBy(() -> files.openAtomic(d.resolve("out.txt"), false))
                .isInstanceOf(PathNotPermittedException.class)
                .hasMessageContaining("changed while being opened");
        assertThat(outsideEntries()).containsExactly("in.txt");
    }

    /**
     * Writers on several threads (a run's parallel writers, a distributed run's tasks in one JVM) that create the same
     * missing directory at once, while each closes its handles of the directories above as it descends: every write
     * succeeds. The directory used to be created through whichever descriptor of this process was open on the
     * parent, possibly another thread's that it was closing at that moment ("no such file").
     */
    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void writersCreatingTheSameDirectoryAtOnceAllSucceed(boolean secure) throws Exception {
        ConfinedFiles files = files(secure);
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                Path dir = d.resolve("r" + round).resolve("out");
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Path target = dir.resolve("file-" + t + ".txt");
                    writes.add(pool.submit(() -> {
                        start.await();
                        try (AtomicFileOutput out = files.openAtomic(target, false)) {
                            out.stream().write('x');
                            out.commit();
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> write : writes) {
                    write.get(); // throws what the write threw
                }
                try (Stream<Path> written = Files.list(dir)) {
                    assertThat(written.count()).as("round " + round).isEqualTo(threads);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void missingDirectoriesAreCreatedInsideEvenWhenTheirParentIsSwappedAfterTheCheck(boolean secure)
            throws IOException {
        ConfinedFiles files = files(secure);
        files.afterCheck(this::swapForSymlink);

        assertThatThrownBy(() -> files.openAtomic(d.resolve("new/out.txt"), false))
                .isInstanceOf(PathNotPermittedException.class);
        assertThat(outsideEntries()).containsExactly("in.txt");
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void aDirectoryOpenedForAWriteKeepsTheTemporaryFileWhenItIsSwappedMidWrite(boolean secure) throws Exception {
        ConfinedFiles files = files(secure);
        AtomicFileOutput out = files.openAtomic(d.resolve("out.txt"), false);
        swapForSymlink();
        out.stream().write("written".getBytes(StandardCharsets.UTF_8));
        Path moved = base.resolve("d.moved");
        if (secure) {
            out.commit();
            assertThat(Files.readString(moved.resolve("out.txt"))).isEqualTo("written");
        } else {
            // The fallback notices the swap when it renames, and refuses; it cannot tell where the path leads now,
            // so the temporary file stays where it was created, inside, for a later write to remove.
            assertThatThrownBy(out::commit).isInstanceOf(FileSystemException.class)
                    .hasMessageEndingWith("it was replaced while being used");
            assertThatThrownBy(out::close).isInstanceOf(FileSystemException.class);
        }

        assertThat(outsideEntries()).containsExactly("in.txt");
        try (Stream<Path> s = Files.list(moved)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).count())
                    .as("temporary files left").isEqualTo(secure ? 0 : 1);
        }
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void symlinksWhoseRealTargetIsInsideAreFollowed(boolean secure) throws Exception {
        Files.createSymbolicLink(base.resolve("current"), Path.of("d"));
        Files.createSymbolicLink(base.resolve("link.txt"), Path.of("d/in.txt"));
        ConfinedFiles files = files(secure);

        try (InputStream in = files.openRead(base.resolve("current/in.txt"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("inside");
        }
        try (AtomicFileOutput out = files.openAtomic(base.resolve("link.txt"), true)) {
            out.stream().write("+more".getBytes(StandardCharsets.UTF_8));
            out.commit();
        }
        assertThat(Files.isSymbolicLink(base.resolve("link.txt"))).isTrue();
        assertThat(Files.readString(d.resolve("in.txt"))).isEqualTo("inside+more");
        assertThat(files.list(base.resolve("current"), 1)).containsExactly(base.resolve("current/in.txt"));
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void symlinksLeadingOutsideAreRefused(boolean secure) throws Exception {
        Files.createSymbolicLink(base.resolve("escape"), outside);
        ConfinedFiles files = files(secure);

        for (Path path : List.of(base.resolve("escape/in.txt"), base.resolve("../" + outside.getFileName()
                + "/in.txt"))) {
            assertThatThrownBy(() -> files.openRead(path)).isInstanceOf(PathNotPermittedException.class)
                    .hasMessage("Path \"" + path.normalize() + "\" is not permitted.");
            assertThatThrownBy(() -> files.openAtomic(path, false)).isInstanceOf(PathNotPermittedException.class);
            assertThatThrownBy(() -> files.delete(path)).isInstanceOf(PathNotPermittedException.class);
        }
        assertThat(Files.readString(outside.resolve("in.txt"))).isEqualTo("OUTSIDE");
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void aPermittedDirectoryItselfIsNeitherReadNorWrittenAsAFile(boolean secure) {
        ConfinedFiles files = files(secure);

        assertThatThrownBy(() -> files.openAtomic(base, false)).isInstanceOf(FileSystemException.class)
                .hasMessageEndingWith("it is a directory");
        assertThatThrownBy(() -> files.openRead(base)).isInstanceOf(FileSystemException.class)
                .hasMessageEndingWith("it is a directory");
        assertThatThrownBy(() -> files.openAtomic(d, false)).isInstanceOf(FileSystemException.class)
                .hasMessageEndingWith("it is a directory");
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void deleteRemovesASymlinkItselfNeverItsTarget(boolean secure) throws Exception {
        Files.createSymbolicLink(base.resolve("link.txt"), Path.of("d/in.txt"));
        ConfinedFiles files = files(secure);

        assertThat(files.delete(base.resolve("link.txt"))).isTrue();
        assertThat(files.delete(base.resolve("link.txt"))).isFalse();
        assertThat(base.resolve("link.txt")).doesNotExist();
        assertThat(Files.readString(d.resolve("in.txt"))).isEqualTo("inside");
        assertThatThrownBy(() -> files.delete(d)).hasMessageEndingWith("it is a directory");
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {true, false})
    void aStaleTemporaryFileOfAnotherProcessIsRemovedByTheNextWriteInItsDirectory(boolean secure) throws Exception {
        Path stale = Files.writeString(d.resolve(".out.txt.dataflows-999999999-abc-1f.tmp"), "half");
        Path held = Files.writeString(d.resolve(".other.txt.dataflows-999999998-abc-2f.tmp"), "being written");
        Path mine = Files.writeString(d.resolve(".x.dataflows-" + ProcessTag.current() + "-3f.tmp"), "ours");
        Path user = Files.writeString(d.resolve(".notes.txt.tmp"), "a user's file");
        try (var channel = java.nio.channels.FileChannel.open(held, java.nio.file.StandardOpenOption.WRITE);
                var lock = channel.lock()) {
            try (AtomicFileOutput out = files(secure).openAtomic(d.resolve("out.txt"), false)) {
                out.stream().write('x');
                out.commit();
            }
            assertThat(stale).doesNotExist();
            assertThat(held).as("locked: its writer is alive").exists();
            assertThat(mine).as("this process's own").exists();
            assertThat(user).as("not our name").exists();
        }
    }

    @ParameterizedTest(name = "append={0}")
    @ValueSource(booleans = {true, false})
    void anAbandonedOutputLeavesNeitherTargetNorTemporaryFile(boolean append) throws Exception {
        try (AtomicFileOutput out = files(true).openAtomic(d.resolve("out.txt"), append);
                OutputStream stream = out.stream()) {
            stream.write('x');
        }
        try (Stream<Path> s = Files.list(d)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("in.txt");
        }
    }
}

package io.dataflows.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test helper: a thread that flips {@code dir} between the real directory it is and a symlink to {@code target},
 * as fast as it can, until closed; then {@code dir} is the real directory again. The real directory keeps its
 * identity: it is renamed aside ({@code dir.aside}) while the symlink stands in for it.
 */
final class DirectorySwapper implements AutoCloseable {

    private final Path dir;
    private final Path aside;
    private final Path target;
    private final AtomicLong flips = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    DirectorySwapper(Path dir, Path target) {
        this.dir = dir;
        this.aside = dir.resolveSibling(dir.getFileName() + ".aside");
        this.target = target;
        this.thread = new Thread(this::flip, "directory-swapper");
        thread.setDaemon(true);
        thread.start();
    }

    private void flip() {
        try {
            while (!stop) {
                Files.move(dir, aside);
                placeAt(() -> Files.createSymbolicLink(dir, target));
                flips.incrementAndGet();
                Thread.yield();
                Files.delete(dir);
                placeAt(() -> Files.move(aside, dir));
                flips.incrementAndGet();
                Thread.yield();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /** Something that puts an entry at {@code dir}. */
    private interface Placement {
        void run() throws IOException;
    }

    /**
     * Puts an entry at {@code dir}; when a write created the missing directory meanwhile (as writes may), that
     * directory is removed first.
     */
    private void placeAt(Placement placement) throws IOException {
        while (true) {
            try {
                placement.run();
                return;
            } catch (IOException e) {
                if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                removeRecreated();
            }
        }
    }

    /** Deletes a directory that stands where the symlink is to go (it is inside: nothing outside is touched). */
    private void removeRecreated() throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir)) {
            Files.deleteIfExists(dir);
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException | IOException e) {
            // written to meanwhile: the next attempt deletes the rest
        }
    }

    /** Flips so far. */
    long flips() {
        return flips.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join();
        if (failure != null) {
            throw new AssertionError("the swapping thread failed", failure);
        }
        if (!Files.isDirectory(dir) || Files.isSymbolicLink(dir)) {
            throw new UncheckedIOException(new IOException(dir + " was not restored"));
        }
    }
}

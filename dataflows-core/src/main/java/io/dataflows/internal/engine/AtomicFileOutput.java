package io.dataflows.internal.engine;

import io.dataflows.spi.AtomicOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes to a temporary sibling of the target and moves it into place on {@link #commit}. */
final class AtomicFileOutput implements AtomicOutput {

    private final Path target;
    private final Path temp;
    private final OutputStream stream;
    private boolean done;

    AtomicFileOutput(Path target, boolean append) throws IOException {
        this.target = target;
        Path dir = target.getParent();
        Files.createDirectories(dir);
        this.temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(
                ThreadLocalRandom.current().nextLong()) + ".tmp");
        if (append && Files.isRegularFile(target)) {
            Files.copy(target, temp);
            this.stream = Files.newOutputStream(temp, java.nio.file.StandardOpenOption.APPEND);
        } else {
            this.stream = Files.newOutputStream(temp);
        }
    }

    @Override
    public Path target() {
        return target;
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public boolean isDiscarding() {
        return false;
    }

    @Override
    public void commit() throws IOException {
        if (done) {
            return;
        }
        stream.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        done = true;
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            stream.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The output of a dry run: discards everything. */
    static final class Discarding implements AtomicOutput {
        private final Path target;

        Discarding(Path target) {
            this.target = target;
        }

        @Override
        public Path target() {
            return target;
        }

        @Override
        public OutputStream stream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public boolean isDiscarding() {
            return true;
        }

        @Override
        public void commit() {}

        @Override
        public void close() {}
    }
}

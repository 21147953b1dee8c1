package io.dataflows.internal.engine;

import io.dataflows.spi.AtomicOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to a temporary file in the target's directory — the directory opened once, by {@link ConfinedFiles} — and
 * renames it onto the target inside that same open directory on {@link #commit}. The temporary file is named
 * {@code .<name>.dataflows-<pid>-<start>-<random>.tmp} and locked while it is written, so a later write into the
 * same directory can tell one whose process died ({@code kill -9}) from one being written, and removes it.
 */
final class AtomicFileOutput implements AtomicOutput {

    private static final Logger log = LoggerFactory.getLogger(AtomicFileOutput.class);

    /** Our temporary files: {@code .<start of the target's name>.dataflows-<process tag>-<random>.tmp}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..*\\.dataflows-(\\d+-[0-9a-z]+)-[0-9a-f]+\\.tmp");

    /** How much of the target's name a temporary name repeats (whole names could exceed the name length limit). */
    private static final int NAME_PREFIX = 40;

    private final Path target;
    private final DirectoryHandle directory;
    private final String name;
    private final String temporary;
    private final SeekableByteChannel channel;
    private final OutputStream stream;
    private boolean done;

    private AtomicFileOutput(Path target, DirectoryHandle directory, String name, String temporary,
            SeekableByteChannel channel) {
        this.target = target;
        this.directory = directory;
        this.name = name;
        this.temporary = temporary;
        this.channel = channel;
        this.stream = Channels.newOutputStream(channel);
    }

    /**
     * Creates the temporary file for {@code name} in {@code directory} (which the output then owns and closes),
     * starting from the content of the existing file when {@code append}.
     */
    static AtomicFileOutput open(Path target, DirectoryHandle directory, String name, boolean append)
            throws IOException {
        String temporary = temporaryName(name);
        SeekableByteChannel channel = directory.newChannel(temporary,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        AtomicFileOutput output = new AtomicFileOutput(target, directory, name, temporary, channel);
        try {
            lock(channel);
            if (append) {
                output.copyExisting();
            }
        } catch (IOException | RuntimeException e) {
            output.close();
            throw e;
        }
        return output;
    }

    private static String temporaryName(String name) {
        String prefix = name.length() > NAME_PREFIX ? name.substring(0, NAME_PREFIX) : name;
        return "." + prefix + ".dataflows-" + ProcessTag.current() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp";
    }

    /** Holds the lock that tells other processes this temporary file is being written. */
    private static void lock(SeekableByteChannel channel) {
        if (channel instanceof FileChannel) {
            try {
                ((FileChannel) channel).tryLock();
            } catch (IOException | OverlappingFileLockException e) {
                // a file system without locks: the file is then never taken for a stale one (see removeStale)
            }
        }
    }

    private void copyExisting() throws IOException {
        Optional<BasicFileAttributes> existing = directory.attributes(name);
        if (existing.isEmpty() || !existing.get().isRegularFile()) {
            return;
        }
        try (SeekableByteChannel in = directory.newChannel(name, Set.of(StandardOpenOption.READ))) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile: nothing to append to
        }
    }

    /**
     * Removes the temporary files in {@code directory} that processes which have ended left behind: names of our
     * pattern, not of this process, that no process holds locked.
     */
    static void removeStale(DirectoryHandle directory) {
        try {
            for (String entry : directory.names()) {
                Matcher m = TEMPORARY.matcher(entry);
                if (!m.matches() || ProcessTag.parse(m.group(1)).map(ProcessTag::isCurrent).orElse(true)) {
                    continue;
                }
                if (isAbandoned(directory, entry)) {
                    directory.deleteFile(entry);
                    log.info("Removed {}, a temporary file left by process {} that ended before finishing it",
                            directory.path().resolve(entry), ProcessTag.parse(m.group(1)).get().pid());
                }
            }
        } catch (IOException e) {
            log.debug("Could not look for stale temporary files in {}", directory.path(), e);
        }
    }

    /** True when nobody holds the lock of the regular file {@code entry}. */
    private static boolean isAbandoned(DirectoryHandle directory, String entry) {
        try {
            Optional<BasicFileAttributes> attributes = directory.attributes(entry);
            if (attributes.isEmpty() || !attributes.get().isRegularFile()) {
                return false;
            }
            try (SeekableByteChannel probe = directory.newChannel(entry, Set.of(StandardOpenOption.READ))) {
                if (!(probe instanceof FileChannel)) {
                    return false;
                }
                FileLock lock = ((FileChannel) probe).tryLock(0, Long.MAX_VALUE, true);
                if (lock == null) {
                    return false;
                }
                lock.release();
                return true;
            }
        } catch (IOException | OverlappingFileLockException e) {
            return false;
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

    /** Renames the temporary file while it is still open and locked, so no other process can take it for stale. */
    @Override
    public void commit() throws IOException {
        if (done) {
            return;
        }
        try {
            stream.flush();
            directory.move(temporary, name);
            done = true;
        } finally {
            if (done) {
                try {
                    channel.close();
                } finally {
                    directory.close();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
            directory.deleteFile(temporary);
        } catch (NoSuchFileException e) {
            // already gone
        } finally {
            directory.close();
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

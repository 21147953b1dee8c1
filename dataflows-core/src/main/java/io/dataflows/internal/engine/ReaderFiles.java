package io.dataflows.internal.engine;

import io.dataflows.spi.FileAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * The file access of a reader: the run's own, except that the file it opens to read becomes its
 * {@link InputPosition}, so that {@link io.dataflows.RunHandle#progress()} can tell how much of it has been read.
 * A reader that opens several files one after another is at the position of the last one it opened.
 */
final class ReaderFiles implements FileAccess {

    private final FileAccess files;
    private final StepRuntime reader;

    ReaderFiles(FileAccess files, StepRuntime reader) {
        this.files = files;
        this.reader = reader;
    }

    @Override
    public InputStream openRead(Path path) throws IOException {
        InputStream in = files.openRead(path);
        long size;
        try {
            size = files.attributes(path).filter(BasicFileAttributes::isRegularFile).map(BasicFileAttributes::size)
                    .orElse(-1L);
        } catch (IOException | RuntimeException e) {
            size = -1; // the size only feeds the progress display: reading goes on without it
        }
        InputPosition position = new InputPosition(size);
        reader.input = position;
        return position.counting(in);
    }

    @Override
    public Optional<BasicFileAttributes> attributes(Path path) throws IOException {
        return files.attributes(path);
    }

    @Override
    public Optional<BasicFileAttributes> linkAttributes(Path path) throws IOException {
        return files.linkAttributes(path);
    }

    @Override
    public List<Path> list(Path path, int maxDepth) throws IOException {
        return files.list(path, maxDepth);
    }

    @Override
    public boolean delete(Path path) throws IOException {
        return files.delete(path);
    }

    @Override
    public void createDirectories(Path path) throws IOException {
        files.createDirectories(path);
    }
}

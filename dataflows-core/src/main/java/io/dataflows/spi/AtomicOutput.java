package io.dataflows.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A file being written atomically; see {@link Effects#atomicOutput}. Closing without {@link #commit} discards
 * what was written.
 */
public interface AtomicOutput extends AutoCloseable {

    /** The target path. */
    Path target();

    /** The stream to write to (buffered by the caller if needed). */
    OutputStream stream();

    /** True when this output discards everything (dry run). */
    boolean isDiscarding();

    /** Flushes, closes and moves the temporary file onto the target. */
    void commit() throws IOException;

    /** Discards the temporary file unless committed. */
    @Override
    void close() throws IOException;
}

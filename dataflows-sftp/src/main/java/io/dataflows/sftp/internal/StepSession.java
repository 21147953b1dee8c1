package io.dataflows.sftp.internal;

import io.dataflows.spi.StepContext;
import java.util.Optional;

/**
 * The SFTP session of one step in one run, opened on first use and kept for the run: the flow form copies every
 * record's file over it. A session the server closed meanwhile (an idle timeout between records) is opened anew.
 * Used by the run's thread only.
 */
final class StepSession implements AutoCloseable {

    private final StepContext ctx;
    private SftpConnection connection;

    StepSession(StepContext ctx) {
        this.ctx = ctx;
    }

    /** The open connection, connecting first when there is none. */
    SftpConnection connection() {
        if (connection != null && !connection.isOpen()) {
            connection.close();
            connection = null;
        }
        if (connection == null) {
            connection = SftpConnection.open(ctx);
        }
        return connection;
    }

    /** The server's host key (an OpenSSH public key line) when this run connected. */
    Optional<String> serverKey() {
        return connection == null ? Optional.empty() : Optional.of(connection.serverKey());
    }

    @Override
    public void close() {
        if (connection != null) {
            SftpConnection c = connection;
            connection = null;
            c.close();
        }
    }
}

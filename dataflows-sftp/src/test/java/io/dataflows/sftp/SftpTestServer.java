package io.dataflows.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.OpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server on loopback for the tests: Apache MINA SSHD with its SFTP subsystem over a directory, one user
 * with a password and, optionally, an authorized public key. Its host key can be replaced while it runs (a server
 * whose key changed), and it can cut the connection once a transfer has moved a given number of bytes.
 */
final class SftpTestServer implements AutoCloseable {

    static final String USER = "partner";
    static final String PASSWORD = "s3cret-pw";

    private final SshServer server;
    private final AtomicReference<KeyPair> hostKey;
    private final AtomicReference<PublicKey> authorizedKey = new AtomicReference<>();
    private final AtomicLong cutAfterBytes = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong moved = new AtomicLong();
    private final AtomicInteger sessions = new AtomicInteger();
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean stall;

    SftpTestServer(Path root) {
        this(root, true);
    }

    /** @param posixRename whether the server offers {@code posix-rename@openssh.com} (OpenSSH's servers do) */
    SftpTestServer(Path root, boolean posixRename) {
        try {
            hostKey = new AtomicReference<>(newKey());
            server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(new KeyPairProvider() {
                @Override
                public Iterable<KeyPair> loadKeys(SessionContext session) {
                    return List.of(hostKey.get());
                }
            });
            server.setPasswordAuthenticator((user, password, session) -> USER.equals(user)
                    && PASSWORD.equals(password));
            server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                    && authorizedKey.get() != null && KeyUtils.compareKeys(authorizedKey.get(), key));
            server.setFileSystemFactory(new VirtualFileSystemFactory(root));
            SftpSubsystemFactory sftp = new SftpSubsystemFactory();
            sftp.addSftpEventListener(new SftpEventListener() {
                @Override
                public void read(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                        byte[] data, int dataOffset, int dataLen, int readLen, Throwable thrown) {
                    count(session, Math.max(readLen, 0));
                }

                @Override
                public void written(ServerSession session, String remoteHandle, FileHandle localHandle,
                        long offset, byte[] data, int dataOffset, int dataLen, Throwable thrown) {
                    count(session, dataLen);
                }
            });
            // Files in a directory named "locked" cannot be opened: permission denied, even for root.
            sftp.setFileSystemAccessor(new SftpFileSystemAccessor() {
                @Override
                public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file,
                        String handle, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                        throws IOException {
                    if (file.getParent() != null && file.getParent().getFileName() != null
                            && file.getParent().getFileName().toString().equals("locked")) {
                        throw new AccessDeniedException(file.toString());
                    }
                    return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options,
                            attrs);
                }
            });
            server.setSubsystemFactories(List.of(sftp));
            if (!posixRename) {
                SftpModuleProperties.OPENSSH_EXTENSIONS.set(server, "fsync@openssh.com=1");
            }
            server.addSessionListener(new SessionListener() {
                @Override
                public void sessionCreated(Session session) {
                    sessions.incrementAndGet();
                }
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void count(ServerSession session, long bytes) {
        if (moved.addAndGet(bytes) >= cutAfterBytes.get()) {
            session.close(true);
        }
        if (stall) {
            stalled.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The server stops answering after the first block of a transfer, until {@link #close}. */
    void stallTransfers() {
        stall = true;
    }

    /** Waits until a transfer is stalled. */
    void awaitStalled() throws InterruptedException {
        stalled.await();
    }

    static KeyPair newKey() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    }

    /** How many SSH sessions clients have opened. */
    int sessionsOpened() {
        return sessions.get();
    }

    int port() {
        return server.getPort();
    }

    PublicKey hostKey() {
        return hostKey.get().getPublic();
    }

    /** The server shows a new host key from the next connection on. */
    void changeHostKey() throws GeneralSecurityException {
        hostKey.set(newKey());
    }

    /** The user may also log in with this key. */
    void authorize(PublicKey key) {
        authorizedKey.set(key);
    }

    /** The server drops the connection once reads and writes of files have moved this many bytes. */
    void cutAfter(long bytes) {
        moved.set(0);
        cutAfterBytes.set(bytes);
    }

    @Override
    public void close() throws IOException {
        release.countDown();
        server.stop(true);
    }
}

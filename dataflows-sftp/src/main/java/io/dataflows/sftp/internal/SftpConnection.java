package io.dataflows.sftp.internal;

import io.dataflows.DataflowException;
import io.dataflows.spi.CancelRegistration;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in SFTP session of one step in one run: its own SSH client, session and SFTP channel, closed together.
 *
 * <p>The server's host key is checked during the key exchange: against {@code hostpubkey} when it is set, else
 * against the key this step trusted on first use, kept in the step's state under {@code hostpubkey:<host>:<port>}.
 * With neither, the key seen is trusted and stored once the login succeeded (not in a dry run, whose state writes
 * are skipped: a dry run trusts without storing). A cancelled run closes the connection at once, which ends any
 * transfer waiting on the server.
 */
final class SftpConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SftpConnection.class);

    /** tool_dataflows' message when the server cannot be reached or shows no key. */
    static final String BAD_HOST = "Unable to connect to host.";
    /** tool_dataflows' message when the server's key is not the expected one. */
    static final String BAD_HOSTPUBKEY = "Host public key mismatch.";
    /** tool_dataflows' message when the login is refused. */
    static final String BAD_AUTH = "Authorisation failed.";

    private final String host;
    private final int port;
    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;
    private final CancelRegistration cancel;
    private final String serverKey;

    private SftpConnection(String host, int port, SshClient client, ClientSession session, SftpClient sftp,
            CancelRegistration cancel, String serverKey) {
        this.host = host;
        this.port = port;
        this.client = client;
        this.session = session;
        this.sftp = sftp;
        this.cancel = cancel;
        this.serverKey = serverKey;
    }

    /** The state key under which the key trusted on first use for {@code host:port} is kept. */
    static String trustKey(String host, long port) {
        return "hostpubkey:" + host + ":" + port;
    }

    /**
     * Connects and logs in as the step's config says.
     *
     * @throws DataflowException {@code Unable to connect to host. <reason>}, {@code Host public key mismatch. ...}
     *     or {@code Authorisation failed. <reason>}
     */
    static SftpConnection open(StepContext ctx) {
        StepConfig config = ctx.config();
        String host = config.string("host");
        long portNumber = config.integer("port");
        if (portNumber < 1 || portNumber > 65535) {
            throw new DataflowException("Config 'port' is invalid. It must be between 1 and 65535 (got "
                    + portNumber + ").");
        }
        int port = (int) portNumber;
        String username = config.string("username");
        String password = config.optionalString("password").orElse("");
        Duration timeout = Duration.ofSeconds(Math.max(1, config.integer("timeout")));
        Optional<String> configured = config.optionalString("hostpubkey").map(String::trim)
                .filter(s -> !s.isEmpty());
        HostKey expected;
        boolean trustOnFirstUse = false;
        if (configured.isPresent()) {
            try {
                expected = HostKey.parse(configured.get());
            } catch (IllegalArgumentException e) {
                throw new DataflowException("Config 'hostpubkey' is invalid: " + e.getMessage() + ".", e);
            }
        } else {
            Optional<Object> stored = ctx.state().get(trustKey(host, port));
            if (stored.isPresent()) {
                try {
                    expected = HostKey.parse(String.valueOf(stored.get()));
                } catch (IllegalArgumentException e) {
                    throw new DataflowException("The host key this step trusted for " + host + ":" + port
                            + " cannot be read from its state (" + e.getMessage() + "); remove the step's state "
                            + "or set 'hostpubkey'.", e);
                }
            } else {
                expected = null;
                trustOnFirstUse = true;
            }
        }
        List<KeyPair> identities = config.optionalString("privkeyfile").isPresent() ? privateKeys(ctx, password)
                : List.of();

        AtomicReference<PublicKey> seen = new AtomicReference<>();
        SshClient client = SshClient.setUpDefaultClient();
        // Only what the step's config says: no ~/.ssh/config, no default identities, no known_hosts file.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier((clientSession, address, key) -> {
            seen.set(key);
            return expected == null || expected.matches(key);
        });
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, timeout);
        CoreModuleProperties.AUTH_TIMEOUT.set(client, timeout);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(client, timeout);
        CoreModuleProperties.IDLE_TIMEOUT.set(client, timeout);
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(client, timeout);
        client.start();
        CancelRegistration cancel = ctx.onCancel(() -> client.close(true));
        ClientSession session = null;
        try {
            try {
                ConnectFuture future = client.connect(username, host, port);
                session = future.verify(timeout).getSession();
            } catch (IOException | RuntimeException e) {
                throw new DataflowException(BAD_HOST + " " + host + ":" + port + ": " + reason(e), e);
            }
            if (identities.isEmpty()) {
                session.addPasswordIdentity(password);
            } else {
                for (KeyPair identity : identities) {
                    session.addPublicKeyIdentity(identity);
                }
            }
            try {
                session.auth().verify(timeout);
            } catch (IOException | RuntimeException e) {
                PublicKey key = seen.get();
                if (key == null) {
                    throw new DataflowException(BAD_HOST + " " + host + ":" + port + ": " + reason(e), e);
                }
                if (expected != null && !expected.matches(key)) {
                    throw new DataflowException(BAD_HOSTPUBKEY + " The server " + host + ":" + port
                            + " showed the key " + HostKey.fingerprint(key) + ", expected " + expected.fingerprint()
                            + (configured.isPresent() ? " (config 'hostpubkey')."
                                    : " (trusted on first use by this step)."), e);
                }
                throw new DataflowException(ctx.redact(BAD_AUTH + " User '" + username + "' on " + host + ":"
                        + port + ": " + reason(e)), e);
            }
            String serverKey = HostKey.line(seen.get());
            if (trustOnFirstUse) {
                log.info("Step '{}': trusting the host key {} of {}:{} {}", ctx.stepAlias(),
                        HostKey.fingerprint(seen.get()), host, port,
                        ctx.isDryRun() ? "for this dry run only (not stored)" : "from now on");
                ctx.state().put(trustKey(host, port), serverKey);
            }
            SftpClient sftp;
            try {
                sftp = SftpClientFactory.instance().createSftpClient(session);
            } catch (IOException | RuntimeException e) {
                throw new DataflowException(BAD_HOST + " " + host + ":" + port + ": cannot start SFTP: " + reason(e),
                        e);
            }
            return new SftpConnection(host, port, client, session, sftp, cancel, serverKey);
        } catch (RuntimeException e) {
            closeAfterFailure(client, session, cancel, e);
            throw e;
        }
    }

    private static List<KeyPair> privateKeys(StepContext ctx, String passphrase) {
        Path file = ctx.config().path("privkeyfile", PathAccess.READ);
        List<KeyPair> keys = new ArrayList<>();
        try (InputStream in = ctx.files().openRead(file)) {
            FilePasswordProvider provider = passphrase.isEmpty() ? FilePasswordProvider.EMPTY
                    : FilePasswordProvider.of(passphrase);
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null,
                    NamedResource.ofName(file.toString()), in, provider);
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new DataflowException(ctx.redact("Cannot read the private key \"" + file + "\": " + reason(e)
                    + " (config 'privkeyfile')"), e);
        }
        if (keys.isEmpty()) {
            throw new DataflowException("Cannot read the private key \"" + file + "\": no key in it (config "
                    + "'privkeyfile')");
        }
        return keys;
    }

    private static void closeAfterFailure(SshClient client, ClientSession session, CancelRegistration cancel,
            RuntimeException failure) {
        cancel.close();
        try {
            if (session != null) {
                session.close(true);
            }
            client.stop();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * A short reason for a failure: the message of its first cause (MINA wraps the socket's "Connection refused" in
     * its own future's description), else its own, else its type.
     */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof NoSuchFileException) {
            return "No such file";
        }
        if (root instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (root instanceof FileSystemException && ((FileSystemException) root).getReason() != null) {
            return ((FileSystemException) root).getReason(); // its message repeats the path
        }
        for (Throwable t : new Throwable[] {root, e}) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return root.getClass().getSimpleName();
    }

    /** The SFTP channel. */
    SftpClient sftp() {
        return sftp;
    }

    /** The server's host key as an OpenSSH public key line. */
    String serverKey() {
        return serverKey;
    }

    /** True while the session can be used (the server or an idle timeout may have closed it). */
    boolean isOpen() {
        return session.isOpen() && sftp.isOpen();
    }

    /** {@code host}, or {@code host:port} when the port is not 22, for messages. */
    String address() {
        return host + (port == SftpFields.DEFAULT_PORT ? "" : ":" + port);
    }

    @Override
    public void close() {
        cancel.close();
        try {
            sftp.close();
        } catch (IOException e) {
            log.debug("Closing the SFTP channel to {}: {}", address(), reason(e));
        } finally {
            session.close(true);
            try {
                client.stop();
            } catch (RuntimeException e) {
                log.debug("Stopping the SSH client of {}: {}", address(), reason(e));
            }
        }
    }
}

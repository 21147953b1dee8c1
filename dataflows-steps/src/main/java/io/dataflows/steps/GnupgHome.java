package io.dataflows.steps;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A GnuPG home directory (what {@code gpg --homedir} names) whose keys {@code connector_gpg} and {@code flow_gpg}
 * use when a step names no key ring file: public keys from {@code pubring.kbx} or {@code pubring.gpg} to encrypt,
 * secret keys from {@code private-keys-v1.d} or {@code secring.gpg} to decrypt. tool_dataflows ran
 * {@code gpg --homedir} on the server's key directory (its {@code gpg_key_dir} setting), so flows exported from it
 * name no key rings; with a home they validate and run unchanged. A step's {@code publickeyring} or
 * {@code secretkeyring} wins over the home.
 *
 * <pre>{@code
 * DataflowEngine engine = DataflowEngine.builder()
 *     .service(GnupgHome.class, GnupgHome.of(Path.of("/var/lib/dataflows/gnupg")))
 *     .build();
 * }</pre>
 *
 * <p>The directory is the application's setting, not the flow's: the permitted directories of runs do not apply to
 * it, and the process must be able to read it. Keys are read with Bouncy Castle, no {@code gpg} process: RSA and
 * Curve25519 secret keys (GnuPG's default since 2.3) from {@code private-keys-v1.d}, with or without a passphrase
 * (see the README's GPG section). Immutable.
 */
public final class GnupgHome {

    private final Path directory;

    private GnupgHome(Path directory) {
        this.directory = directory;
    }

    /**
     * The GnuPG home {@code directory}, made absolute. Whether it exists and can be read is checked when a step
     * uses it.
     */
    public static GnupgHome of(Path directory) {
        return new GnupgHome(Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize());
    }

    /** The directory, absolute. */
    public Path directory() {
        return directory;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GnupgHome && ((GnupgHome) o).directory.equals(directory);
    }

    @Override
    public int hashCode() {
        return directory.hashCode();
    }

    @Override
    public String toString() {
        return "GnupgHome[" + directory + "]";
    }
}

package io.dataflows.cli;

import io.dataflows.DataflowEngine;
import io.dataflows.steps.GnupgHome;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --gnupg-home DIR}: the GnuPG home directory whose keys {@code connector_gpg} and {@code flow_gpg} use when a
 * flow names no key ring file, as tool_dataflows ran {@code gpg --homedir} on its key directory (see the README's
 * GPG section). A directory that is not there or cannot be read is a usage error, before anything runs.
 */
final class GnupgOptions {

    @Option(names = "--gnupg-home", paramLabel = "DIR",
            description = "The GnuPG home directory (as gpg --homedir) whose keys GPG steps use when they name no "
                    + "key ring file: pubring.kbx or pubring.gpg, private-keys-v1.d or secring.gpg.")
    Path home;

    /**
     * Checks the directory; call early.
     *
     * @throws CliSupport.Exit (usage) when it is not a directory this process can read
     */
    void check() {
        if (home == null) {
            return;
        }
        if (!Files.isDirectory(home)) {
            throw new CliSupport.Exit(ExitCodes.USAGE, "--gnupg-home: not a directory: " + home);
        }
        if (!Files.isReadable(home) || !Files.isExecutable(home)) {
            throw new CliSupport.Exit(ExitCodes.USAGE, "--gnupg-home: cannot read the directory " + home
                    + " (permission denied)");
        }
    }

    /** Registers the home on {@code builder}; nothing without the option. */
    void register(DataflowEngine.Builder builder) {
        if (home != null) {
            builder.service(GnupgHome.class, GnupgHome.of(home));
        }
    }
}

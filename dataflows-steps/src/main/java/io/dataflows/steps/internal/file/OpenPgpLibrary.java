package io.dataflows.steps.internal.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Whether Bouncy Castle, the OpenPGP library of {@code connector_gpg} and {@code flow_gpg}, is on the class path.
 * It is an optional dependency of this module (about 9.5 MB that only the GPG steps need), so an application that
 * uses them declares it; when it did not, the steps report which artifacts to add instead of failing with a
 * {@link NoClassDefFoundError}. The Maven coordinates are the versions this module was built against.
 */
final class OpenPgpLibrary {

    /** One class of each artifact: bcpg (OpenPGP) and bcprov (the ciphers it uses). */
    private static final String[][] PROBES = {
        {"bcpg", "org.bouncycastle.openpgp.PGPPublicKey"},
        {"bcprov", "org.bouncycastle.crypto.engines.AESEngine"},
    };

    private static final Optional<String> MISSING = missingArtifacts(OpenPgpLibrary.class.getClassLoader());

    private OpenPgpLibrary() {}

    /**
     * The problem to report for step type {@code stepType} when Bouncy Castle is missing from this module's class
     * loader, or empty when it is there.
     */
    static Optional<String> problem(String stepType) {
        return MISSING.map(artifacts -> message(stepType, artifacts));
    }

    /** The Maven coordinates of the Bouncy Castle artifacts that {@code loader} cannot load, or empty if none. */
    static Optional<String> missingArtifacts(ClassLoader loader) {
        Properties coordinates = coordinates();
        List<String> missing = new ArrayList<>(2);
        for (String[] probe : PROBES) {
            try {
                Class.forName(probe[1], false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(coordinates.getProperty(probe[0]));
            }
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", missing));
    }

    /** The message for step type {@code stepType} when {@code artifacts} are missing. */
    static String message(String stepType, String artifacts) {
        return "Step type " + stepType + " needs Bouncy Castle for OpenPGP, which is not on the class path: add the"
                + " dependency " + artifacts + " to the application.";
    }

    private static Properties coordinates() {
        Properties p = new Properties();
        try (InputStream in = OpenPgpLibrary.class.getResourceAsStream("openpgp-library.properties")) {
            if (in == null) {
                throw new IllegalStateException("openpgp-library.properties is missing from dataflows-steps");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}

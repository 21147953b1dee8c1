package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bouncy Castle is an optional dependency of dataflows-steps: without it on the class path, every other step type
 * loads and the GPG steps report which artifacts to add — a validation problem, which also stops a run before it
 * starts — instead of a {@link NoClassDefFoundError}.
 */
class BouncyCastleOptionalTest {

    private static final String VERSION = bouncyCastleVersion();

    @TempDir
    Path dir;

    @Test
    void theGpgStepsNameTheArtifactsToAddWhenBouncyCastleIsMissing() throws Exception {
        Files.writeString(dir.resolve("plain.txt"), "secret\n");
        Files.writeString(dir.resolve("public.pgp"), "");
        String message = "Step type connector_gpg needs Bouncy Castle for OpenPGP, which is not on the class path:"
                + " add the dependency org.bouncycastle:bcpg-jdk18on:" + VERSION + " and"
                + " org.bouncycastle:bcprov-jdk18on:" + VERSION + " to the application.";

        String outcome = withoutBouncyCastle(dir);

        assertThat(outcome).isEqualTo("Dataflow 'encrypt' is invalid (1 problem):\n  - encrypt: "
                + message + "\n---\nDataflowValidationException: Trying to run an invalid dataflow. (dataflow 'encrypt')\n"
                + "  encrypt: " + message);
        assertThat(dir.resolve("plain.txt.gpg")).doesNotExist();
    }

    /** Runs {@link GpgWithoutBouncyCastle} in a class loader that has the test class path minus Bouncy Castle. */
    private static String withoutBouncyCastle(Path dir) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : testClassPath()) {
            String name = Path.of(entry).getFileName().toString();
            if (!name.startsWith("bcpg-") && !name.startsWith("bcprov-") && !name.startsWith("bcutil-")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThat(loader.getResource("org/bouncycastle/openpgp/PGPPublicKey.class")).isNull();
            thread.setContextClassLoader(loader); // the engine discovers step types on it
            Method run = loader.loadClass(GpgWithoutBouncyCastle.class.getName())
                    .getMethod("validateAndRun", String.class);
            return (String) run.invoke(null, dir.toString());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Surefire passes the class path in a property when the JVM's own is a manifest-only jar. */
    private static String[] testClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return path.split(File.pathSeparator);
    }

    /** The version of the Bouncy Castle jar on the test class path: the one the message must name. */
    private static String bouncyCastleVersion() {
        String location = org.bouncycastle.openpgp.PGPPublicKey.class.getProtectionDomain().getCodeSource()
                .getLocation().getPath();
        return location.replaceAll(".*/bcpg-jdk18on-(.+)\\.jar$", "$1");
    }
}

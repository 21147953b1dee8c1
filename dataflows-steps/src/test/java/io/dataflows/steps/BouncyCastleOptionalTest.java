package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

        String outcome = (String) withoutBouncyCastle(GpgWithoutBouncyCastle.class, dir.toString());

        assertThat(outcome).isEqualTo("Dataflow 'encrypt' is invalid (1 problem):\n  - encrypt: "
                + message + "\n---\nDataflowValidationException: Trying to run an invalid dataflow. (dataflow 'encrypt')\n"
                + "  encrypt: " + message);
        assertThat(dir.resolve("plain.txt.gpg")).doesNotExist();
    }

    /** The hash algorithms that come from Bouncy Castle name the artifact to add; the others still work. */
    @Test
    void theHashStepsNameBouncyCastleForTheAlgorithmsThatNeedIt() throws Exception {
        Files.writeString(dir.resolve("abc.txt"), "abc");
        String message = "Config 'algorithm' is invalid. The hash algorithm 'whirlpool' needs Bouncy Castle, which is"
                + " not on the class path: add the dependency org.bouncycastle:bcprov-jdk18on:" + VERSION
                + " to the application.";

        assertThat(withoutBouncyCastle(HashWithoutBouncyCastle.class, dir.toString(), "whirlpool"))
                .isEqualTo("Dataflow 'hash' is invalid (1 problem):\n  - hash: " + message
                        + "\n---\nDataflowValidationException: Trying to run an invalid dataflow. (dataflow 'hash')\n"
                        + "  hash: " + message);
        assertThat(withoutBouncyCastle(HashWithoutBouncyCastle.class, dir.toString(), "xxh3"))
                .isEqualTo("Dataflow 'hash' is valid\n---\nFINALISED 78af5f94892f3950");
    }

    /**
     * Calls the static method {@code validateAndRun} of {@code helper} with {@code args} in a class loader that has
     * the test class path minus Bouncy Castle.
     */
    private static Object withoutBouncyCastle(Class<?> helper, String... args) throws Exception {
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
            Class<?>[] types = new Class<?>[args.length];
            Arrays.fill(types, String.class);
            Method run = loader.loadClass(helper.getName()).getMethod("validateAndRun", types);
            return run.invoke(null, (Object[]) args);
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

package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dataflows} script at the root of the repository, started as a user starts it, with the jar this
 * build packaged (hence an integration test: it runs after the package phase). The script maps one of two class-data
 * sharing archives (ahead-of-time caches on a JDK 24 or newer), recorded the first time a command needs it: the
 * full one for commands that open the state database or render a run's state, the light one for the others. The
 * JVM's own log says which archive it opened and where each class came from.
 */
class LauncherScriptIT {

    private static final String FLOW = """
            name: launcher
            steps:
              read: {type: reader_csv, config: {path: in.csv}}
              print: {type: writer_debugging, depends_on: read}
            """;

    @TempDir
    Path dir;

    @Test
    void validateMapsTheLightArchiveAndRunTheFullOne() throws Exception {
        Files.writeString(dir.resolve("flow.yml"), FLOW);
        Files.writeString(dir.resolve("in.csv"), "id,name\n1,Ann\n");

        String validate = script("validate", "flow.yml");
        assertThat(validate).contains("flow.yml: dataflow 'launcher' is valid (2 steps)");
        assertThat(validate).containsPattern(opened("dataflows-light"));
        assertThat(validate).doesNotContainPattern(opened("dataflows"));
        assertThat(validate).contains("io.dataflows.cli.Main source: shared objects file");

        String run = script("run", "--quiet", "flow.yml");
        assertThat(run).contains("{\"id\":\"1\",\"name\":\"Ann\"}");
        assertThat(run).containsPattern(opened("dataflows"));
        assertThat(run).doesNotContainPattern(opened("dataflows-light"));
        // the database's classes are only in the full archive
        assertThat(run).contains("org.h2.Driver source: shared objects file");

        assertThat(script("--version")).containsPattern(opened("dataflows-light"));
    }

    @Test
    void theHeapGetsTransparentHugePagesWhenTheKernelGivesThemOnRequest() throws Exception {
        Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean onRequest = Files.isReadable(setting) && Files.readString(setting).contains("[madvise]");

        String flags = scriptWith("-XX:+PrintFlagsFinal", "--version");

        assertThat(flags).containsPattern("bool UseTransparentHugePages += " + onRequest + " ");
        // an option of the user's own on large pages replaces the script's
        assertThat(scriptWith("-XX:-UseTransparentHugePages -XX:+PrintFlagsFinal", "--version"))
                .containsPattern("bool UseTransparentHugePages += false ");
    }

    /** The JVM's log line saying that it mapped the archive or cache {@code name}. */
    private static String opened(String name) {
        return "Opened (archive|AOT cache) \\S*/dataflows-cli/target/" + name + "\\.(jsa|aot)\\.?\\n";
    }

    /**
     * Runs {@code ./dataflows args} in the test's directory with this JVM's JDK, logging which archive the JVM maps
     * and where each class comes from; stdout, which must exit 0.
     */
    private String script(String... args) throws Exception {
        String log = Runtime.version().feature() >= 24 ? "aot" : "cds";
        return scriptWith("-Xlog:" + log + "=info -Xlog:class+load=info", args);
    }

    /** Runs {@code ./dataflows args} with {@code DATAFLOWS_JAVA_OPTS=javaOptions}; stdout, which must exit 0. */
    private String scriptWith(String javaOptions, String... args) throws Exception {
        Path root = repositoryRoot();
        List<String> command = new ArrayList<>(List.of(root.resolve("dataflows").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("DATAFLOWS_CDS");
        pb.environment().put("DATAFLOWS_JAVA_OPTS", javaOptions);
        Process process = pb.start();
        // Recording an archive takes a few seconds; rebuilding a stale jar, which the script does first, minutes.
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./dataflows " + String.join(" ", args) + " did not end within ten minutes");
        }
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code of ./dataflows %s; stderr: %s", String.join(" ", args), err)
                .isZero();
        return out;
    }

    /** The directory of the {@code dataflows} script: the module's parent. */
    private static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("dataflows"))) {
            root = root.getParent();
        }
        assertThat(root).as("a directory with the dataflows script above the working directory").isNotNull();
        return root;
    }
}

package io.dataflows.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataflowEngine;
import io.dataflows.dot.DotExporter;
import io.dataflows.micrometer.MicrometerRunListener;
import io.dataflows.scheduler.DataflowScheduler;
import io.dataflows.spi.RunnerProvider;
import io.dataflows.spi.StepType;
import io.dataflows.steps.Steps;
import io.dataflows.testing.StepHarness;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published modules on the module path, where the tests (on the class path) do not go: their descriptors
 * export the API and SPI packages only, and an application module ({@link ModularExample}) started with
 * {@code java -p ... -m} runs a dataflow of built-in step types and its own, in both expression modes.
 */
class ModulePathTest {

    /** The example's file hashes, as PHP 8.2 hash('xxh3') and hash('tiger192,4') give them. */
    private static final String HASHES = "hashes: finalised 5731d7461b56ad8c"
            + " e078f2ee9e2ee78aaa95b2629bf8ca2f540618c0cb373974\n";

    @TempDir
    Path dir;

    private static ModuleDescriptor descriptor(Class<?> of, String name) throws URISyntaxException {
        Path location = location(of);
        ModuleDescriptor module = ModuleFinder.of(location).find(name)
                .orElseThrow(() -> new AssertionError("no module " + name + " in " + location)).descriptor();
        assertThat(module.isAutomatic()).as(name + " has a module-info").isFalse();
        assertThat(module.isOpen()).as(name + " is an open module").isFalse();
        return module;
    }

    private static Path location(Class<?> of) throws URISyntaxException {
        return Path.of(of.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Set<String> exports(ModuleDescriptor module) {
        return module.exports().stream().map(e -> e.source() + (e.isQualified() ? " to " + e.targets() : ""))
                .collect(Collectors.toSet());
    }

    private static Set<String> opens(ModuleDescriptor module) {
        return module.opens().stream().map(o -> o.source() + (o.isQualified() ? " to " + o.targets() : ""))
                .collect(Collectors.toSet());
    }

    @Test
    void thePublishedModulesExportTheirApiAndSpiOnly() throws Exception {
        ModuleDescriptor core = descriptor(DataflowEngine.class, "io.dataflows.core");
        assertThat(exports(core)).containsExactlyInAnyOrder("io.dataflows", "io.dataflows.graph", "io.dataflows.spi");
        assertThat(opens(core)).containsExactly("io.dataflows.internal.expr to [org.apache.commons.jexl3]");
        assertThat(core.uses()).containsExactlyInAnyOrder(StepType.class.getName(),
                RunnerProvider.class.getName());
        assertThat(core.packages()).contains("io.dataflows.internal.engine", "io.dataflows.internal.expr");

        ModuleDescriptor steps = descriptor(Steps.class, "io.dataflows.steps");
        assertThat(exports(steps)).containsExactly("io.dataflows.steps");
        assertThat(steps.opens()).isEmpty();
        assertThat(steps.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo(StepType.class.getName());
            assertThat(p.providers()).hasSizeGreaterThan(40).allMatch(c -> c.startsWith("io.dataflows.steps.internal."));
        });

        ModuleDescriptor scheduler = descriptor(DataflowScheduler.class, "io.dataflows.scheduler");
        assertThat(exports(scheduler)).containsExactly("io.dataflows.scheduler");
        assertThat(opens(scheduler)).containsExactly("io.dataflows.scheduler.internal to [org.quartz]");

        ModuleDescriptor http = descriptor(Class.forName("io.dataflows.http.internal.CurlStep"), "io.dataflows.http");
        assertThat(http.exports()).isEmpty();
        assertThat(http.opens()).isEmpty();
        assertThat(http.provides()).singleElement().satisfies(p -> assertThat(p.providers()).containsExactly(
                "io.dataflows.http.internal.CurlStep$Connector", "io.dataflows.http.internal.CurlStep$Flow"));

        ModuleDescriptor aws = descriptor(Class.forName("io.dataflows.aws.internal.SnsNotifyStep"), "io.dataflows.aws");
        assertThat(aws.exports()).isEmpty();
        assertThat(aws.opens()).isEmpty();
        assertThat(aws.provides()).singleElement().satisfies(p -> assertThat(p.providers()).containsExactly(
                "io.dataflows.aws.internal.S3CopyStep$Connector", "io.dataflows.aws.internal.S3CopyStep$Flow",
                "io.dataflows.aws.internal.SnsNotifyStep"));

        ModuleDescriptor mail = descriptor(Class.forName("io.dataflows.mail.SmtpServer"), "io.dataflows.mail");
        assertThat(exports(mail)).containsExactly("io.dataflows.mail");
        assertThat(mail.opens()).isEmpty();
        assertThat(mail.provides()).singleElement().satisfies(p -> assertThat(p.providers()).containsExactly(
                "io.dataflows.mail.internal.EmailStep$Connector", "io.dataflows.mail.internal.EmailStep$Flow"));

        ModuleDescriptor sftp = descriptor(Class.forName("io.dataflows.sftp.internal.SftpCopyStep"), "io.dataflows.sftp");
        assertThat(sftp.exports()).isEmpty();
        assertThat(sftp.opens()).isEmpty();
        assertThat(sftp.provides()).singleElement().satisfies(p -> assertThat(p.providers()).containsExactly(
                "io.dataflows.sftp.internal.SftpCopyStep$Connector", "io.dataflows.sftp.internal.SftpCopyStep$Flow",
                "io.dataflows.sftp.internal.SftpDirectoryFileListConnector",
                "io.dataflows.sftp.internal.SftpDirectoryFileListReader"));

        ModuleDescriptor dot = descriptor(DotExporter.class, "io.dataflows.dot");
        assertThat(exports(dot)).containsExactly("io.dataflows.dot");
        assertThat(dot.opens()).isEmpty();

        ModuleDescriptor testing = descriptor(StepHarness.class, "io.dataflows.testing");
        assertThat(exports(testing)).containsExactly("io.dataflows.testing");
        assertThat(testing.opens()).isEmpty();
        assertThat(testing.provides()).isEmpty();
        // its API is core's types and JUnit's test classes: both modules are read by whoever reads it
        assertThat(testing.requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name))
                .containsExactlyInAnyOrder("io.dataflows.core", "org.junit.jupiter.api");

        ModuleDescriptor micrometer = descriptor(MicrometerRunListener.class, "io.dataflows.micrometer");
        assertThat(exports(micrometer)).containsExactly("io.dataflows.micrometer");
        assertThat(micrometer.opens()).isEmpty();
        assertThat(micrometer.provides()).isEmpty();
        // its public constructor takes Micrometer's MeterRegistry: both modules are read by whoever reads it
        assertThat(micrometer.requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name))
                .containsExactlyInAnyOrder("io.dataflows.core", "micrometer.core");
    }

    @Test
    void theMetricsModuleResolvesOnTheModulePathWithMicrometer() throws Exception {
        List<Path> modulePath = new ArrayList<>();
        for (String entry : Files.readString(Path.of("target", "module-path.txt")).strip().split(File.pathSeparator)) {
            modulePath.add(Path.of(entry));
        }
        modulePath.add(location(MicrometerRunListener.class));
        modulePath.add(location(MeterRegistry.class));

        Configuration resolved = Configuration.resolve(ModuleFinder.of(modulePath.toArray(Path[]::new)),
                List.of(ModuleLayer.boot().configuration()), ModuleFinder.of(), Set.of("io.dataflows.micrometer"));

        assertThat(resolved.findModule("io.dataflows.micrometer").orElseThrow().reads())
                .extracting(m -> m.name()).contains("io.dataflows.core", "micrometer.core");
    }

    @Test
    void anApplicationModuleRunsADataflowOnTheModulePathAndCannotReadTheInternals() throws Exception {
        List<String> modulePath = new ArrayList<>(List.of(
                Files.readString(Path.of("target", "module-path.txt")).strip().split(File.pathSeparator)));
        modulePath.add(Path.of("target", "classes").toAbsolutePath().toString());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Path work = Files.createDirectory(dir.resolve("work"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", String.join(File.pathSeparator, modulePath),
                "-m", "io.dataflows.examples/" + ModularExample.class.getName(), work.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = process.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }

        assertThat(ended).as("the example ended").isTrue();
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(errors).isZero();
        assertThat(errors).doesNotContain("WARN", "Exception");
        String people = """
                {"name":"AROHA","age":"34","greeting":"Kia ora, Aroha! (35 next year)"}
                {"name":"CHLOÉ","age":"52","greeting":"Kia ora, Chloé! (53 next year)"}
                """;
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(
                "module io.dataflows.examples reads io.dataflows.core: io.dataflows, io.dataflows.graph, "
                + "io.dataflows.spi\n"
                + "COMPILED: finalised\n" + people
                + "JEXL: finalised\n" + people
                + HASHES
                + "webhook: finalised Kia ora, Aroha!\n");
    }

    @Test
    void onTheClassPathTheSameExampleWritesTheSame() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModularExample.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith(
                "On the class path: nothing hides the engine's internal packages.\nCOMPILED: finalised\n")
                .endsWith("JEXL: finalised\n"
                        + "{\"name\":\"AROHA\",\"age\":\"34\",\"greeting\":\"Kia ora, Aroha! (35 next year)\"}\n"
                        + "{\"name\":\"CHLOÉ\",\"age\":\"52\",\"greeting\":\"Kia ora, Chloé! (53 next year)\"}\n"
                        + HASHES
                        + "webhook: finalised Kia ora, Aroha!\n");
    }
}

package io.dataflows.dot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataflowEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Rendering through the real Graphviz {@code dot} (installed at /usr/bin/dot) and through fake ones. */
class GraphvizTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = DataflowEngine.builder().stepRegistry(DotTestTypes.registry()).build();

    private DotExporter.Builder exporter() {
        return DotExporter.builder().engine(engine);
    }

    /** An executable shell script standing in for dot. */
    private Path script(String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }

    @Test
    void groupsRenderAsLabelledClusters() {
        DotExporter exporter = exporter().build();
        String dot = exporter.toDot(Flows.usersByRegion(), List.of(
                new StepGroup("Beam workers", List.of("read", "route", "write_nz", "write_other"))));

        String svg = new String(exporter.render(dot, ImageFormat.SVG), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(svg).contains("<title>cluster_0</title>").contains(">Beam workers</text>");
    }

    @Test
    void svgParsesAsXmlWithAnSvgRoot() throws Exception {
        byte[] svg = exporter().build().render(Flows.usersByRegion(), ImageFormat.SVG);

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));

        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(new String(svg, java.nio.charset.StandardCharsets.UTF_8)).contains("<svg")
                .contains("xlink:title=\"Users from the &quot;HR&quot; export\"");
    }

    @Test
    void missingDotSaysHowToInstallGraphvizAndDotTextStaysAvailable() {
        DotExporter exporter = exporter().dotCommand(dir.resolve("no-such-dot").toString()).build();

        assertThatThrownBy(() -> exporter.render(Flows.usersByRegion(), ImageFormat.SVG))
                .isInstanceOf(GraphvizNotFoundException.class)
                .hasMessageStartingWith("Graphviz \"" + dir.resolve("no-such-dot") + "\" could not be run (")
                .hasMessageContaining("apt-get install graphviz")
                .hasMessageContaining("brew install graphviz")
                .hasMessageContaining("https://graphviz.org/download/")
                .satisfies(e -> assertThat(((GraphvizNotFoundException) e).command())
                        .isEqualTo(dir.resolve("no-such-dot").toString()));
        assertThat(exporter.toDot(Flows.usersByRegion())).startsWith("digraph G {\n");
    }

    @Test
    void dotThatDoesNotFinishInTimeIsKilled() throws Exception {
        // given: a "dot" that starts a long sleep as a child process and waits for it
        Path pidFile = dir.resolve("child.pid");
        Path slow = script("slow-dot", "sleep 60 &\necho $! > " + pidFile + "\nwait");
        DotExporter exporter = exporter().dotCommand(slow.toString()).timeout(Duration.ofSeconds(1)).build();

        // when
        long start = System.nanoTime();
        assertThatThrownBy(() -> exporter.render(Flows.usersByRegion(), ImageFormat.SVG))
                .isInstanceOf(GraphvizException.class)
                .hasMessage("\"" + slow + " -Tsvg\" did not finish within 1 s and was killed");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // then: it gave up at the deadline, and the script's child is gone too
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        long child = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(child).ifPresent(p -> p.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .join());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void anythingDotWritesToStderrFailsTheRendering() throws IOException {
        Path chatty = script("chatty-dot", "cat > /dev/null\necho '<svg/>'\necho 'Warning: font Arial not found' >&2");
        DotExporter exporter = exporter().dotCommand(chatty.toString()).build();

        assertThatThrownBy(() -> exporter.render(Flows.usersByRegion(), ImageFormat.PNG))
                .isInstanceOf(GraphvizException.class)
                .hasMessage("\"" + chatty + " -Tpng\" failed (exit code 0): Warning: font Arial not found");
    }

    @Test
    void dotExitingWithAnErrorFailsTheRendering() throws IOException {
        Path failing = script("failing-dot", "cat > /dev/null\nexit 3");
        DotExporter exporter = exporter().dotCommand(failing.toString()).build();

        assertThatThrownBy(() -> exporter.render(Flows.usersByRegion(), ImageFormat.SVG))
                .isInstanceOf(GraphvizException.class)
                .hasMessage("\"" + failing + " -Tsvg\" failed with exit code 3");
    }

    @Test
    void syntaxErrorsOfRealDotAreReported() {
        assertThatThrownBy(() -> exporter().build().render("digraph G { a -> ; }", ImageFormat.SVG))
                .isInstanceOf(GraphvizException.class)
                .hasMessage("\"dot -Tsvg\" failed (exit code 1): Error: <stdin>: syntax error in line 1 near ';'");
    }

    @Test
    void largeGraphsDoNotDeadlockThePipes() {
        // a DOT text far larger than a pipe buffer, and an SVG output larger than one too
        StringBuilder dot = new StringBuilder("digraph G {\n");
        for (int i = 0; i < 3000; i++) {
            dot.append("  \"node number ").append(i).append("\" [tooltip=\"").append("x".repeat(40)).append("\"];\n");
        }
        byte[] svg = exporter().build().render(dot.append("}\n").toString(), ImageFormat.SVG);

        assertThat(svg.length).isGreaterThan(200_000);
    }
}

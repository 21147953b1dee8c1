package io.dataflows.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataflowException;
import io.dataflows.spi.PathAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathResolverTest {

    @TempDir
    Path base;

    @TempDir
    Path outside;

    @Test
    void aDanglingSymlinkToOutsideIsRefusedWithThePathMessage() throws Exception {
        Files.createSymbolicLink(base.resolve("link"), outside.resolve("not-yet.txt"));
        PathResolver paths = new PathResolver(base, null, List.of());

        assertThatThrownBy(() -> paths.resolve("link", PathAccess.WRITE))
                .isInstanceOf(DataflowException.class)
                .hasMessage("Path \"link\" is not permitted.");
        assertThat(paths.isInScratch(base.resolve("link"))).isFalse();
    }

    @Test
    void aDanglingSymlinkToInsideIsFollowed() throws Exception {
        Files.createDirectories(base.resolve("sub"));
        Files.createSymbolicLink(base.resolve("link"), Path.of("sub/not-yet.txt"));
        PathResolver paths = new PathResolver(base, null, List.of());

        assertThat(paths.resolve("link", PathAccess.WRITE)).isEqualTo(base.toRealPath().resolve("link"));
        assertThat(PathResolver.realOf(base.resolve("link"))).isEqualTo(base.toRealPath().resolve("sub/not-yet.txt"));
    }

    @Test
    void aChainOfDanglingSymlinksIsFollowedToItsEnd() throws Exception {
        Files.createSymbolicLink(base.resolve("b"), outside.resolve("gone/x.txt"));
        Files.createSymbolicLink(base.resolve("a"), base.resolve("b"));

        assertThat(PathResolver.realOf(base.resolve("a/child"))).isEqualTo(outside.toRealPath()
                .resolve("gone/x.txt/child"));
        assertThat(new PathResolver(base, null, List.of()).isPermitted(base.resolve("a/child"))).isFalse();
    }

    @Test
    void aSymlinkLoopIsRefused() throws Exception {
        Files.createSymbolicLink(base.resolve("a"), base.resolve("b"));
        Files.createSymbolicLink(base.resolve("b"), base.resolve("a"));
        PathResolver paths = new PathResolver(base, null, List.of());

        assertThat(PathResolver.realOf(base.resolve("a"))).isNull();
        assertThatThrownBy(() -> paths.resolve("a", PathAccess.READ)).hasMessage("Path \"a\" is not permitted.");
    }

    @Test
    void permittedDirectoriesMayEndWithASlashOrBeSymlinks() throws Exception {
        Path real = Files.createDirectories(outside.resolve("data"));
        Files.writeString(real.resolve("f.txt"), "x");
        Path link = Files.createSymbolicLink(base.resolve("data-link"), real);

        PathResolver slash = new PathResolver(base, null, List.of(Path.of(real + "/")));
        assertThat(slash.resolve(real + "/f.txt", PathAccess.READ)).isEqualTo(real.resolve("f.txt"));

        PathResolver viaLink = new PathResolver(Files.createDirectories(outside.resolve("base")), null, List.of(link));
        assertThat(viaLink.isPermitted(real.resolve("f.txt"))).isTrue();
        assertThat(viaLink.isPermitted(link.resolve("f.txt"))).isTrue();
        assertThat(viaLink.isPermitted(outside.resolve("other.txt"))).isFalse();
    }
    @Test
    void aLeadingDataRootStandsForTheDataRootInPathsAndPermittedDirectoriesAsInMoodle() throws Exception {
        // tool_dataflows: "[dataroot]/tmp" in permitted_dirs permits <dataroot>/tmp; "[dataroot]" alone is not
        // permitted by it; a "[dataroot]" that is not at the start stays as written
        Path root = Files.createDirectories(outside.resolve("moodledata"));
        Files.createDirectories(root.resolve("tmp"));
        PathResolver paths = new PathResolver(base, null, List.of(Path.of("[dataroot]/tmp")), root);

        assertThat(paths.resolve("[dataroot]/tmp/one/path", PathAccess.WRITE))
                .isEqualTo(root.resolve("tmp/one/path"));
        assertThatThrownBy(() -> paths.resolve("[dataroot]/other.txt", PathAccess.READ))
                .isInstanceOf(DataflowException.class)
                .hasMessage("Path \"[dataroot]/other.txt\" is not permitted.");
        assertThat(paths.resolve("sub/[dataroot]/x", PathAccess.READ)).isEqualTo(base.resolve("sub/[dataroot]/x"));
        assertThat(paths.expand("[dataroot]")).isEqualTo(root.toString());
    }

    @Test
    void aDataRootPathWithoutADataRootIsAClearError() {
        PathResolver paths = new PathResolver(base, null, List.of(Path.of("[dataroot]/tmp")));

        assertThatThrownBy(() -> paths.resolve("[dataroot]/tmp/x", PathAccess.READ))
                .isInstanceOf(DataflowException.class)
                .hasMessage("Path \"[dataroot]/tmp/x\" starts with [dataroot], but no data root is set: set "
                        + "DataflowEngine.Builder.dataRoot (--data-root on the command line) or a base directory.");
    }
}

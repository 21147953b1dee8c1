package io.dataflows.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.Definitions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Definitions read from streams, readers and classpath resources, named in every error location. */
class DefinitionSourcesTest {

    private static final String YAML = "name: Streamed\nsteps:\n  one:\n    type: test_connector\n";
    private static final String BAD_YAML = "name: Streamed\nsteps:\n  one:\n    type: test_connector\n"
            + "    depends_on: nope\n";

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsYamlFromAnInputStreamAndLeavesItOpen() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(YAML.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        Dataflow flow = Definitions.read(in, "upload.yml");

        assertThat(flow.name()).isEqualTo("Streamed");
        assertThat(flow.aliases()).containsExactly("one");
        assertThat(closed[0]).isFalse();
    }

    @Test
    void readsJsonFromAnInputStreamWhenTheSourceEndsInJson() {
        Dataflow flow = Definitions.read(bytes("{\"name\": \"J\", \"steps\": {\"a\": {\"type\": \"test_connector\"}}}"),
                "upload.JSON");

        assertThat(flow.name()).isEqualTo("J");
        assertThat(flow.aliases()).containsExactly("a");
    }

    @Test
    void anInputStreamErrorIsLocatedInTheNamedSource() {
        assertThatThrownBy(() -> Definitions.read(bytes(BAD_YAML), "upload.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("upload.yml:5:17: one: The step dependency \"nope\" does not exist.");
    }

    @Test
    void anInputStreamThatIsNotUtf8OrTooLargeIsRefused() {
        assertThatThrownBy(() -> Definitions.read(new ByteArrayInputStream(new byte[] {'a', (byte) 0xC3, '('}),
                "latin.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("latin.yml: The input is not UTF-8 text.");
        assertThatThrownBy(() -> Definitions.read(bytes(YAML), "big.yml", 10))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("big.yml: The input is larger than 10 bytes, the limit for a definition.");
    }

    @Test
    void aFailingInputStreamIsADefinitionError() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset");
            }
        };

        assertThatThrownBy(() -> Definitions.read(failing, "remote.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("remote.yml: Cannot read the input: Connection reset")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void readsFromAReaderWithTheSourceInErrors() {
        assertThat(Definitions.read(new StringReader(YAML), "inline.yml").name()).isEqualTo("Streamed");

        assertThatThrownBy(() -> Definitions.read(new StringReader(BAD_YAML), "inline.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("inline.yml:5:17: one: The step dependency \"nope\" does not exist.");
        assertThatThrownBy(() -> Definitions.read(new StringReader(YAML), "inline.yml", 20))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("inline.yml: The input is longer than 20 characters, the limit for a definition.");
    }

    @Test
    void readsAClasspathResource() {
        Dataflow flow = Definitions.readResource("flows/tiny.json");
        Dataflow same = Definitions.readResource("/flows/tiny.json");

        assertThat(flow.name()).isEqualTo("Tiny");
        assertThat(same.aliases()).containsExactly("one");
    }

    @Test
    void aClasspathResourceIsNamedInErrorLocations() {
        assertThatThrownBy(() -> Definitions.readResource("flows/bad-dependency.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("classpath:flows/bad-dependency.yml:7:17: write: The step dependency \"reed\" does not "
                        + "exist.")
                .satisfies(e -> assertThat(((DataflowDefinitionException) e).source())
                        .contains("classpath:flows/bad-dependency.yml"));
    }

    @Test
    void aMissingResourceIsADefinitionError() {
        assertThatThrownBy(() -> Definitions.readResource("flows/nope.yml"))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessage("classpath:flows/nope.yml: There is no such resource on the classpath.");
    }

    @Test
    void readsAResourceThroughAGivenClassLoader(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("plugin"));
        Files.writeString(dir.resolve("plugin/flow.yml"), YAML);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(Definitions.readResource("plugin/flow.yml", loader).name()).isEqualTo("Streamed");
            assertThatThrownBy(() -> Definitions.readResource("flows/tiny.json", loader))
                    .hasMessage("classpath:flows/tiny.json: There is no such resource on the classpath.");
        }
    }
}

package io.dataflows.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP listings against a real server: patterns, kinds of entry, return values, sorting, slicing. */
class SftpListTest {

    @TempDir
    Path remote;

    @TempDir
    Path local;

    private final TestKit kit = new TestKit();
    private SftpTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SftpTestServer(remote);
        Path in = Files.createDirectories(remote.resolve("in"));
        for (String name : List.of("b.csv", "a.csv", "10.csv", "9.csv", "notes.txt", ".hidden.csv")) {
            Files.writeString(in.resolve(name), name);
        }
        Files.createDirectories(in.resolve("sub"));
        Files.writeString(in.resolve("sub/deep.csv"), "deep");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private DataflowEngine engine() {
        return kit.builder().permittedDirectory(local).baseDirectory(local).build();
    }

    private String connection() {
        return "host: 127.0.0.1, port: " + server.port() + ", username: " + SftpTestServer.USER + ", password: '"
                + SftpTestServer.PASSWORD + "'";
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(String config) {
        Dataflow flow = Definitions.readYaml(String.join("\n",
                "name: list",
                "steps:",
                "  list:",
                "    type: connector_sftp_directory_file_list",
                "    config: {" + connection() + ", " + config + "}"), "list.yml");
        RunResult result = engine().run(flow);
        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        return (List<Object>) result.variable("steps.list.vars.filenames").orElseThrow();
    }

    @Test
    void listsTheNamesMatchingAPatternInTheOrderAsked() {
        assertThat(list("directory: in, pattern: '*.csv', sort: natural"))
                .containsExactly(".hidden.csv", "9.csv", "10.csv", "a.csv", "b.csv");
        assertThat(list("directory: 'sftp://in', pattern: '*.csv', sort: alpha"))
                .containsExactly(".hidden.csv", "10.csv", "9.csv", "a.csv", "b.csv");
        assertThat(list("directory: in, pattern: '*.csv', sort: alpha_reverse, offset: 1, limit: 2"))
                .containsExactly("a.csv", "9.csv");
        assertThat(list("directory: in, pattern: '[ab].*'")).containsExactly("a.csv", "b.csv");
    }

    @Test
    void directoriesAreListedOnlyWithSubdirectoriesAndTheListingIsNotRecursive() {
        assertThat(list("directory: in, pattern: 's*'")).isEmpty();
        assertThat(list("directory: in, pattern: 's*', subdirectories: true")).containsExactly("sub");
        // tool_dataflows tested the key with isset, so false listed directories too; false leaves them out
        assertThat(list("directory: in, pattern: 's*', subdirectories: false")).isEmpty();
        assertThat(list("directory: in, pattern: '*deep*', subdirectories: true")).isEmpty();
    }

    /** PHP 8.2: natsort(["file10.txt", "a.csv", "File10.txt", "file2.txt"]): File10.txt a.csv file2.txt file10.txt. */
    @Test
    void naturalSortIsCaseSensitiveAsPhpNatsort() throws Exception {
        Path mixed = Files.createDirectories(remote.resolve("mixed"));
        for (String name : List.of("file10.txt", "a.csv", "File10.txt", "file2.txt")) {
            Files.writeString(mixed.resolve(name), name);
        }
        assertThat(list("directory: mixed, sort: natural"))
                .containsExactly("File10.txt", "a.csv", "file2.txt", "file10.txt");
    }

    @Test
    void returnsBaseNamesRelativeOrAbsoluteRemotePaths() {
        assertThat(list("directory: in, pattern: 'a.csv', returnvalue: basename")).containsExactly("a.csv");
        assertThat(list("directory: in, pattern: 'a.csv', returnvalue: relativepath")).containsExactly("a.csv");
        assertThat(list("directory: in, pattern: 'a.csv', returnvalue: absolutepath")).containsExactly("in/a.csv");
        assertThat(list("directory: '/in/', pattern: 'a.csv', returnvalue: absolutepath"))
                .containsExactly("/in/a.csv");
    }

    @Test
    void aMissingDirectoryListsNothing() {
        assertThat(list("directory: nowhere")).isEmpty();
    }

    @Test
    void theReaderEmitsOneRecordPerFileAndFlowSftpDownloadsEachOverOneSession() throws Exception {
        Files.createDirectories(local.resolve("got"));
        Dataflow flow = Definitions.readYaml(String.join("\n",
                "name: fetch-all",
                "steps:",
                "  list:",
                "    type: reader_sftp_directory_file_list",
                "    config: {" + connection() + ", directory: in, pattern: '[0-9]*.csv', sort: natural,"
                        + " returnvalue: absolutepath}",
                "  fetch:",
                "    type: flow_sftp",
                "    depends_on: list",
                "    config: {" + connection() + ", source: 'sftp://${{ record.filename }}', target: 'got/'}",
                "  sink:",
                "    type: test_sink",
                "    depends_on: fetch"), "fetch-all.yml");

        RunResult result = engine().run(flow);

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).extracting(r -> r.get("filename"))
                .containsExactly("in/9.csv", "in/10.csv");
        assertThat(kit.sink().records("sink")).extracting(r -> r.asMap().keySet())
                .containsOnly(java.util.Set.of("filename"));
        assertThat(local.resolve("got/9.csv")).hasContent("9.csv");
        assertThat(local.resolve("got/10.csv")).hasContent("10.csv");
        assertThat(result.variable("steps.fetch.target")).contains(local.resolve("got/10.csv").toString());
        assertThat(server.sessionsOpened()).isEqualTo(2); // one for the listing, one for both downloads
    }
}

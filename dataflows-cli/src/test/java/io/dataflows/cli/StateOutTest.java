package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --state-out}: its {@code variables} are exactly the tree expressions see, and the file is written
 * atomically — the command fails rather than leave a truncated or missing state, and the previous file survives.
 */
class StateOutTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private Path simpleFlow() throws IOException {
        return file("simple.yml", "name: simple\nsteps:\n  a: {type: test_connector}\n");
    }

    private String stateDir() {
        return dir.resolve("state").toString();
    }

    /** The JSON with what differs from run to run (ids, times, directories) replaced by placeholders. */
    private String normalized(String json) {
        return json.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"", "\"<time>\"")
                .replaceAll("\"/[^\"]*/dataflows-run-[^\"]*\"", "\"<scratch>\"")
                .replace("\"" + dir + "\"", "\"<dir>\"")
                .replaceAll("\"millis\": \\d+", "\"millis\": <millis>");
    }

    @Test
    void variablesAreWhatExpressionsSeeWithAnErrorMarkerForWhatCannotBeEvaluated() throws Exception {
        Path flow = file("shown.yml", """
                name: shown
                vars:
                  base: 10
                  derived: '${{ dataflow.vars.base + 777 }}'
                  later: '${{ steps.a.vars.twice }}'
                  broken: '${{ dataflow.vars.text + 1 }}'
                  text: plain
                steps:
                  a:
                    type: test_connector
                    config:
                      value: '${{ dataflow.vars.derived }}'
                    vars:
                      twice: '${{ dataflow.vars.derived * 2 }}'
                """);
        Path stateOut = dir.resolve("state.json");

        CliResult r = CliResult.run("run", flow.toString(), "--global", "g=hello", "--global",
                "gt=${{ global.vars.g ~ '!' }}", "--var", "opt=${{ vars.base * 2 }}", "--state-dir", stateDir(),
                "--state-out", stateOut.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(normalized(Files.readString(stateOut, StandardCharsets.UTF_8))).isEqualTo("""
                {
                    "dataflow": "shown",
                    "run": {
                        "id": "<id>",
                        "name": "1",
                        "dryrun": false
                    },
                    "status": "finalised",
                    "error": null,
                    "failedstep": null,
                    "failedrecord": null,
                    "steps": {
                        "a": {
                            "status": "finalised",
                            "recordsin": 0,
                            "recordsout": 0,
                            "millis": <millis>
                        }
                    },
                    "effects": [],
                    "variables": {
                        "global": {
                            "vars": {
                                "g": "hello",
                                "gt": "hello!"
                            }
                        },
                        "dataflow": {
                            "id": 255696285,
                            "name": "shown",
                            "description": "",
                            "config": {
                                "enabled": true,
                                "concurrencyenabled": false
                            },
                            "vars": {
                                "base": 10,
                                "derived": 787,
                                "later": 1574,
                                "broken": {
                                    "$error": "Unsupported operand for '+': 'plain' is not a number in expression \
                'dataflow.vars.text + 1'"
                                },
                                "text": "plain",
                                "opt": 20
                            },
                            "states": {
                                "new": "<time>",
                                "initialised": "<time>",
                                "processing": "<time>",
                                "finished": "<time>",
                                "finalised": "<time>"
                            }
                        },
                        "run": {
                            "id": "<id>",
                            "name": "1",
                            "dryrun": false,
                            "scratchdir": "<scratch>",
                            "basedir": "<dir>",
                            "startedat": "<time>",
                            "trigger": {
                                "type": "manual"
                            }
                        },
                        "steps": {
                            "a": {
                                "id": 1,
                                "name": "a",
                                "alias": "a",
                                "description": "",
                                "depends_on": [],
                                "type": "test_connector",
                                "config": {
                                    "value": "${{ dataflow.vars.derived }}"
                                },
                                "vars": {
                                    "twice": 1574
                                },
                                "states": {
                                    "new": "<time>",
                                    "initialised": "<time>",
                                    "processing": "<time>",
                                    "finished": "<time>",
                                    "finalised": "<time>"
                                },
                                "value": 787
                            }
                        }
                    }
                }
                """);
    }

    @Test
    void aFailedRunNamesTheFailedStepAndSourceRecordAndCountsTheRecordsOfEveryStep() throws Exception {
        Path flow = TestFlows.failing(dir);
        Path stateOut = dir.resolve("state.json");

        CliResult r = CliResult.run("run", flow.toString(), "--state-dir", stateDir(), "--state-out",
                stateOut.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        String json = normalized(Files.readString(stateOut, StandardCharsets.UTF_8));
        assertThat(json.substring(0, json.indexOf("\n    \"variables\": {\n"))).isEqualTo("""
                {
                    "dataflow": "fails",
                    "run": {
                        "id": "<id>",
                        "name": "1",
                        "dryrun": false
                    },
                    "status": "aborted",
                    "error": "Dataflow aborted by step 'check' on record #2: Abort condition met: ${{ record.a == 2 }}",
                    "failedstep": "check",
                    "failedrecord": 2,
                    "steps": {
                        "read": {
                            "status": "aborted",
                            "recordsin": 0,
                            "recordsout": 2,
                            "millis": <millis>
                        },
                        "check": {
                            "status": "aborted",
                            "recordsin": 2,
                            "recordsout": 1,
                            "millis": <millis>
                        },
                        "sink": {
                            "status": "aborted",
                            "recordsin": 1,
                            "recordsout": 1,
                            "millis": <millis>
                        },
                        "after": {
                            "status": "not_run",
                            "recordsin": 0,
                            "recordsout": 0,
                            "millis": <millis>
                        }
                    },
                    "effects": [],""");
    }

    @Test
    void aDirectoryOrADeviceIsRefusedBeforeTheRunAndLeftAlone() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));

        CliResult toDirectory = CliResult.run("run", simpleFlow().toString(), "--state-dir", stateDir(),
                "--state-out", directory.toString());
        CliResult toDevice = CliResult.run("run", simpleFlow().toString(), "--state-dir", stateDir(),
                "--state-out", "/dev/full");

        assertThat(toDirectory.exit()).isEqualTo(64);
        assertThat(toDirectory.err()).isEqualTo("Invalid value for --state-out: cannot write the run state to "
                + directory + ": it is a directory; nothing ran.\n");
        assertThat(toDevice.exit()).isEqualTo(64);
        assertThat(toDevice.err()).isEqualTo("Invalid value for --state-out: cannot write the run state to "
                + "/dev/full: it is not a regular file; nothing ran.\n");
        assertThat(Files.isDirectory(directory)).isTrue();
        assertThat(Files.isRegularFile(Path.of("/dev/full"))).isFalse();
        assertThat(Files.exists(Path.of("/dev/full"))).isTrue();
        assertThat(dir.resolve("state")).doesNotExist(); // nothing ran
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsRefusedBeforeTheRun() throws Exception {
        Path notADirectory = file("file.txt", "x");
        Path target = notADirectory.resolve("sub/state.json");

        CliResult r = CliResult.run("run", simpleFlow().toString(), "--state-dir", stateDir(), "--state-out",
                target.toString());

        assertThat(r.exit()).isEqualTo(64);
        assertThat(r.err()).isEqualTo("Invalid value for --state-out: cannot write the run state to " + target
                + ": its directory " + notADirectory.resolve("sub") + " cannot be created (" + notADirectory
                + " is not a directory); nothing ran.\n");
        assertThat(Files.readString(notADirectory)).isEqualTo("x");
    }

    @Test
    void theFileIsReplacedWholeKeepingItsPermissionsAndLinks() throws Exception {
        Path real = file("real.json", "previous\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
        Path fresh = dir.resolve("new/dir/state.json");

        CliResult viaLink = CliResult.run("run", simpleFlow().toString(), "--state-dir", stateDir(),
                "--state-out", link.toString());
        CliResult inNewDirectory = CliResult.run("run", simpleFlow().toString(), "--state-dir", stateDir(),
                "--state-out", fresh.toString());

        assertThat(viaLink.exit()).as(viaLink.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).startsWith("{\n    \"dataflow\": \"simple\",").endsWith("}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-------");
        assertThat(inNewDirectory.exit()).as(inNewDirectory.err()).isZero();
        assertThat(Files.readString(fresh)).contains("\"name\": \"2\"");
        assertThat(temporaries(dir)).isEmpty();
    }

    @Test
    void aWriteThatFailsMidwayFailsTheCommandAndLeavesThePreviousFile() throws Exception {
        // A real process whose files may not grow beyond 32 KiB (ulimit -f): the state, 40 KiB, cannot be written.
        // Its database is an in-memory H2 of this JVM, reached over TCP, so that the process writes no other file.
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try {
            Path flow = file("big.yml", "name: big\nvars:\n  big: " + "x".repeat(40_000) + "\nsteps:\n"
                    + "  a: {type: test_connector}\n");
            Path stateOut = file("state.json", "previous\n");
            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -f 64 && exec \"$@\"", "sh"));
            List<String> java = CliProcess.command(List.of("run", flow.toString(), "--db",
                    "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:stateout" + Database.H2_OPTIONS,
                    "--state-out", stateOut.toString()));
            java.add(1, "-XX:-UsePerfData"); // the JVM's own performance file would exceed the limit too
            command.addAll(java);

            CliResult r = CliProcess.await(CliProcess.start(command, Map.of(), dir.resolve("process.out"),
                    dir.resolve("process.err")), dir);

            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).endsWith("Cannot write the run state to " + stateOut + ": File too large; the "
                    + "previous file, if any, is unchanged.\n");
            assertThat(Files.readString(stateOut)).isEqualTo("previous\n");
            assertThat(temporaries(dir)).isEmpty();
        } finally {
            server.stop();
        }
    }

    /** Temporary files of atomic writes left in {@code directory}. */
    private static List<Path> temporaries(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}

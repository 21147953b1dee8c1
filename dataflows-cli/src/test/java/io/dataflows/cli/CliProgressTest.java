package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress line of {@code dataflows run}: on a terminal (a pseudo-terminal made by util-linux's {@code script})
 * it is drawn in place on stderr and cleared at the end, and records printed on the same terminal never land inside
 * it; elsewhere it shows only with {@code --progress}, and never on standard output.
 */
class CliProgressTest {

    /** One drawing of the line: carriage return, the text, erase to the end of the line. */
    private static final Pattern DRAWN = Pattern.compile(
            "\r(read: [\\d,]+ records?(?:, [\\d,]+/s)?(?:, \\d+% of [\\d.]+ (?:B|KiB)(?:, \\d+:\\d\\d left)?)?)\033\\[K");

    @TempDir
    Path dir;

    /** 40 records, each held 50 ms by the pause step: a run of about two seconds. */
    private Path slowFlow() throws Exception {
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 40; i++) {
            csv.append(i).append(",name").append(i).append('\n');
        }
        Files.writeString(dir.resolve("people.csv"), csv);
        return Files.writeString(dir.resolve("slow.yml"), """
                name: slow
                steps:
                  read: {type: reader_csv, config: {path: people.csv}}
                  pause: {type: test_pause, depends_on: read, config: {millis: 50}}
                  print: {type: writer_debugging, depends_on: pause}
                """);
    }

    private List<String> run(List<String> args) {
        List<String> command = new ArrayList<>(CliProcess.command(args));
        command.addAll(List.of("--state-dir", dir.resolve("state").toString()));
        return command;
    }

    private static String shellQuoted(List<String> command) {
        return command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndClearedAndRecordsNeverLandInIt() throws Exception {
        Path flow = slowFlow();
        Path pty = dir.resolve("pty.out");
        // script runs the command on a pseudo-terminal (its stdin, stdout and stderr) and copies what it prints
        ProcessBuilder pb = new ProcessBuilder("script", "-qefc", shellQuoted(run(List.of("run", flow.toString()))),
                "/dev/null").redirectOutput(pty.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("COLUMNS", "200");
        Process process = pb.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("a hang guard").isTrue();
        String out = Files.readString(pty, StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(out).isZero();
        List<String> drawn = new ArrayList<>();
        Matcher m = DRAWN.matcher(out);
        while (m.find()) {
            drawn.add(m.group(1));
        }
        assertThat(drawn).as(out).hasSizeGreaterThanOrEqualTo(3);
        // over two seconds, drawn at most ten times a second (and only when the text changed)
        assertThat(drawn).hasSizeLessThanOrEqualTo(40);
        assertThat(drawn).anyMatch(t -> t.matches("read: [\\d,]+ records, [\\d,]+/s, \\d+% of 390 B(, \\d+:\\d\\d left)?"));
        // every record is written on a line of its own: the line was cleared before it, none of it is left beside it
        String withoutLine = DRAWN.matcher(out).replaceAll("").replace("\r\033[K", "");
        for (int i = 1; i <= 40; i++) {
            assertThat(withoutLine).contains("\n{\"id\":\"" + i + "\",\"name\":\"name" + i + "\"}\r\n");
        }
        assertThat(withoutLine).doesNotContain("\r{").doesNotContain("records{");
        // cleared at the end: every drawing is followed by a clearing before anything else is written
        assertClearedAfterEveryDrawing(out);
    }

    @Test
    void elsewhereItShowsOnlyWithTheProgressOptionAndOnlyOnStandardError() throws Exception {
        Path flow = slowFlow();
        Process plain = CliProcess.start(run(List.of("run", flow.toString())), Map.of(), dir.resolve("plain.out"),
                dir.resolve("plain.err"));
        assertThat(plain.waitFor(2, TimeUnit.MINUTES)).isTrue();
        Process forced = CliProcess.start(run(List.of("run", flow.toString(), "--progress")), Map.of(),
                dir.resolve("forced.out"), dir.resolve("forced.err"));
        assertThat(forced.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(plain.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("plain.err"))).doesNotContain("\r");
        assertThat(forced.exitValue()).isZero();
        String forcedErr = Files.readString(dir.resolve("forced.err"));
        assertThat(DRAWN.matcher(forcedErr).find()).as(forcedErr).isTrue();
        assertClearedAfterEveryDrawing(forcedErr);
        for (String name : List.of("plain.out", "forced.out")) {
            String stdout = Files.readString(dir.resolve(name));
            assertThat(stdout).doesNotContain("\r").doesNotContain("records");
            assertThat(stdout.lines()).hasSize(40);
        }
    }

    /** After each drawing comes another drawing or the clearing of the line, never other text. */
    private static void assertClearedAfterEveryDrawing(String text) {
        Matcher m = DRAWN.matcher(text);
        int drawings = 0;
        while (m.find()) {
            drawings++;
            String next = text.substring(m.end());
            assertThat(next.startsWith("\r\033[K") || DRAWN.matcher(next).lookingAt())
                    .as("after drawing %d: %s", drawings, next).isTrue();
        }
        assertThat(drawings).isPositive();
    }

    @Test
    void quietAndProgressExcludeEachOther() throws Exception {
        CliResult r = CliResult.run("run", slowFlow().toString(), "--quiet", "--progress");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--quiet and --progress exclude each other");
    }
}

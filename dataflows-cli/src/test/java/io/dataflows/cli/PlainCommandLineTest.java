package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class PlainCommandLineTest {

    private static final PrintStream NOWHERE = new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static RunCommand newRun() {
        return new RunCommand(NOWHERE, NOWHERE, Map.of(), null);
    }

    private static ValidateCommand newValidate() {
        return new ValidateCommand(NOWHERE, NOWHERE, Map.of());
    }

    /** Every option and parameter field of {@code command} and its mixins, by name, as picocli would have set it. */
    private static Map<String, Object> options(Object command) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : command.getClass().getDeclaredFields()) {
            f.setAccessible(true);
            if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                options(f.get(command)).forEach((k, v) -> values.put(f.getName() + "." + k, v));
            } else if (f.isAnnotationPresent(CommandLine.Option.class)
                    || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                values.put(f.getName(), f.get(command));
            }
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"run f.yml", "run --quiet f.yml", "run f.yml --dry-run --verbose",
        "run --progress --dry-run f.yml", "run --dry-run --quiet --verbose --progress dir/f.yml", "run x=1.yml",
        "run --read-ahead f.yml", "run f.yml --progress --read-ahead", "run --write-behind f.yml",
        "run f.yml --read-ahead --quiet --write-behind"})
    void setsTheRunCommandsFieldsAsPicocliDoes(String line) throws Exception {
        String[] args = line.split(" ");
        RunCommand byPicocli = newRun();
        new CommandLine(byPicocli).parseArgs(Arrays.copyOfRange(args, 1, args.length));
        RunCommand plain = newRun();

        assertThat(PlainCommandLine.readRun(args, plain)).isTrue();
        assertThat(options(plain)).isEqualTo(options(byPicocli)).containsKeys("stateDir", "runner", "smtp.url");
    }

    @Test
    void setsTheValidateCommandsFieldsAsPicocliDoes() throws Exception {
        ValidateCommand byPicocli = newValidate();
        new CommandLine(byPicocli).parseArgs("dir/f.yml");
        ValidateCommand plain = newValidate();

        assertThat(PlainCommandLine.readValidate(new String[] {"validate", "dir/f.yml"}, plain)).isTrue();
        assertThat(options(plain)).isEqualTo(options(byPicocli)).containsKey("flow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "run --help", "run -h f.yml", "run --version", "run --quiet",
        "run --quiet --quiet f.yml", "run f.yml g.yml", "run --var n=1 f.yml", "run --state-dir s f.yml",
        "run --quiet=true f.yml", "run -- f.yml", "run @args", "run -f.yml", "run f\u0000.yml"})
    void leavesEveryOtherRunCommandLineToPicocli(String line) throws Exception {
        RunCommand run = newRun();
        Map<String, Object> before = options(run);

        assertThat(PlainCommandLine.readRun(line.split(" "), run)).isFalse();
        assertThat(options(run)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "validate f.yml g.yml", "validate --allow d f.yml", "validate --help",
        "validate -h", "validate @args", "validate -- f.yml"})
    void leavesEveryOtherValidateCommandLineToPicocli(String line) {
        assertThat(PlainCommandLine.readValidate(line.split(" "), newValidate())).isFalse();
    }

    @Test
    void leavesAnEmptyFlowToPicocli() {
        assertThat(PlainCommandLine.readRun(new String[] {"run", ""}, newRun())).isFalse();
        assertThat(PlainCommandLine.readValidate(new String[] {"validate", ""}, newValidate())).isFalse();
    }

    @Test
    void aUsageErrorFoundWhileRunningIsReportedAsWithPicocli() throws IOException {
        Path flow = dir.resolve("f.yml");
        Files.writeString(flow, "name: f\nsteps:\n  a: {type: noop}\n");

        CliResult plain = CliResult.run("run", "--quiet", "--verbose", flow.toString());
        // With --state-dir picocli reads the command line.
        CliResult byPicocli = CliResult.run("run", "--quiet", "--verbose", "--state-dir",
                dir.resolve("state").toString(), flow.toString());

        assertThat(plain).isEqualTo(new CliResult(ExitCodes.USAGE, "", "--quiet and --verbose exclude each other\n"
                + "Try 'dataflows run --help'.\n"));
        assertThat(byPicocli).isEqualTo(plain);
    }
}

package io.dataflows.cli;

import io.dataflows.SecretProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The secrets of a {@code dataflows run} ({@code secrets.NAME} in expressions), so that a flow file never holds one:
 * <ol>
 *   <li>{@code --secret NAME=@FILE}: the content of FILE (UTF-8, at most {@value #MAX_BYTES} bytes; one trailing line
 *       end, {@code \n} or {@code \r\n}, removed). A pipe works too: {@code --secret pw=@<(pass show db)}. A value
 *       written on the command line ({@code NAME=VALUE}) is refused: every user of the machine could read it in the
 *       process list.
 *   <li>otherwise the environment variable {@code DATAFLOWS_SECRET_<NAME>} with NAME as written, and then with NAME
 *       upper-cased: {@code secrets.db_password} is {@code DATAFLOWS_SECRET_db_password}, else
 *       {@code DATAFLOWS_SECRET_DB_PASSWORD}.
 * </ol>
 * NAME consists of letters, digits and {@code _}. Secret values are redacted everywhere the run shows text.
 */
final class CliSecrets {

    /** The prefix of the environment variables that hold secrets. */
    static final String ENV_PREFIX = "DATAFLOWS_SECRET_";

    /** The largest secret file read; more is refused (and a device such as {@code /dev/zero} cannot hang the run). */
    static final int MAX_BYTES = 64 * 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private CliSecrets() {}

    /**
     * The provider for the {@code --secret} options and the environment {@code env}. Reads the files now.
     *
     * @throws CommandLine.ParameterException for an option that is not {@code NAME=@FILE}, without repeating its
     *     value (which may be a secret)
     * @throws CliSupport.Exit (usage) when a file cannot be read
     */
    static SecretProvider provider(List<String> options, Map<String, String> env, Supplier<CommandLine> cmd) {
        Map<String, String> fromFiles = new LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            String name = eq < 0 ? "" : option.substring(0, eq); // without '=' the whole value may be the secret
            if (!NAME.matcher(name).matches()) {
                throw new CommandLine.ParameterException(cmd.get(), "Invalid value for --secret: expected NAME=@FILE, "
                        + "NAME of letters, digits and _");
            }
            if (!option.startsWith("@", eq + 1) || option.length() == eq + 2) {
                throw new CommandLine.ParameterException(cmd.get(), "Invalid value for --secret " + name
                        + ": expected " + name + "=@FILE, the file holding the secret (a value on the command line "
                        + "would be visible to every user in the process list)");
            }
            if (fromFiles.containsKey(name)) {
                throw new CommandLine.ParameterException(cmd.get(), "--secret " + name + " is given twice");
            }
            fromFiles.put(name, read("the secret " + name, Path.of(option.substring(eq + 2))));
        }
        return SecretProvider.of(fromFiles).orElse(SecretProvider.environment(ENV_PREFIX, env));
    }

    /**
     * A secret kept in a file, such as the token of {@code --event-token-file}: its UTF-8 content (at most
     * {@value #MAX_BYTES} bytes) without one trailing line end.
     *
     * @param what what the file holds, for the message ({@code "the event token"})
     * @throws CliSupport.Exit (usage) when the file cannot be read
     */
    static String readFile(String what, Path file) {
        return read(what, file);
    }

    private static String read(String what, Path file) {
        String problem;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                problem = "it is larger than " + MAX_BYTES + " bytes";
            } else {
                return withoutLineEnd(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString());
            }
        } catch (CharacterCodingException e) {
            problem = "it is not UTF-8 text";
        } catch (FileSystemException e) {
            problem = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        } catch (IOException e) {
            problem = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        throw new CliSupport.Exit(ExitCodes.USAGE, "Cannot read " + what + " from " + file + ": " + problem);
    }

    private static String withoutLineEnd(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}

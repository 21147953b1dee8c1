package io.dataflows.sftp.internal;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.ListConstraints;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepValidation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listing shared by {@code connector_sftp_directory_file_list} and {@code reader_sftp_directory_file_list}: the
 * entries of one remote directory (not recursive), as tool_dataflows listed them. {@code pattern} is matched against
 * each entry's name with {@link FnMatch} ({@code *} also matches {@code /} and leading dots); directories are listed
 * only with {@code subdirectories}; then {@code returnvalue} ({@code basename}, {@code relativepath}: the same for a
 * listing of one directory, {@code absolutepath}: the directory joined with the name, without {@code sftp://}),
 * {@code sort}, {@code offset} and {@code limit} apply ({@link ListConstraints}). A missing directory lists nothing.
 */
final class SftpDirectoryFileList {

    private static final Logger log = LoggerFactory.getLogger(SftpDirectoryFileList.class);

    static final ConfigSchema CONFIG = SftpFields.connection(ConfigSchema.builder())
            .field(ConfigField.of("directory", FieldType.STRING).required().label("Directory")
                    .describe("The remote directory to list: a path on the server (sftp:// optional)"))
            .field(ConfigField.of("pattern", FieldType.STRING).defaultValue("*")
                    .describe("An fnmatch pattern each name must match (* ? [..]; * also matches / and dots); "
                            + "default *"))
            .field(ConfigField.of("returnvalue", FieldType.STRING).defaultValue(ListConstraints.BASENAME)
                    .oneOf(ListConstraints.BASENAME, ListConstraints.RELATIVEPATH, ListConstraints.ABSOLUTEPATH)
                    .describe("basename (default), relativepath or absolutepath"))
            .field(ConfigField.of("sort", FieldType.STRING).defaultValue(ListConstraints.ALPHA)
                    .oneOf(ListConstraints.ALPHA, ListConstraints.ALPHA_REVERSE, ListConstraints.NATURAL)
                    .describe("alpha (default), alpha_reverse or natural"))
            .field(ConfigField.of("subdirectories", FieldType.BOOLEAN)
                    .describe("Include directory entries in the list (not about recursion)"))
            .field(ConfigField.of("offset", FieldType.INTEGER).defaultValue(0L).minimum(0)
                    .describe("Entries to skip after sorting"))
            .field(ConfigField.of("limit", FieldType.INTEGER).defaultValue(0L).minimum(0)
                    .describe("At most this many entries; 0: no limit"))
            .build();

    private SftpDirectoryFileList() {}

    /** The checks both listing types make before a run. */
    static void validate(StepValidation validation) {
        SftpFields.validateCredentials(validation);
    }

    /** Lists as configured, over the step's session. */
    static List<String> list(StepContext ctx, SftpConnection connection) {
        StepConfig config = ctx.config();
        String directoryText = config.string("directory");
        String directory = RemotePaths.isRemote(directoryText) ? RemotePaths.strip(directoryText) : directoryText;
        if (directory.isEmpty()) {
            directory = ".";
        }
        String returnValue = choice(config, "returnvalue", ListConstraints.BASENAME, ListConstraints.RELATIVEPATH,
                ListConstraints.ABSOLUTEPATH);
        String sort = choice(config, "sort", ListConstraints.ALPHA, ListConstraints.ALPHA_REVERSE,
                ListConstraints.NATURAL);
        FnMatch pattern = FnMatch.compile(config.optionalString("pattern").orElse("*"));
        boolean includeDirectories = config.bool("subdirectories");
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        List<ListConstraints.Entry> entries = new ArrayList<>();
        SftpClient sftp = connection.sftp();
        try (SftpClient.CloseableHandle handle = sftp.openDir(directory)) {
            for (List<SftpClient.DirEntry> batch = sftp.readDir(handle); batch != null; batch = sftp.readDir(handle)) {
                for (SftpClient.DirEntry entry : batch) {
                    String name = entry.getFilename();
                    entries.add(new ListConstraints.Entry(name, prefix + name, entry.getAttributes().isDirectory()));
                }
            }
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                log.info("No files returned: {} does not exist on {}", directory, connection.address());
                return List.of();
            }
            throw listFailed(ctx, connection, directory, e);
        } catch (IOException e) {
            throw listFailed(ctx, connection, directory, e);
        }
        List<String> out = ListConstraints.apply(entries, returnValue, sort, config.integer("offset"),
                config.integer("limit"), includeDirectories, "", pattern::matches);
        if (out.isEmpty()) {
            log.info("No files returned from {} on {}", directory, connection.address());
        } else {
            log.debug("Found {} files in {} on {}", out.size(), directory, connection.address());
        }
        return out;
    }

    private static DataflowException listFailed(StepContext ctx, SftpConnection connection, String directory,
            IOException e) {
        return new DataflowException(ctx.redact("Cannot list \"" + directory + "\" on " + connection.address() + ": "
                + SftpConnection.reason(e) + " (config 'directory')"), e);
    }

    /**
     * The value of a field that must be one of {@code allowed} (case-insensitive; the first when absent): validation
     * checks static values, this those computed by expressions.
     */
    private static String choice(StepConfig config, String field, String... allowed) {
        String value = config.optionalString(field).orElse(allowed[0]);
        String lower = value.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        throw new DataflowException("Config '" + field + "' is invalid. Allowed values: " + String.join(", ", allowed)
                + " (got \"" + value + "\").");
    }
}

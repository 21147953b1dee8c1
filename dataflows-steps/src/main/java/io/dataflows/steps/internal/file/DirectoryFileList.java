package io.dataflows.steps.internal.file;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.ListConstraints;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listing shared by {@code connector_directory_file_list} and {@code reader_directory_file_list}.
 *
 * <p>Entries are found as tool_dataflows found them, with PHP's {@code glob(<directory>/<pattern>)}: wildcards stay
 * within one path segment, so {@code *.csv} lists the directory's own CSV files and {@code out/*.csv} those of
 * {@code out} (symlinks are listed, not followed); {@code {a,b}} alternatives work as with {@code GLOB_BRACE}.
 * Names with a leading dot are listed only when the pattern names a dot ({@code .*}). Directories are listed only
 * with {@code subdirectories}.
 * Every listed entry is checked against the permitted directories on its real path; one that leads outside (a
 * symlink) is left out with a warning. Then {@code returnvalue}, {@code sort}, {@code offset} and {@code limit}
 * apply. A missing directory lists nothing.
 */
final class DirectoryFileList {

    private static final Logger log = LoggerFactory.getLogger(DirectoryFileList.class);

    static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("directory", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The directory to list"))
            .field(ConfigField.of("pattern", FieldType.STRING).defaultValue("*")
                    .describe("A glob relative to the directory (* ? [..] {a,b}; wildcards do not cross /);"
                            + " default *"))
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

    private DirectoryFileList() {}

    /** Lists as configured. */
    static List<String> list(StepContext ctx) throws IOException {
        StepConfig config = ctx.config();
        Path directory = config.path("directory", PathAccess.READ);
        String returnValue = FileSteps.choice(config, "returnvalue", ListConstraints.BASENAME, ListConstraints.RELATIVEPATH,
                ListConstraints.ABSOLUTEPATH);
        String sort = FileSteps.choice(config, "sort", ListConstraints.ALPHA, ListConstraints.ALPHA_REVERSE,
                ListConstraints.NATURAL);
        String pattern = config.optionalString("pattern").orElse("*");
        Optional<BasicFileAttributes> attributes = ctx.files().attributes(directory);
        if (attributes.isEmpty()) {
            log.debug("No files returned: {} does not exist", directory);
            return List.of();
        }
        if (!attributes.get().isDirectory()) {
            throw new DataflowException("Cannot list \"" + directory
                    + "\": it is not a directory (config 'directory')");
        }
        FilePattern matcher = FilePattern.glob(pattern);
        boolean includeDirectories = config.bool("subdirectories");
        List<ListConstraints.Entry> entries = new ArrayList<>();
        // The listing walks the directory's real path (a symlink to a directory inside is listed as that directory)
        // and does not descend into symlinks below it; entries are reported under the configured path.
        for (Path p : ctx.files().list(directory, matcher.depth())) {
            String relative = directory.relativize(p).toString();
            if (!matcher.matchesPath(relative)) {
                continue;
            }
            try {
                FileSteps.check(ctx, "directory", p, PathAccess.READ);
            } catch (DataflowException e) {
                log.warn("Step '{}': leaving {} out of the list: {}", ctx.stepAlias(), p, e.getMessage());
                continue;
            }
            boolean isDirectory = FileSteps.isDirectory(ctx, p);
            if (isDirectory && !includeDirectories) {
                continue;
            }
            entries.add(new ListConstraints.Entry(relative, p.toString(), isDirectory));
        }
        List<String> out = ListConstraints.apply(entries, returnValue, sort, config.integer("offset"),
                config.integer("limit"), includeDirectories, "", null);
        log.debug("Found {} files in {}", out.size(), directory);
        return out;
    }

}

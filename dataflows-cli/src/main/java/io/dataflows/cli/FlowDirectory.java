package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.scheduler.DataflowScheduler;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataflow files of the directory {@code dataflows serve} watches, kept registered with the scheduler: every
 * {@code *.yml}, {@code *.yaml} and {@code *.json} file directly in it. {@link #sync} reads the files that are new or
 * changed (by modification time and size), replaces their dataflows in the scheduler, and unregisters the dataflows
 * of files that are gone. A file that cannot be read is logged, and its previous dataflow (if any) unregistered: it
 * stops being triggered until the file is fixed. Two files defining one dataflow name: the first (by file name)
 * wins, the other is logged. An invalid dataflow stays registered, and the scheduler skips its triggers and logs its
 * problems. Not thread-safe: one thread syncs.
 */
final class FlowDirectory {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.serve");

    /** Flow files larger than this are refused unread: a definition is a few kilobytes. */
    static final long MAX_FILE_BYTES = 4L << 20;

    private final Path dir;
    private final DataflowScheduler scheduler;
    private final Function<Dataflow, Optional<Problem>> hostWarning;
    private final Map<Path, Loaded> loaded = new HashMap<>();

    /** A file as last seen: its stamp, and the dataflow it registered (null when it registered none). */
    private record Loaded(FileTime modified, long size, String dataflow) {}

    /**
     * The files of {@code dir}, registered with {@code scheduler}; {@code hostWarning} gives what this host warns
     * about a dataflow that validation cannot know (logged as the dataflow is loaded).
     */
    FlowDirectory(Path dir, DataflowScheduler scheduler, Function<Dataflow, Optional<Problem>> hostWarning) {
        this.dir = dir;
        this.scheduler = scheduler;
        this.hostWarning = hostWarning;
    }

    /** True for the names of flow files. */
    static boolean isFlowFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json"));
    }

    /** How many dataflows are registered from the directory. */
    int registered() {
        return (int) loaded.values().stream().filter(l -> l.dataflow() != null).count();
    }

    /** Brings the scheduler's dataflows in line with the files. */
    void sync() {
        Map<Path, FileStamp> present = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (isFlowFile(f) && Files.isRegularFile(f)) {
                    try {
                        present.put(f, new FileStamp(Files.getLastModifiedTime(f), Files.size(f)));
                    } catch (IOException e) {
                        // gone between listing and looking: treated as gone
                    }
                }
            }
        } catch (IOException e) {
            log.error("Cannot list the dataflow directory {}: {}", dir, e.toString());
            return;
        }
        for (Path gone : loaded.keySet().stream().filter(f -> !present.containsKey(f)).toList()) {
            Loaded was = loaded.remove(gone);
            if (was.dataflow() != null) {
                scheduler.unregister(was.dataflow());
                log.info("Dataflow '{}' removed: its file {} is gone", was.dataflow(), gone.getFileName());
            }
        }
        for (Map.Entry<Path, FileStamp> e : present.entrySet()) {
            Loaded was = loaded.get(e.getKey());
            FileStamp now = e.getValue();
            if (was == null || !was.modified().equals(now.modified()) || was.size() != now.size()) {
                load(e.getKey(), now, was);
            }
        }
    }

    private record FileStamp(FileTime modified, long size) {}

    private void load(Path file, FileStamp stamp, Loaded was) {
        String previous = was == null ? null : was.dataflow();
        Dataflow flow = read(file, stamp);
        if (flow == null) {
            if (previous != null) {
                scheduler.unregister(previous);
                log.warn("Dataflow '{}' is no longer triggered until {} can be read again", previous,
                        file.getFileName());
            }
            loaded.put(file, new Loaded(stamp.modified(), stamp.size(), null));
            return;
        }
        String owner = ownerOf(flow.name());
        if (owner != null && !owner.equals(file.toString())) {
            log.error("{}: dataflow '{}' is already defined by {}; this file is ignored", file.getFileName(),
                    flow.name(), Path.of(owner).getFileName());
            if (previous != null) {
                scheduler.unregister(previous);
            }
            loaded.put(file, new Loaded(stamp.modified(), stamp.size(), null));
            return;
        }
        if (previous != null && !previous.equals(flow.name())) {
            scheduler.unregister(previous);
        }
        boolean known = scheduler.dataflow(flow.name()).isPresent();
        if (known) {
            scheduler.replace(flow);
        } else {
            scheduler.register(flow);
        }
        loaded.put(file, new Loaded(stamp.modified(), stamp.size(), flow.name()));
        log.info("Dataflow '{}' {} from {}", flow.name(), was == null ? "loaded" : "reloaded", file.getFileName());
        hostWarning.apply(flow).ifPresent(w -> log.warn("Dataflow '{}' has warnings (it runs all the same): {}",
                flow.name(), w));
    }

    /** The file that registered {@code name}, or null. */
    private String ownerOf(String name) {
        for (Map.Entry<Path, Loaded> e : loaded.entrySet()) {
            if (Objects.equals(e.getValue().dataflow(), name)) {
                return e.getKey().toString();
            }
        }
        return null;
    }

    private static Dataflow read(Path file, FileStamp stamp) {
        if (stamp.size() > MAX_FILE_BYTES) {
            log.error("{}: larger than {} bytes; not read", file.getFileName(), MAX_FILE_BYTES);
            return null;
        }
        try {
            return Definitions.read(file);
        } catch (DataflowDefinitionException e) {
            log.error("{}", e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // Any other failure to read one file must not stop the server or the other dataflows.
            log.error("{}: cannot be read: {}", file.getFileName(), e.toString());
            return null;
        }
    }
}

package io.dataflows.internal.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dataflows.internal.util.Json;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps state as JSON files in a directory, so separate processes on one machine (two {@code dataflows run}) share
 * it. Each write goes to a temporary file that is moved into place; the run lock is an OS file lock, released when
 * the process ends even if it crashes.
 *
 * <p>Layout: {@code <dir>/<dataflow>/vars.json}, {@code steps.json}, {@code runs/<n>.json}, {@code run.lock}. While
 * run {@code n} is processing, the empty file {@code runs/<n>.processing} marks it, so that finding the runs of dead
 * processes reads only those runs, not the whole history.
 */
public final class DirectoryStateStore implements StateStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final Pattern PROCESSING_MARKER = Pattern.compile("(\\d+)\\.processing");

    private final Path dir;
    private final Map<String, Object> jvmLocks = new ConcurrentHashMap<>();

    public DirectoryStateStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    private Path flowDir(String dataflow) {
        Path p = dir.resolve(safe(dataflow));
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create state directory " + p, e);
        }
        return p;
    }

    /** A file name for a dataflow name: letters, digits, '-', '_' and '.' kept, the rest hex-escaped. */
    static String safe(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%04x", (int) c));
            }
        }
        String s = sb.toString();
        return s.isEmpty() || s.startsWith(".") ? "%" + s : s;
    }

    @Override
    public synchronized Map<String, Object> loadVariables(String dataflow) {
        return read(flowDir(dataflow).resolve("vars.json"));
    }

    @Override
    public synchronized void saveVariables(String dataflow, Map<String, Object> variables) {
        write(flowDir(dataflow).resolve("vars.json"), Json.write(variables));
    }

    @Override
    public synchronized Optional<Object> stepState(String dataflow, String step, String key) {
        Map<String, Object> all = read(flowDir(dataflow).resolve("steps.json"));
        Object stepMap = all.get(step);
        if (stepMap instanceof Map) {
            return Optional.ofNullable(((Map<?, ?>) stepMap).get(key));
        }
        return Optional.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void putStepState(String dataflow, String step, String key, Object value) {
        Path file = flowDir(dataflow).resolve("steps.json");
        Map<String, Object> all = read(file);
        Map<String, Object> stepMap = all.get(step) instanceof Map ? (Map<String, Object>) all.get(step)
                : new LinkedHashMap<>();
        stepMap.put(key, value);
        all.put(step, stepMap);
        write(file, Json.write(all));
    }

    @Override
    public synchronized RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner) {
        Path runs = flowDir(dataflow).resolve("runs");
        try {
            Files.createDirectories(runs);
            // The run number is taken by creating its file: atomic across processes.
            for (int n = countRuns(runs) + 1; ; n++) {
                Path file = runs.resolve(n + ".json");
                try {
                    Files.createFile(file);
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    continue;
                }
                RunRecord r = new RunRecord(UUID.randomUUID().toString(), dataflow, String.valueOf(n), dryRun,
                        "processing", startedAt, null, startState, null, null, owner);
                Files.write(runs.resolve(n + ".processing"), new byte[0]);
                write(file, Json.write(toMap(r)));
                return r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the run in " + runs, e);
        }
    }

    private static int countRuns(Path runs) throws IOException {
        try (var s = Files.list(runs)) {
            return (int) s.filter(p -> p.getFileName().toString().matches("\\d+\\.json")).count();
        }
    }

    @Override
    public synchronized void finishRun(RunRecord run, String status, Instant finishedAt, String endState,
            String error) {
        Path runs = flowDir(run.dataflow()).resolve("runs");
        write(runs.resolve(run.name() + ".json"), Json.write(toMap(run.finished(status, finishedAt, endState, error))));
        deleteMarker(runs.resolve(run.name() + ".processing"));
    }

    private static void deleteMarker(Path marker) {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + marker, e);
        }
    }

    @Override
    public synchronized List<RunRecord> abortDeadRuns(Predicate<RunRecord> dead, Instant at) {
        List<RunRecord> aborted = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return aborted;
        }
        try (var flows = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path flow : flows) {
                Path runs = flow.resolve("runs");
                if (!Files.isDirectory(runs)) {
                    continue;
                }
                try (var markers = Files.newDirectoryStream(runs, "*.processing")) {
                    for (Path marker : markers) {
                        Matcher m = PROCESSING_MARKER.matcher(marker.getFileName().toString());
                        if (!m.matches()) {
                            continue;
                        }
                        Path file = runs.resolve(m.group(1) + ".json");
                        Map<String, Object> map = read(file);
                        if (map.isEmpty()) {
                            continue; // being started right now
                        }
                        RunRecord run = fromMap(map, m.group(1));
                        if (!"processing".equals(run.status())) {
                            deleteMarker(marker); // left by a process that died between two writes
                        } else if (dead.test(run) && "processing".equals(read(file).get("status"))) {
                            // read again: a run that ended meanwhile keeps its own end
                            RunRecord done = run.finished("aborted", at, null, RunRecord.PROCESS_DIED);
                            write(file, Json.write(toMap(done)));
                            deleteMarker(marker);
                            aborted.add(done);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for the runs of dead processes in " + dir, e);
        }
        return aborted;
    }

    @Override
    public synchronized List<RunRecord> runs(String dataflow) {
        Path runs = flowDir(dataflow).resolve("runs");
        List<RunRecord> out = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return out;
        }
        for (int n = 1; ; n++) {
            Path file = runs.resolve(n + ".json");
            if (!Files.exists(file)) {
                break;
            }
            Map<String, Object> m = read(file);
            if (m.isEmpty()) {
                continue;
            }
            RunRecord r = fromMap(m, String.valueOf(n));
            out.add(new RunRecord(r.id(), dataflow, r.name(), r.dryRun(), r.status(), r.startedAt(), r.finishedAt(),
                    r.startState(), r.endState(), r.error(), r.owner()));
        }
        return out;
    }

    private static RunRecord fromMap(Map<String, Object> m, String name) {
        RunOwner owner = null;
        if (m.get("owner") instanceof Map) {
            Map<?, ?> o = (Map<?, ?>) m.get("owner");
            if (o.get("host") instanceof String && o.get("pid") instanceof Number) {
                owner = new RunOwner((String) o.get("host"), ((Number) o.get("pid")).longValue(),
                        o.get("processstart") == null ? null : Instant.parse((String) o.get("processstart")));
            }
        }
        return new RunRecord((String) m.get("id"), (String) m.get("dataflow"), name,
                Boolean.TRUE.equals(m.get("dryrun")), (String) m.get("status"),
                m.get("startedat") == null ? null : Instant.parse((String) m.get("startedat")),
                m.get("finishedat") == null ? null : Instant.parse((String) m.get("finishedat")),
                (String) m.get("startstate"), (String) m.get("endstate"), (String) m.get("error"), owner);
    }

    private static Map<String, Object> toMap(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("dataflow", r.dataflow());
        m.put("name", r.name());
        m.put("dryrun", r.dryRun());
        m.put("status", r.status());
        m.put("startedat", r.startedAt() == null ? null : r.startedAt().toString());
        m.put("finishedat", r.finishedAt() == null ? null : r.finishedAt().toString());
        m.put("startstate", r.startState());
        m.put("endstate", r.endState());
        m.put("error", r.error());
        if (r.owner() != null) {
            Map<String, Object> owner = new LinkedHashMap<>();
            owner.put("host", r.owner().host());
            owner.put("pid", r.owner().pid());
            owner.put("processstart", r.owner().processStart() == null ? null : r.owner().processStart().toString());
            m.put("owner", owner);
        }
        return m;
    }

    @Override
    public Optional<Lock> tryLock(String dataflow) {
        Path file = flowDir(dataflow).resolve("run.lock");
        Object token = new Object();
        if (jvmLocks.putIfAbsent(dataflow, token) != null) {
            return Optional.empty(); // held by this JVM: FileLock is per process, not per thread
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                jvmLocks.remove(dataflow, token);
                return Optional.empty();
            }
            FileLock held = lock;
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + " " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return Optional.of(new Lock() {
                private boolean released;

                @Override
                public synchronized void close() {
                    if (released) {
                        return;
                    }
                    released = true;
                    try {
                        held.release();
                        channel.close();
                    } catch (IOException ignored) {
                        // closing the channel releases the lock anyway
                    } finally {
                        jvmLocks.remove(dataflow, token);
                    }
                }
            });
        } catch (IOException e) {
            jvmLocks.remove(dataflow, token);
            throw new UncheckedIOException("Cannot open lock file " + file, e);
        }
    }

    private static Map<String, Object> read(Path file) {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return new LinkedHashMap<>();
            }
            return Json.mapper().readValue(text, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read state file " + file, e);
        }
    }

    private static void write(Path file, String json) {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            throw new UncheckedIOException("Cannot write state file " + file, e);
        }
    }
}

package io.dataflows.sftp.internal;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.Effect;
import io.dataflows.spi.AtomicOutput;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_sftp} (once) and {@code flow_sftp} (per record): copies a file from an SFTP server to the local
 * disk, from the local disk to the server, or from one place on the server to another. Remote paths are written
 * {@code sftp://<path>}; at least one of {@code source} and {@code target} is remote. A {@code target} ending with
 * {@code /} gets the source's file name.
 *
 * <p>Files stream through; none is held in memory. A download is written through the engine's atomic output (a
 * temporary sibling moved into place), an upload to a temporary name in the target's directory renamed onto the
 * target — atomically with the server's {@code posix-rename@openssh.com}; otherwise, when a plain rename cannot
 * replace an existing target, the target is removed first and the temporary file renamed then. A failed transfer
 * leaves nothing under the target name. In a dry run uploads and remote copies are reported, not made; a download
 * is made only into the run's scratch directory. Publishes {@code source}, {@code target} and {@code bytes}.
 * One SFTP session per step run ({@link StepSession}).
 */
public abstract class SftpCopyStep implements ConnectorStep, FlowStep {

    private static final Logger log = LoggerFactory.getLogger(SftpCopyStep.class);

    /** tool_dataflows' message when a source and a target are both local. */
    static final String MISSING_REMOTE = "At least one of source/target must be remote.";

    private static final int BUFFER = 64 * 1024;

    private static final ConfigSchema CONFIG = SftpFields.connection(ConfigSchema.builder())
            .field(ConfigField.of("source", FieldType.STRING).required().label("Source").path(PathAccess.READ)
                    .describe("The file to copy: sftp://<path> on the server, or a local path"))
            .field(ConfigField.of("target", FieldType.STRING).required().label("Target").path(PathAccess.WRITE)
                    .describe("Where to copy it: sftp://<path> on the server, or a local path; ending with /: "
                            + "into that directory under the source's name"))
            .build();

    private static final Map<String, String> OUTPUTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", "The file copied: sftp://<path> or the local absolute path");
        m.put("target", "The file written (or that a dry run would have written): sftp://<path> or a local path");
        m.put("bytes", "The bytes copied (0 when a dry run skipped the copy)");
        m.put("hostpubkey", "The server's host key (OpenSSH public key line), when the step connected");
        OUTPUTS = Collections.unmodifiableMap(m);
    }

    private final StepKind kind;

    SftpCopyStep(StepKind kind) {
        this.kind = kind;
    }

    @Override
    public final StepKind kind() {
        return kind;
    }

    @Override
    public String id() {
        return kind == StepKind.CONNECTOR ? "connector_sftp" : "flow_sftp";
    }

    @Override
    public String displayName() {
        return "SFTP file copy";
    }

    @Override
    public String description() {
        return "Copies a file to, from or on an SFTP server" + (kind == StepKind.CONNECTOR ? "" : " for each record")
                + ", streaming and atomically; checks the server's host key (pinned or trusted on first use).";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public LinkLimits links() {
        return kind == StepKind.CONNECTOR ? LinkLimits.defaults(StepKind.CONNECTOR) : LinkLimits.flowAction();
    }

    /** The flow form passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public Map<String, String> outputs() {
        return OUTPUTS;
    }

    /** tool_dataflows' rule: a side effect unless the target is a relative local path. */
    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        Object target = config.get("target");
        if (!(target instanceof String)) {
            return true;
        }
        String s = ((String) target).trim();
        return s.isEmpty() || s.startsWith("/") || s.contains("://") || s.contains("${{");
    }

    @Override
    public void validate(StepValidation validation) {
        SftpFields.validateCredentials(validation);
        Map<String, Object> config = validation.config();
        Object source = config.get("source");
        Object target = config.get("target");
        if (!SftpFields.isEmpty(source) && !SftpFields.isEmpty(target) && validation.isStatic("source")
                && validation.isStatic("target") && !RemotePaths.isRemote(source)
                && !RemotePaths.isRemote(target)) {
            validation.problem("source", MISSING_REMOTE);
            validation.problem("target", MISSING_REMOTE);
        }
        Object hostpubkey = config.get("hostpubkey");
        if (!SftpFields.isEmpty(hostpubkey) && validation.isStatic("hostpubkey")) {
            try {
                HostKey.parse(String.valueOf(hostpubkey));
            } catch (IllegalArgumentException e) {
                validation.problem("hostpubkey", "Config 'hostpubkey' is invalid: " + e.getMessage() + ".");
            }
        }
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        try (StepSession session = new StepSession(ctx)) {
            copy(ctx, session);
        }
        return Outcome.CONTINUE;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        StepSession session = new StepSession(ctx);
        return new RecordProcessor() {
            @Override
            public void process(DataRecord record, Emitter out) throws Exception {
                copy(ctx, session);
                out.emit(record);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    /** Copies as the config says, publishing what was copied. */
    private static void copy(StepContext ctx, StepSession session) throws Exception {
        String sourceText = ctx.config().string("source");
        String targetText = ctx.config().string("target");
        boolean sourceRemote = RemotePaths.isRemote(sourceText);
        boolean targetRemote = RemotePaths.isRemote(targetText);
        if (!sourceRemote && !targetRemote) {
            throw new DataflowException(MISSING_REMOTE + " (config 'source' \"" + sourceText + "\", 'target' \""
                    + targetText + "\")");
        }
        Path localSource = sourceRemote ? null : ctx.config().path("source", PathAccess.READ);
        String sourceName = sourceRemote ? RemotePaths.fileName(RemotePaths.strip(sourceText))
                : (localSource.getFileName() == null ? "" : localSource.getFileName().toString());
        if (sourceName.isEmpty()) {
            throw new DataflowException("Config 'source' must name a file, not a directory (got \"" + sourceText
                    + "\").");
        }
        long[] bytes = {0};
        String source;
        String target;
        if (sourceRemote) {
            String from = RemotePaths.strip(sourceText);
            source = sourceText;
            if (targetRemote) {
                String to = intoDirectory(RemotePaths.strip(targetText), sourceName);
                target = RemotePaths.PREFIX + to;
                ctx.effects().perform(Effect.Kind.COPY, display(ctx, to),
                        "copy " + display(ctx, from) + " to " + display(ctx, to),
                        () -> bytes[0] = remoteCopy(ctx, session.connection(), from, to));
            } else {
                Path to = localTarget(ctx, targetText, sourceName);
                target = to.toString();
                bytes[0] = download(ctx, session, from, to);
            }
        } else {
            Path from = localSource;
            String to = intoDirectory(RemotePaths.strip(targetText), sourceName);
            source = from.toString();
            target = RemotePaths.PREFIX + to;
            ctx.effects().perform(Effect.Kind.COPY, display(ctx, to), "upload " + from + " to " + display(ctx, to),
                    () -> bytes[0] = upload(ctx, session.connection(), from, to));
        }
        ctx.output("source", source);
        ctx.output("target", target);
        ctx.output("bytes", bytes[0]);
        session.serverKey().ifPresent(key -> ctx.output("hostpubkey", key));
    }

    /** {@code path} itself, or {@code name} inside it when it ends with {@code /}. */
    private static String intoDirectory(String path, String name) {
        return path.isEmpty() || path.endsWith("/") ? path + name : path;
    }

    private static Path localTarget(StepContext ctx, String targetText, String sourceName) {
        Path to = ctx.config().path("target", PathAccess.WRITE);
        if (targetText.endsWith("/")) {
            try {
                return ctx.resolvePath(to.resolve(sourceName).toString(), PathAccess.WRITE);
            } catch (DataflowException e) {
                throw new DataflowException(e.getOriginalMessage() + " (config 'target')", e);
            }
        }
        return to;
    }

    /** {@code sftp://host[:port]/path} for effects and messages; the path as written when relative. */
    private static String display(StepContext ctx, String path) {
        long port = ctx.config().integer("port");
        return RemotePaths.PREFIX + ctx.config().string("host") + (port == SftpFields.DEFAULT_PORT ? "" : ":" + port)
                + (path.startsWith("/") ? "" : "/") + path;
    }

    private static DataflowException copyFailed(StepContext ctx, String what, Throwable e) {
        return new DataflowException(ctx.redact("Copy failed: '" + what + ": " + SftpConnection.reason(e) + "'."),
                e);
    }

    /** Downloads {@code from} to {@code to}; a dry run writes only into the scratch directory. */
    private static long download(StepContext ctx, StepSession session, String from, Path to) throws Exception {
        AtomicOutput output;
        try {
            output = ctx.effects().atomicOutput(to, false);
        } catch (IOException e) {
            throw new DataflowException("Cannot write file \"" + to + "\": " + SftpConnection.reason(e)
                    + " (config 'target')", e);
        }
        try (AtomicOutput out = output) {
            if (out.isDiscarding()) {
                return 0; // a dry run, outside the scratch directory: reported by the output, nothing to fetch
            }
            SftpConnection connection = session.connection();
            log.debug("Downloading {} to {}", display(ctx, from), to);
            long bytes;
            try (InputStream in = connection.sftp().read(from, BUFFER)) {
                bytes = transfer(in, out.stream());
            } catch (IOException e) {
                throw copyFailed(ctx, display(ctx, from), e);
            }
            try {
                out.commit();
            } catch (IOException e) {
                throw new DataflowException("Cannot write file \"" + to + "\": " + SftpConnection.reason(e)
                        + " (config 'target')", e);
            }
            return bytes;
        }
    }

    /** Uploads the local file {@code from} to {@code to} on the server, atomically. */
    private static long upload(StepContext ctx, SftpConnection connection, Path from, String to) {
        log.debug("Uploading {} to {}", from, display(ctx, to));
        InputStream in;
        SftpClient.Attributes times = new SftpClient.Attributes();
        try {
            BasicFileAttributes attributes = ctx.files().attributes(from)
                    .orElseThrow(() -> new NoSuchFileException(from.toString()));
            times.modifyTime(attributes.lastModifiedTime()).accessTime(attributes.lastAccessTime());
            in = ctx.files().openRead(from);
        } catch (IOException e) {
            throw copyFailed(ctx, from.toString(), e);
        }
        try (InputStream source = in) {
            return store(ctx, connection, source, to, times);
        } catch (IOException e) {
            throw copyFailed(ctx, from.toString(), e);
        }
    }

    /** Copies {@code from} to {@code to} on the server, streaming through this process. */
    private static long remoteCopy(StepContext ctx, SftpConnection connection, String from, String to) {
        log.debug("Copying {} to {}", display(ctx, from), display(ctx, to));
        InputStream in;
        SftpClient.Attributes times = new SftpClient.Attributes();
        try {
            SftpClient.Attributes attributes = connection.sftp().stat(from);
            if (attributes.getModifyTime() != null && attributes.getAccessTime() != null) {
                times.modifyTime(attributes.getModifyTime()).accessTime(attributes.getAccessTime());
            }
            in = connection.sftp().read(from, BUFFER);
        } catch (IOException e) {
            throw copyFailed(ctx, display(ctx, from), e);
        }
        try (InputStream source = in) {
            return store(ctx, connection, source, to, times);
        } catch (IOException e) {
            throw copyFailed(ctx, display(ctx, from), e);
        }
    }

    /**
     * Writes {@code in} to a temporary file beside {@code to}, gives it the source's times (as tool_dataflows kept
     * them) and renames it onto {@code to}. The temporary file is removed when anything fails.
     */
    private static long store(StepContext ctx, SftpConnection connection, InputStream in, String to,
            SftpClient.Attributes times) {
        SftpClient sftp = connection.sftp();
        String temporary = RemotePaths.directory(to) + "." + RemotePaths.fileName(to) + "."
                + UUID.randomUUID().toString().substring(0, 8) + ".part";
        long bytes;
        try {
            try (OutputStream out = sftp.write(temporary, BUFFER, SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create, SftpClient.OpenMode.Exclusive)) {
                bytes = transfer(in, out);
            }
            if (times.getModifyTime() != null) {
                sftp.setStat(temporary, times);
            }
            rename(sftp, temporary, to);
            return bytes;
        } catch (IOException | RuntimeException e) {
            removeQuietly(sftp, temporary, e);
            if (e instanceof DataflowException) {
                throw (DataflowException) e;
            }
            throw copyFailed(ctx, display(ctx, to), e);
        }
    }

    /**
     * Renames the uploaded file onto its target: with {@code posix-rename@openssh.com}, atomic and replacing;
     * otherwise with a plain rename, which SFTP version 3 servers refuse when the target exists — then the target is
     * removed first (a reader may find no file for that moment, never a partial one).
     */
    private static void rename(SftpClient sftp, String temporary, String to) throws IOException {
        OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posix != null && posix.isSupported()) {
            posix.posixRename(temporary, to);
            return;
        }
        try {
            sftp.rename(temporary, to);
        } catch (SftpException e) {
            if (!exists(sftp, to)) {
                throw e;
            }
            sftp.remove(to);
            sftp.rename(temporary, to);
        }
    }

    private static boolean exists(SftpClient sftp, String path) throws IOException {
        try {
            sftp.lstat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private static void removeQuietly(SftpClient sftp, String path, Exception failure) {
        if (!sftp.isOpen()) {
            return; // the connection is gone; so is any chance to tidy up: the server keeps the temporary file
        }
        try {
            sftp.remove(path);
        } catch (IOException e) {
            if (!(e instanceof SftpException && ((SftpException) e).getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE)) {
                failure.addSuppressed(e);
            }
        }
    }

    private static long transfer(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** {@code connector_sftp}. */
    public static final class Connector extends SftpCopyStep {
        /** The connector form. */
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_sftp}. */
    public static final class Flow extends SftpCopyStep {
        /** The flow form. */
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

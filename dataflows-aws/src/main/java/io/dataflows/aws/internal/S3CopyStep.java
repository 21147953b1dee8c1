package io.dataflows.aws.internal;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.Effect;
import io.dataflows.spi.ActionStep;
import io.dataflows.spi.AtomicOutput;
import io.dataflows.spi.CancelRegistration;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * {@code connector_s3} and {@code flow_s3}: copies one file between the local disk and an S3 bucket, or within the
 * bucket. A {@code source} or {@code target} written {@code s3://<key>} is the object {@code <key>} in
 * {@code bucket}; anything else is a local path, resolved and checked by the engine. Local to S3 uploads, S3 to local
 * downloads, S3 to S3 copies on the server; local to local is refused. A {@code target} ending with {@code /} gets
 * the source's file name.
 *
 * <p>Files stream: a download is written through the engine's atomic output (a temporary sibling moved into place),
 * an upload is read from the file as it is sent, in parts of {@link #PART_SIZE} for a file larger than that
 * (a multipart upload, aborted when a part fails, so no partial object is left). In a dry run a download into the
 * scratch directory happens, every other transfer is skipped and reported ({@code would upload /data/out.csv to
 * s3://reports/in/out.csv}).
 *
 * <p>A failure fails the step, unless {@code continueonerror} is true: then it is logged at ERROR and the step
 * publishes {@code success: false} (tool_dataflows logged every failure and went on). Publishes {@code source},
 * {@code target} (as resolved: local paths absolute, objects as {@code s3://<key>}), {@code bytes} and
 * {@code success}. See docs/aws.md.
 */
public abstract class S3CopyStep extends ActionStep {

    private static final Logger log = LoggerFactory.getLogger(S3CopyStep.class);

    /**
     * Files larger than this are uploaded in parts of this size (the last one smaller). S3 takes parts of 5 MiB to
     * 5 GiB and at most 10,000 of them: 8 MiB parts carry files up to about 78 GiB.
     */
    public static final long PART_SIZE = 8L * 1024 * 1024;

    /** S3's error codes that refuse any request to the bucket, an upload included. */
    private static final java.util.Set<String> UPLOAD_REFUSALS = java.util.Set.of("NoSuchBucket",
            "SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidToken", "ExpiredToken");

    /**
     * The longest one S3 call may take, retries included: a part of {@link #PART_SIZE}, or a copy inside S3 of a
     * large object, takes longer than the few requests of the other AWS steps. Reading a download is not one call:
     * it is bounded by the read timeout of each read.
     */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(15);

    static final String NO_S3_PATH = "At least one source or target path must reference a location in S3.";
    static final String SOURCE_IS_DIRECTORY = "The source path is a directory but a file path is expected.";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("bucket", FieldType.STRING).required()
                    .describe("The S3 bucket that s3:// paths name objects in"))
            .field(AwsConnection.REGION)
            .field(AwsConnection.KEY)
            .field(AwsConnection.SECRET)
            .field(ConfigField.of("source", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The file to copy: s3://<key> for an object in the bucket, otherwise a local path"))
            .field(ConfigField.of("target", FieldType.STRING).required().path(PathAccess.WRITE)
                    .describe("Where to copy it: s3://<key> or a local path; ending with /, the source's file "
                            + "name is added"))
            .field(AwsConnection.ENDPOINT)
            .field(ConfigField.of("pathstyle", FieldType.BOOLEAN).defaultValue(false)
                    .describe("Address the bucket in the URL's path (http://host/bucket/key) rather than as a host "
                            + "name (http://bucket.host/key), as most S3-compatible stores need"))
            .field(ConfigField.of("continueonerror", FieldType.BOOLEAN).defaultValue(false)
                    .describe("When the copy fails, log the error and publish success: false instead of failing "
                            + "the step"))
            .build();

    private static final Map<String, String> OUTPUTS = Map.of(
            "source", "The file copied: an absolute local path, or s3://<key>",
            "target", "Where it was copied to, the source's file name added to a target ending with /",
            "bytes", "The number of bytes copied; null when the copy was skipped (dry run) or failed",
            "success", "True when the file was copied (or, in a dry run, would have been), false when it failed "
                    + "and continueonerror is true");

    /** The largest object one CopyObject request copies; larger ones are copied in parts of this size. */
    static final long COPY_LIMIT = 5L * 1024 * 1024 * 1024;

    private final long copyLimit;

    S3CopyStep(StepKind kind) {
        this(kind, COPY_LIMIT);
    }

    /** @param copyLimit {@link #COPY_LIMIT}; smaller in the tests, which cannot store 5 GiB objects */
    S3CopyStep(StepKind kind, long copyLimit) {
        super(kind);
        this.copyLimit = copyLimit;
    }

    @Override
    public String id() {
        return kind() == StepKind.CONNECTOR ? "connector_s3" : "flow_s3";
    }

    @Override
    public String displayName() {
        return "S3 file copy";
    }

    @Override
    public String description() {
        return "Copies a file from the local disk to an S3 bucket, from the bucket to the local disk, or within "
                + "the bucket, in parts when large.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return OUTPUTS;
    }

    /** The flow form passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    /**
     * tool_dataflows' rule: a copy to S3 changes the world, a download to a relative local path (inside the run's
     * base directory) does not. A target computed by an expression counts as a change, its value being unknown.
     */
    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        Object target = config.get("target");
        if (!(target instanceof String)) {
            return true;
        }
        String t = ((String) target).strip();
        return t.isEmpty() || t.startsWith("/") || t.contains("://") || t.contains("${{");
    }

    @Override
    public void validate(StepValidation validation) {
        AwsConnection.validate(validation);
        Object source = validation.config().get("source");
        Object target = validation.config().get("target");
        boolean sourceKnown = isStaticText(validation, "source");
        boolean targetKnown = isStaticText(validation, "target");
        if (sourceKnown && targetKnown && !S3Path.isS3((String) source) && !S3Path.isS3((String) target)) {
            validation.problem("source", NO_S3_PATH);
            validation.problem("target", NO_S3_PATH);
        }
        if (sourceKnown) {
            String s = (String) source;
            boolean directory = S3Path.isS3(s) ? S3Path.isDirectory(s)
                    : validation.path("source").map(Files::isDirectory).orElse(false);
            if (directory) {
                validation.problem("source", SOURCE_IS_DIRECTORY);
            }
        }
    }

    private static boolean isStaticText(StepValidation validation, String field) {
        Object value = validation.config().get(field);
        return value instanceof String && !((String) value).isEmpty() && validation.isStatic(field);
    }

    @Override
    protected DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        try (S3Clients clients = new S3Clients(ctx)) {
            return copy(ctx, input, clients);
        }
    }

    /** The flow form copies every record's file with one client (see {@link S3Clients}). */
    @Override
    public RecordProcessor open(StepContext ctx) {
        S3Clients clients = new S3Clients(ctx);
        return new RecordProcessor() {
            @Override
            public void process(DataRecord record, Emitter out) throws Exception {
                out.emit(copy(ctx, record, clients));
            }

            @Override
            public void close() {
                clients.close();
            }
        };
    }

    private DataRecord copy(StepContext ctx, DataRecord input, S3Clients clients) throws Exception {
        String bucket = ctx.config().optionalString("bucket").orElse("").strip();
        if (bucket.isEmpty()) {
            throw new DataflowException("Config 'bucket' is missing.");
        }
        String sourceText = ctx.config().optionalString("source").orElse("");
        String targetText = ctx.config().optionalString("target").orElse("");
        boolean s3Source = S3Path.isS3(sourceText);
        boolean s3Target = S3Path.isS3(targetText);
        if (!s3Source && !s3Target) {
            throw new DataflowException(NO_S3_PATH);
        }
        if (s3Source && S3Path.isDirectory(sourceText)) {
            throw new DataflowException(SOURCE_IS_DIRECTORY);
        }
        AwsConnection connection = AwsConnection.of(ctx);
        boolean continueOnError = ctx.config().bool("continueonerror");

        Path localSource = s3Source ? null : ctx.resolvePath(sourceText, PathAccess.READ);
        String name = s3Source ? S3Path.fileName(sourceText) : fileName(localSource);
        String targetPath = S3Path.isDirectory(targetText) ? targetText + name : targetText;
        Path localTarget = s3Target ? null : ctx.resolvePath(targetPath, PathAccess.WRITE);

        String from = s3Source ? S3Path.uri(bucket, S3Path.key(sourceText)) : localSource.toString();
        String to = s3Target ? S3Path.uri(bucket, S3Path.key(targetPath)) : localTarget.toString();
        ctx.output("source", s3Source ? sourceText : localSource.toString());
        ctx.output("target", s3Target ? targetPath : localTarget.toString());

        boolean pathStyle = ctx.config().bool("pathstyle");
        Transfer transfer = new Transfer(ctx, () -> clients.get(connection, pathStyle), bucket, copyLimit, from, to);
        Long bytes = null;
        boolean success = true;
        try {
            if (!s3Source) {
                bytes = transfer.upload(localSource, S3Path.key(targetPath));
            } else if (!s3Target) {
                bytes = transfer.download(S3Path.key(sourceText), localTarget);
            } else {
                bytes = transfer.copy(S3Path.key(sourceText), S3Path.key(targetPath));
            }
            if (bytes == null) {
                log.info("Skipping copy to '{}' as this is a dry run.", targetPath);
            }
        } catch (DataflowException e) {
            if (!continueOnError || Thread.currentThread().isInterrupted()) {
                throw e;
            }
            log.error("{}", ctx.redact(e.getMessage()));
            success = false;
        }
        ctx.output("bytes", bytes);
        ctx.output("success", success);
        return input;
    }

    private static String fileName(Path path) {
        Path name = path.getFileName();
        return name == null ? "" : name.toString();
    }

    /** One copy: where its client comes from (made when first needed) and the two ends, as named in messages. */
    private static final class Transfer {
        private final StepContext ctx;
        private final Supplier<S3Client> clients;
        private final String bucket;
        private final long copyLimit;
        private final String from;
        private final String to;

        Transfer(StepContext ctx, Supplier<S3Client> clients, String bucket, long copyLimit, String from,
                String to) {
            this.ctx = ctx;
            this.clients = clients;
            this.bucket = bucket;
            this.copyLimit = copyLimit;
            this.from = from;
            this.to = to;
        }

        /** Uploads {@code file} to {@code key}; the size, or null when skipped. */
        Long upload(Path file, String key) throws Exception {
            long size = readableFile(file).size();
            boolean done = ctx.effects().perform(Effect.Kind.COPY, to, "upload " + from + " to " + to, () -> {
                log.info("Uploading {} to {} ({} bytes)", from, to, size);
                try {
                    S3Client s3 = clients.get();
                    if (size > PART_SIZE) {
                        uploadInParts(s3, file, key, size);
                    } else {
                        try (FileSlice body = new FileSlice(ctx.files(), file, 0, size)) {
                            s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size),
                                    RequestBody.fromContentProvider(body, size, "application/octet-stream"));
                        }
                    }
                } catch (AwsServiceException e) {
                    throw failure(e);
                } catch (SdkException e) {
                    throw failure(whyRefused(clients.get()).orElse(e));
                } catch (UncheckedIOException e) {
                    throw failure(e.getCause());
                }
            });
            return done ? size : null;
        }

        /**
         * A multipart upload: parts of {@link #PART_SIZE}, then the completion; any failure aborts the upload, so
         * S3 keeps no parts and no object.
         */
        private void uploadInParts(S3Client s3, Path file, String key, long size) throws IOException {
            String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            try {
                List<CompletedPart> parts = new ArrayList<>();
                for (long offset = 0; offset < size; offset += PART_SIZE) {
                    long length = Math.min(PART_SIZE, size - offset);
                    int number = parts.size() + 1;
                    log.debug("Uploading part {} of {} ({} bytes)", number, to, length);
                    UploadPartResponse part;
                    try (FileSlice body = new FileSlice(ctx.files(), file, offset, length)) {
                        part = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                                        .contentLength(length),
                                RequestBody.fromContentProvider(body, length, "application/octet-stream"));
                    }
                    parts.add(CompletedPart.builder().partNumber(number).eTag(part.eTag()).build());
                }
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            } catch (IOException | RuntimeException | Error e) {
                abortUpload(s3, key, uploadId, e);
                throw e;
            }
        }

        /**
         * Aborts a multipart upload after {@code failure}, so S3 keeps none of its parts. Also when the run was
         * cancelled: the SDK refuses to send anything from an interrupted thread, so the interrupt waits until
         * the abort is sent.
         */
        private void abortUpload(S3Client s3, String key, String uploadId, Throwable failure) {
            boolean interrupted = Thread.interrupted();
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abort) {
                failure.addSuppressed(abort);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Downloads {@code key} to {@code file}; the size, or null when skipped. */
        Long download(String key, Path file) throws Exception {
            long[] bytes = {-1};
            boolean done = ctx.effects().perform(Effect.Kind.COPY, file, "download " + from + " to " + to, () -> {
                log.info("Downloading {} to {}", from, to);
                try (ResponseInputStream<GetObjectResponse> in = clients.get().getObject(b -> b.bucket(bucket)
                                .key(key));
                        CancelRegistration cancel = ctx.onCancel(in::abort);
                        AtomicOutput out = ctx.effects().atomicOutput(file, false)) {
                    bytes[0] = in.transferTo(out.stream());
                    out.commit();
                } catch (SdkException e) {
                    throw failure(e);
                } catch (IOException e) {
                    throw failure(e);
                }
            });
            return done ? bytes[0] : null;
        }

        /** Copies {@code sourceKey} to {@code targetKey} inside S3; the size, or null when skipped. */
        Long copy(String sourceKey, String targetKey) throws Exception {
            long[] bytes = {-1};
            boolean done = ctx.effects().perform(Effect.Kind.COPY, to, "copy " + from + " to " + to, () -> {
                log.info("Copying {} to {}", from, to);
                try {
                    S3Client s3 = clients.get();
                    long size = sizeOrMinusOne(s3, sourceKey);
                    if (size > copyLimit) {
                        copyInParts(s3, sourceKey, targetKey, size);
                    } else {
                        // a missing source (size -1) fails here, with S3's own NoSuchKey error
                        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(sourceKey)
                                .destinationBucket(bucket).destinationKey(targetKey));
                    }
                    bytes[0] = s3.headObject(b -> b.bucket(bucket).key(targetKey)).contentLength();
                } catch (SdkException e) {
                    throw failure(e);
                }
            });
            return done ? bytes[0] : null;
        }

        /** The object's size; -1 when there is none (a HEAD request's 404 carries no error to report). */
        private long sizeOrMinusOne(S3Client s3, String key) {
            try {
                return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return -1;
                }
                throw e;
            }
        }

        /**
         * A copy inside S3 of an object larger than one copy request takes (5 GiB): a multipart upload whose parts
         * S3 copies from ranges of the source, aborted on any failure.
         */
        private void copyInParts(S3Client s3, String sourceKey, String targetKey, long size) {
            String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(targetKey)).uploadId();
            try {
                List<CompletedPart> parts = new ArrayList<>();
                for (long offset = 0; offset < size; offset += copyLimit) {
                    String range = "bytes=" + offset + "-" + (Math.min(offset + copyLimit, size) - 1);
                    int number = parts.size() + 1;
                    log.debug("Copying part {} of {} ({})", number, to, range);
                    UploadPartCopyResponse part = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(sourceKey)
                            .destinationBucket(bucket).destinationKey(targetKey).uploadId(uploadId)
                            .partNumber(number).copySourceRange(range));
                    parts.add(CompletedPart.builder().partNumber(number).eTag(part.copyPartResult().eTag()).build());
                }
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(targetKey).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            } catch (RuntimeException | Error e) {
                abortUpload(s3, targetKey, uploadId, e);
                throw e;
            }
        }

        private BasicFileAttributes readableFile(Path file) throws IOException {
            Optional<BasicFileAttributes> attributes = ctx.files().attributes(file);
            if (attributes.isPresent() && attributes.get().isDirectory()) {
                throw new DataflowException(SOURCE_IS_DIRECTORY);
            }
            if (attributes.isEmpty() || !attributes.get().isRegularFile()) {
                throw failure("Cannot read file \"" + file + "\": "
                        + (attributes.isEmpty() ? "no such file" : "it is not a regular file"));
            }
            return attributes.get();
        }

        /**
         * Why the server refused an upload that failed without its answer: a server that refuses a request (no such
         * bucket, wrong credentials) may answer and close before it has read the body, and the HTTP client, still
         * writing, then reports only that writing failed. A request without a body — listing no keys of the bucket —
         * gets the answer that was lost. Only answers that would have refused the upload as well are taken (the
         * bucket is missing, the credentials are wrong); empty otherwise, when the listing succeeds, or when it is
         * refused for a reason of its own (permission to list).
         */
        private Optional<SdkException> whyRefused(S3Client s3) {
            try {
                s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(0));
                return Optional.empty();
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                return UPLOAD_REFUSALS.contains(code) ? Optional.of(e) : Optional.empty();
            } catch (SdkException e) {
                return Optional.empty();
            }
        }

        private DataflowException failure(SdkException e) {
            return AwsFailure.of(ctx, action(), e);
        }

        private DataflowException failure(IOException e) {
            return new DataflowException(ctx.redact(action() + " failed: " + reason(e)), e);
        }

        private DataflowException failure(String reason) {
            return new DataflowException(ctx.redact(action() + " failed: " + reason));
        }

        private String action() {
            return "S3 copy of " + from + " to " + to;
        }

        private static String reason(IOException e) {
            if (e instanceof NoSuchFileException) {
                return "no such file \"" + ((NoSuchFileException) e).getFile() + "\"";
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied \"" + ((AccessDeniedException) e).getFile() + "\"";
            }
            if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
                return ((FileSystemException) e).getReason() + " \"" + ((FileSystemException) e).getFile() + "\"";
            }
            String message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        }
    }

    /** {@code connector_s3}. */
    public static final class Connector extends S3CopyStep {
        /** The connector form: one copy per run. */
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_s3}. */
    public static final class Flow extends S3CopyStep {
        /** The flow form: one copy per record, the paths evaluated for each. */
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

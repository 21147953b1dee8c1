package io.dataflows.steps.internal.file;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.spi.ActionStep;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_hash_file} and {@code flow_hash_file}: hashes the file {@code path} with {@code algorithm} and
 * publishes the lower-case hex digest as {@code steps.<alias>.hash}, spelled as PHP's {@code hash_file()} spells it.
 * The algorithms are those of {@link HashAlgorithms}: the names of PHP's {@code hash_algos()} ({@code md5},
 * {@code sha256}, {@code crc32b}, {@code xxh3}, {@code tiger192,3}, ...) and the JDK's message digests; an unknown
 * name, or one whose library is missing, is a validation error. Only reads.
 */
public abstract class HashFileStep extends ActionStep {

    private static final Logger log = LoggerFactory.getLogger(HashFileStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("path", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The file to hash"))
            .field(ConfigField.of("algorithm", FieldType.STRING).required()
                    .describe("A name of PHP's hash_algos() (md5, sha256, crc32b, xxh3, tiger192,3, ...) or of a JDK"
                            + " message digest (SHA-256)"))
            .build();

    HashFileStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return kind() == StepKind.CONNECTOR ? "connector_hash_file" : "flow_hash_file";
    }

    @Override
    public String displayName() {
        return "Hash file";
    }

    @Override
    public String description() {
        return "Computes the hash of a file with any algorithm of PHP's hash_algos() (md5, sha256, crc32b, xxh3, ...)"
                + " and publishes it as 'hash'.";
    }

    /** The flow form passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of("hash", "The file's hash, lower-case hex");
    }

    @Override
    public void validate(StepValidation validation) {
        Object algorithm = validation.config().get("algorithm");
        if (algorithm instanceof String && !((String) algorithm).isEmpty() && validation.isStatic("algorithm")) {
            HashAlgorithms.problem((String) algorithm).ifPresent(p -> validation.problem("algorithm", p));
        }
    }

    @Override
    protected DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        String algorithm = ctx.config().string("algorithm");
        Optional<String> problem = HashAlgorithms.problem(algorithm);
        if (problem.isPresent()) {
            throw new DataflowException(problem.get());
        }
        Path path = FileSteps.requireReadableFile(ctx, FileSteps.path(ctx, "path", PathAccess.READ), "path");
        Hasher hasher = HashAlgorithms.create(algorithm);
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = FileSteps.open(ctx, path, "path")) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                hasher.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new DataflowException(FileSteps.cannotRead(path, FileSteps.reason(e), "path"), e);
        }
        String hash = hasher.hex();
        log.debug("The file hash value: {}", hash);
        ctx.output("hash", hash);
        return input;
    }

    /** {@code connector_hash_file}. */
    public static final class Connector extends HashFileStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_hash_file}. */
    public static final class Flow extends HashFileStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

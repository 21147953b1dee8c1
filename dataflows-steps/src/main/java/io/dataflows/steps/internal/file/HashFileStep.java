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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_hash_file} and {@code flow_hash_file}: hashes the file {@code path} with {@code algorithm} and
 * publishes the lower-case hex digest as {@code steps.<alias>.hash}. The algorithms are those of
 * {@link HashAlgorithms}: every JDK message digest ({@code md5}, {@code sha1}, {@code sha256}, {@code sha512},
 * {@code sha3-256}, ...) and {@code crc32b}/{@code crc32c}; an unknown name is a validation error. Only reads.
 */
public abstract class HashFileStep extends ActionStep {

    private static final Logger log = LoggerFactory.getLogger(HashFileStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("path", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The file to hash"))
            .field(ConfigField.of("algorithm", FieldType.STRING).required()
                    .describe("md5, sha1, sha256, sha512, sha3-256, ... (PHP hash_algos() names or JDK names)"))
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
        return "Computes the hash of a file (md5, sha1, sha256, ...) and publishes it as 'hash'.";
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
        if (algorithm instanceof String && !((String) algorithm).isEmpty() && validation.isStatic("algorithm")
                && !HashAlgorithms.isSupported((String) algorithm)) {
            validation.problem("algorithm", HashAlgorithms.unknown((String) algorithm));
        }
    }

    @Override
    protected DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        String algorithm = ctx.config().string("algorithm");
        if (!HashAlgorithms.isSupported(algorithm)) {
            throw new DataflowException(HashAlgorithms.unknown(algorithm));
        }
        Path path = FileSteps.requireReadableFile(ctx, FileSteps.path(ctx, "path", PathAccess.READ), "path");
        HashAlgorithms.Hasher hasher = HashAlgorithms.create(algorithm);
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

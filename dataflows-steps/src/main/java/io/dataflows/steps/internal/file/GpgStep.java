package io.dataflows.steps.internal.file;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.PathNotPermittedException;
import io.dataflows.spi.ActionStep;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.steps.GnupgHome;
import io.dataflows.steps.internal.StepPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_gpg} and {@code flow_gpg}: OpenPGP encryption and decryption with Bouncy Castle — no {@code gpg}
 * process — interoperable with GnuPG.
 * <ul>
 *   <li>{@code command: encrypt} encrypts {@code from} to {@code to} for the key {@code userid} (a user id substring
 *       such as an e-mail address, a key id or a fingerprint, as {@code gpg -r}) of the public key ring
 *       {@code publickeyring} (a file written by {@code gpg --export [--armor]}); {@code armor} writes ASCII armour
 *       as {@code gpg --armor}. Output: AES-256 with an integrity packet, ZIP-compressed.</li>
 *   <li>{@code command: decrypt} decrypts {@code from} (binary or armoured) to {@code to} with the secret key ring
 *       {@code secretkeyring} (a file written by {@code gpg --export-secret-keys}); {@code passphrase} (a secret
 *       field) unlocks the key. The integrity packet is checked; data without one is refused, as GnuPG does.
 *       Signatures of signed messages are not verified.</li>
 * </ul>
 * Without {@code publickeyring}/{@code secretkeyring}, the keys of the engine's GnuPG home are used
 * ({@link GnupgHome}, {@code --gnupg-home} on the command line), as tool_dataflows ran {@code gpg --homedir} on its
 * key directory; a key ring file in the config wins over the home.
 *
 * <p>As in tool_dataflows, a failure of the operation (missing input, no matching key, wrong passphrase, corrupt data)
 * is logged at ERROR level and sets {@code steps.<alias>.vars.success} to false without failing the run; on success
 * it is true. A path outside the permitted directories or invalid config fails the step. {@code to} is written to a
 * temporary sibling moved into place only after the whole input was processed (and, when decrypting, its integrity
 * verified), so a failure leaves nothing behind. A dry run reports the operation for targets outside the scratch
 * directory and performs it for targets inside it.
 *
 * <p>OpenPGP messages are compressed, so decryption is limited as {@code connector_compression}'s decompression is
 * ({@code maxoutputsize}, default 1 GiB; {@code maxratio}, default 100): a message over a limit fails the step,
 * naming it, and leaves nothing.
 */
public abstract class GpgStep extends ActionStep {

    private static final Logger log = LoggerFactory.getLogger(GpgStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("command", FieldType.STRING).required().oneOf("encrypt", "decrypt")
                    .describe("encrypt or decrypt"))
            .field(ConfigField.of("passphrase", FieldType.STRING).secret()
                    .describe("Passphrase of the secret key (decrypt)"))
            .field(ConfigField.of("userid", FieldType.STRING)
                    .describe("Recipient (encrypt): user id text, key id or fingerprint; may be empty when the"
                            + " public key ring holds one key"))
            .field(ConfigField.of("from", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The file to encrypt or decrypt"))
            .field(ConfigField.of("to", FieldType.STRING).required().path(PathAccess.WRITE)
                    .describe("The file to write"))
            .field(ConfigField.of("publickeyring", FieldType.STRING).path(PathAccess.READ)
                    .describe("Public keys for encrypt: a file written by gpg --export [--armor]; default: the"
                            + " engine's GnuPG home (--gnupg-home)"))
            .field(ConfigField.of("secretkeyring", FieldType.STRING).path(PathAccess.READ)
                    .describe("Secret keys for decrypt: a file written by gpg --export-secret-keys [--armor];"
                            + " default: the engine's GnuPG home (--gnupg-home)"))
            .field(ConfigField.of("armor", FieldType.BOOLEAN)
                    .describe("Encrypt: write ASCII-armoured output (gpg --armor)"))
            .field(ConfigField.of("maxoutputsize", FieldType.INTEGER).defaultValue(ExpansionLimit.DEFAULT_MAX_SIZE)
                    .minimum(0)
                    .describe("Decrypt: the most bytes written; default 1073741824 (1 GiB), 0: no limit"))
            .field(ConfigField.of("maxratio", FieldType.INTEGER).defaultValue(ExpansionLimit.DEFAULT_MAX_RATIO)
                    .minimum(0)
                    .describe("Decrypt: the most bytes written per byte read, once past 1 MiB; default 100,"
                            + " 0: no limit"))
            .build();

    GpgStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return kind() == StepKind.CONNECTOR ? "connector_gpg" : "flow_gpg";
    }

    @Override
    public String displayName() {
        return "GPG";
    }

    @Override
    public String description() {
        return "Encrypts or decrypts a file with OpenPGP (GnuPG-compatible); sets vars.success.";
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
    public boolean hasSideEffects(Map<String, Object> config) {
        return !StepPaths.isRelative(config.get("to"));
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of("vars.success", "True when the encryption or decryption succeeded");
    }

    @Override
    public void validate(StepValidation validation) {
        // Every run is validated first, so this is where a missing library stops it, before any step has run.
        OpenPgpLibrary.problem(id()).ifPresent(problem -> validation.problem(null, problem));
        Object command = validation.config().get("command");
        if (!(command instanceof String) || !validation.isStatic("command")) {
            return;
        }
        String ring = "encrypt".equals(command) ? "publickeyring" : "decrypt".equals(command) ? "secretkeyring"
                : null;
        Object value = ring == null ? null : validation.config().get(ring);
        if (ring != null && (value == null || "".equals(value))
                && validation.service(GnupgHome.class).isEmpty()) {
            validation.problem(ring, missingRing(ring, (String) command));
        }
    }

    private static String missingRing(String ring, String command) {
        return "Config '" + ring + "' is missing. It is required to " + command + ", unless the engine has a GnuPG "
                + "home directory (--gnupg-home DIR on the command line).";
    }

    @Override
    protected DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        String command = ctx.config().optionalString("command").orElse("").trim().toLowerCase(Locale.ROOT);
        if (!command.equals("encrypt") && !command.equals("decrypt")) {
            throw new DataflowException("Config 'command' is invalid. Allowed values: encrypt, decrypt (got \""
                    + ctx.config().string("command") + "\").");
        }
        boolean encrypt = command.equals("encrypt");
        String ringField = encrypt ? "publickeyring" : "secretkeyring";
        // A key ring file in the config wins over the engine's GnuPG home.
        Optional<GnupgHome> home = ctx.config().optionalString(ringField).isEmpty()
                ? ctx.service(GnupgHome.class) : Optional.empty();
        if (ctx.config().optionalString(ringField).isEmpty() && home.isEmpty()) {
            throw new DataflowException(missingRing(ringField, command));
        }
        Path from = FileSteps.path(ctx, "from", PathAccess.READ);
        Path to = FileSteps.path(ctx, "to", PathAccess.WRITE);
        Path ring = home.isPresent() ? null : FileSteps.path(ctx, ringField, PathAccess.READ);
        Path homeDir = home.map(GnupgHome::directory).orElse(null);
        // Config is read before the operation: an expression that fails fails the step, it is no failed operation.
        String userId = ctx.config().optionalString("userid").orElse("");
        boolean armor = ctx.config().bool("armor");
        char[] passphrase = ctx.config().optionalString("passphrase").orElse("").toCharArray();
        ExpansionLimit limit = new ExpansionLimit("Decrypting", from, ctx.config().integer("maxoutputsize"),
                ctx.config().integer("maxratio"));
        boolean success;
        try {
            FileSteps.requireReadableFile(ctx, from, "from");
            if (ring != null) {
                FileSteps.requireReadableFile(ctx, ring, ringField);
            }
            FileSteps.requireWritableTarget(ctx, to, "to");
            if (encrypt) {
                Operations.encrypt(ctx, from, to, ring, homeDir, userId, armor);
            } else {
                Operations.decrypt(ctx, from, to, ring, homeDir, passphrase, limit);
            }
            success = true;
        } catch (PathNotPermittedException | FileSteps.Refused e) {
            throw e;
        } catch (DataflowException | IOException e) {
            String reason = e instanceof DataflowException ? ((DataflowException) e).getOriginalMessage()
                    : e.getMessage();
            log.error("Step '{}' ({}) could not {} \"{}\": {}", ctx.stepAlias(), id(), command, from,
                    ctx.redact(String.valueOf(reason)));
            success = false;
        }
        ctx.output("vars.success", success);
        return input;
    }

    /**
     * The calls into Bouncy Castle, in a class of their own: it is loaded only when a step runs with the library
     * present, so that the step type itself loads, validates and reports the missing library without it.
     */
    private static final class Operations {

        private Operations() {}

        /** Encrypts with a key of the key ring file {@code ring}, or of the GnuPG home {@code home} without one. */
        private static void encrypt(StepContext ctx, Path from, Path to, Path ring, Path home, String userId,
                boolean armor) throws Exception {
            PGPPublicKey key;
            if (ring == null) {
                key = GnupgKeys.encryptionKey(home, userId);
            } else {
                PGPPublicKeyRingCollection rings;
                try (InputStream in = FileSteps.open(ctx, ring, "publickeyring")) {
                    rings = OpenPgp.publicRings(in);
                }
                key = OpenPgp.encryptionKey(rings, userId);
            }
            Date modified = new Date(FileSteps.attributes(ctx, from).map(a -> a.lastModifiedTime().toMillis())
                    .orElse(System.currentTimeMillis()));
            log.debug("Encrypting {} to {} for key {}", from, to, OpenPgp.fingerprint(key));
            FileSteps.write(ctx, to, false, "encrypt " + from + " to " + to, out -> {
                try (InputStream in = FileSteps.open(ctx, from, "from")) {
                    OpenPgp.encrypt(in, out, key, from.getFileName().toString(), modified, armor);
                }
            });
        }

        /** Decrypts with a key of the key ring file {@code ring}, or of the GnuPG home {@code home} without one. */
        private static void decrypt(StepContext ctx, Path from, Path to, Path ring, Path home, char[] passphrase,
                ExpansionLimit limit) throws Exception {
            OpenPgp.SecretKeys keys;
            if (ring == null) {
                keys = GnupgKeys.secretKeys(home, passphrase);
            } else {
                PGPSecretKeyRingCollection rings;
                try (InputStream in = FileSteps.open(ctx, ring, "secretkeyring")) {
                    rings = OpenPgp.secretRings(in);
                }
                keys = OpenPgp.secretKeys(rings, passphrase);
            }
            log.debug("Decrypting {} to {}", from, to);
            FileSteps.write(ctx, to, false, "decrypt " + from + " to " + to, out -> {
                try (ExpansionLimit.CountingInputStream in = new ExpansionLimit.CountingInputStream(
                        FileSteps.open(ctx, from, "from"))) {
                    OpenPgp.decrypt(in, out, keys, limit);
                }
            });
        }
    }

    /** {@code connector_gpg}. */
    public static final class Connector extends GpgStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_gpg}. */
    public static final class Flow extends GpgStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}

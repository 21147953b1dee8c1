package io.dataflows.sftp.internal;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepValidation;
import java.util.Map;

/** The connection fields every SFTP step takes, and the checks on them a schema cannot express. */
final class SftpFields {

    /** The port when none is configured. */
    static final long DEFAULT_PORT = 22;

    /** Seconds to wait for the connection, the login and each answer of the server, when none is configured. */
    static final long DEFAULT_TIMEOUT_SECONDS = 60;

    private SftpFields() {}

    /** Adds the connection fields to {@code schema}. */
    static ConfigSchema.Builder connection(ConfigSchema.Builder schema) {
        return schema
                .field(ConfigField.of("host", FieldType.STRING).required().label("Host")
                        .describe("The SFTP server's host name or address"))
                .field(ConfigField.of("port", FieldType.INTEGER).defaultValue(DEFAULT_PORT).minimum(1)
                        .describe("The server's port; default 22"))
                .field(ConfigField.of("hostpubkey", FieldType.STRING)
                        .describe("The server's expected host key: an OpenSSH public key or known_hosts line "
                                + "(ssh-ed25519 AAAA...) or a SHA256: fingerprint; empty: trust the key seen "
                                + "first and refuse any other later"))
                .field(ConfigField.of("username", FieldType.STRING).required().label("Username")
                        .describe("The user to log in as"))
                .field(ConfigField.of("password", FieldType.STRING).secret().label("Password")
                        .describe("The password; with privkeyfile, the private key's passphrase"))
                .field(ConfigField.of("privkeyfile", FieldType.STRING).path(PathAccess.READ)
                        .describe("A local private key file (OpenSSH or PEM) to log in with instead of a password"))
                .field(ConfigField.of("timeout", FieldType.INTEGER).defaultValue(DEFAULT_TIMEOUT_SECONDS).minimum(1)
                        .describe("Seconds to wait for the connection, the login and each answer of the server; "
                                + "default 60"));
    }

    /** tool_dataflows: without a private key file, a password is required. */
    static void validateCredentials(StepValidation validation) {
        Map<String, Object> config = validation.config();
        if (isEmpty(config.get("privkeyfile")) && isEmpty(config.get("password"))) {
            validation.problem("password", "Config 'Password' is missing.");
        }
    }

    static boolean isEmpty(Object value) {
        return value == null || (value instanceof String && ((String) value).isEmpty());
    }
}

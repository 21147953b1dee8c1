package io.dataflows.mail;

import io.dataflows.mail.internal.Addresses;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP server the e-mail steps ({@code connector_email}, {@code flow_email}) and {@link AbortNotifier} send
 * through, and the address they send from. The application registers it on the engine:
 *
 * <pre>{@code
 * SmtpServer smtp = SmtpServer.builder("smtp.example.com", "dataflows@example.com")
 *     .security(SmtpSecurity.STARTTLS)
 *     .login("dataflows", System.getenv("SMTP_PASSWORD"))
 *     .build();
 * DataflowEngine engine = DataflowEngine.builder()
 *     .service(SmtpServer.class, smtp)
 *     .listener(new AbortNotifier(smtp))
 *     .build();
 * }</pre>
 *
 * <p>Immutable. The password is a secret: {@link #toString()} and every message about the server leave it out.
 */
public final class SmtpServer {

    /** How long connecting and each read or write may take unless the builder says otherwise: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final SmtpSecurity security;
    private final String username;
    private final String password;
    private final String from;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private SmtpServer(Builder b) {
        this.host = b.host;
        this.security = b.security;
        this.port = b.port != 0 ? b.port : b.security.defaultPort();
        this.username = b.username;
        this.password = b.password;
        this.from = b.from;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
    }

    /**
     * A builder for the server at {@code host} that sends from {@code from}.
     *
     * @param host the server's host name or address
     * @param from the sender's e-mail address ({@code dataflows@example.com}, or with a display name:
     *     {@code Dataflows <dataflows@example.com>}); checked when the server is built
     */
    public static Builder builder(String host, String from) {
        return new Builder(host, from);
    }

    /** The server's host name or address. */
    public String host() {
        return host;
    }

    /** The server's port: the one given, else the {@link SmtpSecurity#defaultPort()} of the security. */
    public int port() {
        return port;
    }

    /** {@code host:port}, as messages name the server. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** How the connection is protected. */
    public SmtpSecurity security() {
        return security;
    }

    /** The user to log in as; empty when the server takes mail without a login. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The password of {@link #username()}; empty without a login. A secret: never log it. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The sender's address, as given to the builder. */
    public String from() {
        return from;
    }

    /** How long connecting may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long each read from, or write to, the server may take. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Everything but the password: {@code SmtpServer[smtp.example.com:587 STARTTLS user dataflows from ...]}. */
    @Override
    public String toString() {
        return "SmtpServer[" + address() + " " + security + (username != null ? " user " + username : "")
                + " from " + from + "]";
    }

    /** Builds an {@link SmtpServer}. */
    public static final class Builder {
        private final String host;
        private final String from;
        private int port;
        private SmtpSecurity security = SmtpSecurity.NONE;
        private String username;
        private String password;
        private Duration connectTimeout = DEFAULT_TIMEOUT;
        private Duration readTimeout = DEFAULT_TIMEOUT;

        private Builder(String host, String from) {
            this.host = requireText(host, "host");
            this.from = requireText(from, "from");
        }

        /**
         * The port; default: the {@link SmtpSecurity#defaultPort()} of the security.
         *
         * @throws IllegalArgumentException unless 1 to 65535
         */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("SMTP port must be 1 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** How the connection is protected; default {@link SmtpSecurity#NONE}. */
        public Builder security(SmtpSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * Log in as {@code username} with {@code password}; default: no login.
         *
         * @throws IllegalArgumentException if the username is empty
         */
        public Builder login(String username, String password) {
            this.username = requireText(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * How long connecting may take; default {@link SmtpServer#DEFAULT_TIMEOUT}.
         *
         * @throws IllegalArgumentException unless positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * How long each read or write may take; default {@link SmtpServer#DEFAULT_TIMEOUT}.
         *
         * @throws IllegalArgumentException unless positive
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "read timeout");
            return this;
        }

        /**
         * The server.
         *
         * @throws IllegalArgumentException when the sender's address is not an e-mail address
         */
        public SmtpServer build() {
            Addresses.checkSender(from);
            return new SmtpServer(this);
        }

        private static String requireText(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isBlank()) {
                throw new IllegalArgumentException("SMTP " + what + " must not be empty");
            }
            return value;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("SMTP " + what + " must be positive (and under 24 days), got "
                        + d);
            }
            return d;
        }
    }
}

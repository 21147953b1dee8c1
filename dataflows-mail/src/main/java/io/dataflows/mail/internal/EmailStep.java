package io.dataflows.mail.internal;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.Effect;
import io.dataflows.mail.SmtpServer;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_email} (once) and {@code flow_email} (per record, which it passes on): sends an e-mail through
 * the {@link SmtpServer} the application registered on the engine. Every field is a template; in {@code flow_email}
 * it sees the record ({@code ${{ record.name }}}). {@code message} may also be tool_dataflows' editor value
 * {@code {text: ..., format: ...}}, whose {@code text} is the body. A dry run sends nothing, reports the e-mail as
 * an effect and passes the record on (tool_dataflows passed {@code true} on instead). See docs/email.md.
 */
public abstract class EmailStep implements ConnectorStep, FlowStep {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.mail");

    /** Why an e-mail step cannot run: the application registered no SMTP server. */
    public static final String NO_SERVER = "No SMTP server is configured for e-mail steps: register one with "
            + "DataflowEngine.builder().service(SmtpServer.class, server), or on the command line give --smtp-url "
            + "and --smtp-from.";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("to", FieldType.STRING).required()
                    .describe("The recipients: e-mail addresses separated by commas (a@example.com or "
                            + "Name <a@example.com>)"))
            .field(ConfigField.of("name", FieldType.STRING)
                    .describe("The recipient's display name, when 'to' is one address without a name of its own"))
            .field(ConfigField.of("cc", FieldType.STRING)
                    .describe("Copy recipients: e-mail addresses separated by commas"))
            .field(ConfigField.of("bcc", FieldType.STRING)
                    .describe("Blind copy recipients, whom the other recipients do not see: e-mail addresses "
                            + "separated by commas"))
            .field(ConfigField.of("subject", FieldType.STRING).required()
                    .describe("The subject; any characters (encoded for the header as needed)"))
            .field(ConfigField.of("message", FieldType.ANY).required()
                    .describe("The body (UTF-8); or tool_dataflows' {text, format} map, whose text is the body"))
            .field(ConfigField.of("html", FieldType.BOOLEAN).defaultValue(false)
                    .describe("Send the body as HTML (text/html) instead of plain text (text/plain)"))
            .build();

    private final StepKind kind;

    EmailStep(StepKind kind) {
        this.kind = kind;
    }

    @Override
    public final StepKind kind() {
        return kind;
    }

    @Override
    public LinkLimits links() {
        return kind == StepKind.CONNECTOR ? LinkLimits.defaults(StepKind.CONNECTOR) : LinkLimits.flowAction();
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public String displayName() {
        return kind == StepKind.CONNECTOR ? "Email notification" : "Flow email notification";
    }

    @Override
    public String description() {
        return "Sends an e-mail through the configured SMTP server" + (kind == StepKind.CONNECTOR ? " once"
                : " for each record, which it passes on") + "; dry runs only report it.";
    }

    /** The flow form passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        return true;
    }

    @Override
    public void validate(StepValidation validation) {
        if (validation.service(SmtpServer.class).isEmpty()) {
            validation.problem(null, NO_SERVER);
        }
        for (String field : List.of("to", "cc", "bcc")) {
            Object value = validation.config().get(field);
            if (value instanceof String && validation.isStatic(field)) {
                try {
                    Addresses.parse("Config '" + field + "'", (String) value);
                } catch (IllegalArgumentException e) {
                    validation.problem(field, e.getMessage());
                }
            }
        }
        Object message = validation.config().get("message");
        if (message instanceof Map && !isText(((Map<?, ?>) message).get("text")) || message instanceof List) {
            validation.problem("message", MESSAGE_MAP);
        }
    }

    /** A value that can be a body: a string, a number or a boolean. */
    private static boolean isText(Object value) {
        return value != null && !(value instanceof Map) && !(value instanceof List);
    }

    private static final String MESSAGE_MAP = "Config 'message' is invalid. It must be text, or a map with the "
            + "text under 'text'.";

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        new Sending(ctx).send();
        return Outcome.CONTINUE;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        Sending sending = new Sending(ctx);
        return (record, out) -> {
            sending.send();
            out.emit(record);
        };
    }

    /** The e-mails of one step in one run. */
    private final class Sending {
        private final StepContext ctx;
        private final MailSender sender;

        Sending(StepContext ctx) {
            this.ctx = ctx;
            this.sender = new MailSender(ctx.service(SmtpServer.class)
                    .orElseThrow(() -> new DataflowException(NO_SERVER)));
        }

        void send() throws Exception {
            OutgoingMail mail = mail(ctx.config());
            String to = OutgoingMail.line(mail.to());
            String subject = ctx.redact(mail.subject());
            StringBuilder description = new StringBuilder("send e-mail \"").append(subject).append("\" to ")
                    .append(to);
            if (!mail.cc().isEmpty()) {
                description.append(", cc ").append(OutgoingMail.line(mail.cc()));
            }
            if (!mail.bcc().isEmpty()) {
                description.append(", bcc ").append(OutgoingMail.line(mail.bcc()));
            }
            boolean sent = ctx.effects().perform(Effect.Kind.SEND, to, ctx.redact(description.toString()), () -> {
                log.info("Sending email to {}", to);
                log.debug("Email subject: {}", subject);
                log.debug("Email message: {}", ctx.redact(mail.body()));
                sender.send(mail, ctx::onCancel);
            });
            if (!sent) {
                log.info(kind == StepKind.CONNECTOR ? "Do not send email notification as this is a dry run."
                        : "Skip email notification as this is a dry run.");
            }
        }

        private OutgoingMail mail(StepConfig config) {
            List<InternetAddress> to = addresses(config, "to");
            if (to.isEmpty()) {
                throw new DataflowException("Config 'to' is invalid: it holds no e-mail address.");
            }
            String name = config.optionalString("name").map(n -> n.replaceAll("\\p{Cntrl}+", " ").strip())
                    .orElse("");
            if (!name.isEmpty() && to.size() == 1 && to.get(0).getPersonal() == null) {
                try {
                    to = List.of(new InternetAddress(to.get(0).getAddress(), name, StandardCharsets.UTF_8.name()));
                } catch (UnsupportedEncodingException e) {
                    throw new IllegalStateException("UTF-8 is always supported", e);
                }
            }
            return new OutgoingMail(to, addresses(config, "cc"), addresses(config, "bcc"),
                    config.optionalString("subject").orElse(""), body(config), config.bool("html"));
        }

        private List<InternetAddress> addresses(StepConfig config, String field) {
            try {
                return Addresses.parse("Config '" + field + "'", config.optionalString(field).orElse(""));
            } catch (IllegalArgumentException e) {
                throw new DataflowException(e.getMessage());
            }
        }

        private String body(StepConfig config) {
            Object message = config.value("message");
            if (message instanceof Map) {
                Object text = ((Map<?, ?>) message).get("text");
                if (!isText(text)) {
                    throw new DataflowException(MESSAGE_MAP);
                }
                return String.valueOf(text);
            }
            if (message instanceof List) {
                throw new DataflowException(MESSAGE_MAP);
            }
            return config.optionalString("message").orElse("");
        }
    }

    /** {@code connector_email}. */
    public static final class Connector extends EmailStep {
        /** For {@link java.util.ServiceLoader}. */
        public Connector() {
            super(StepKind.CONNECTOR);
        }

        @Override
        public String id() {
            return "connector_email";
        }
    }

    /** {@code flow_email}. */
    public static final class Flow extends EmailStep {
        /** For {@link java.util.ServiceLoader}. */
        public Flow() {
            super(StepKind.FLOW);
        }

        @Override
        public String id() {
            return "flow_email";
        }
    }
}

package io.dataflows.mail.internal;

import io.dataflows.DataflowException;
import io.dataflows.mail.SmtpSecurity;
import io.dataflows.mail.SmtpServer;
import io.dataflows.spi.CancelRegistration;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Sends messages through one {@link SmtpServer} with Jakarta Mail, one connection per message, made by
 * {@link TrackedSockets} so that a cancelled run can close it. Failures become a {@link DataflowException} naming the
 * server ({@code host:port}) and never the password.
 */
public final class MailSender {

    private final SmtpServer server;
    private final InternetAddress from;
    private final String protocol;
    private final Properties properties;

    /** A sender through {@code server}. */
    public MailSender(SmtpServer server) {
        this.server = server;
        this.from = Addresses.checkSender(server.from());
        this.protocol = server.security() == SmtpSecurity.TLS ? "smtps" : "smtp";
        this.properties = properties();
    }

    private Properties properties() {
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty(p + "host", server.host());
        props.setProperty(p + "port", Integer.toString(server.port()));
        props.setProperty(p + "connectiontimeout", Long.toString(server.connectTimeout().toMillis()));
        props.setProperty(p + "timeout", Long.toString(server.readTimeout().toMillis()));
        props.setProperty(p + "writetimeout", Long.toString(server.readTimeout().toMillis()));
        props.setProperty(p + "from", from.getAddress()); // the envelope sender
        props.setProperty(p + "auth", Boolean.toString(server.username().isPresent()));
        if (server.security() == SmtpSecurity.STARTTLS) {
            // Required, not opportunistic: without it a server (or whoever sits between) could keep the
            // connection, and the login, in clear.
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (server.security() != SmtpSecurity.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    /** The server messages are sent through. */
    public SmtpServer server() {
        return server;
    }

    /**
     * Sends {@code mail}.
     *
     * @throws DataflowException naming the server when it cannot be reached, refuses the login or the message
     */
    public void send(OutgoingMail mail) {
        send(mail, closeSockets -> () -> { });
    }

    /**
     * Sends {@code mail}; {@code onCancel} registers what wakes the send when it blocks on the network
     * ({@code StepContext::onCancel}): it closes the connection.
     *
     * @throws DataflowException naming the server when it cannot be reached, refuses the login or the message
     */
    public void send(OutgoingMail mail, Function<Runnable, CancelRegistration> onCancel) {
        TrackedSockets sockets = new TrackedSockets();
        Properties props = new Properties();
        props.putAll(properties);
        props.put("mail." + protocol + ".socketFactory", sockets.plain());
        props.put("mail." + protocol + ".ssl.socketFactory", sockets.tls());
        // When a socket of these factories fails (closed by a cancellation while connecting), the default would be to
        // try again with a socket of Jakarta Mail's own, which a cancellation could not reach.
        props.setProperty("mail." + protocol + ".socketFactory.fallback", "false");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        try {
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, mail.to().toArray(new InternetAddress[0]));
            if (!mail.cc().isEmpty()) {
                message.setRecipients(Message.RecipientType.CC, mail.cc().toArray(new InternetAddress[0]));
            }
            if (!mail.bcc().isEmpty()) {
                message.setRecipients(Message.RecipientType.BCC, mail.bcc().toArray(new InternetAddress[0]));
            }
            // Encoded as RFC 2047 words when not ASCII; a line break would start a header of its own.
            message.setSubject(mail.subject().replaceAll("[\\r\\n]+", " "), StandardCharsets.UTF_8.name());
            message.setText(mail.body(), StandardCharsets.UTF_8.name(), mail.html() ? "html" : "plain");
            message.setSentDate(new Date());
            message.saveChanges();
        } catch (MessagingException e) {
            throw new DataflowException("Cannot build the e-mail: " + scrub(e.getMessage()), e);
        }
        try (CancelRegistration cancel = onCancel.apply(sockets::closeAll);
                Transport transport = session.getTransport(protocol)) {
            transport.connect(server.host(), server.port(), server.username().orElse(null),
                    server.password().orElse(null));
            transport.sendMessage(message, message.getAllRecipients());
        } catch (AuthenticationFailedException e) {
            // Without the cause: what the server answered to a login is not repeated anywhere else.
            throw new DataflowException("The SMTP server " + server.address() + " refused the login of user '"
                    + server.username().orElse("") + "'" + reason(e) + ".");
        } catch (SendFailedException e) {
            throw new DataflowException("The SMTP server " + server.address() + " refused the e-mail" + reason(e)
                    + ".", e);
        } catch (MessagingException e) {
            throw failure(e);
        }
    }

    private DataflowException failure(MessagingException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException
                    || t instanceof SSLException) {
                String what = t instanceof UnknownHostException ? "unknown host"
                        : t instanceof SocketTimeoutException ? "timed out" : t.getMessage();
                return new DataflowException("Cannot connect to the SMTP server " + server.address()
                        + (what == null || what.isBlank() ? "" : ": " + scrub(what)) + ".", e);
            }
        }
        return new DataflowException("Sending e-mail through the SMTP server " + server.address() + " failed"
                + reason(e) + ".", e);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException && ((MessagingException) t).getNextException() != null) {
            return ((MessagingException) t).getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private String reason(MessagingException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "";
        }
        String text = m.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        return ": " + scrub(text);
    }

    /** {@code text} without the password, should a server or library have repeated it. */
    private String scrub(String text) {
        if (text == null) {
            return "";
        }
        String password = server.password().orElse("");
        return password.isEmpty() ? text : text.replace(password, "*****");
    }
}

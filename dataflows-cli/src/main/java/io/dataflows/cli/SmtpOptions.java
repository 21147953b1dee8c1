package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.ValidationReport;
import io.dataflows.mail.AbortNotifier;
import io.dataflows.mail.SmtpSecurity;
import io.dataflows.mail.SmtpServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --smtp-url} and {@code --smtp-from}: the SMTP server e-mail steps and abort notifications send through
 * (see docs/email.md). The password comes from the environment variable {@value #PASSWORD_VARIABLE}, never from the
 * command line, where every user of the machine could read it in the process list.
 */
final class SmtpOptions {

    /** The environment variable that holds the SMTP password. */
    static final String PASSWORD_VARIABLE = "DATAFLOWS_SMTP_PASSWORD";

    private static final String FORM = "expected smtp://[USER@]HOST[:PORT] (plain), smtp+starttls://... (STARTTLS "
            + "required) or smtps://... (TLS)";

    @Option(names = "--smtp-url", paramLabel = "URL",
            description = "The SMTP server of e-mail steps and abort notifications: smtp://[USER@]HOST[:PORT] "
                    + "(plain, port 25), smtp+starttls://... (STARTTLS required, port 587) or smtps://... (TLS, "
                    + "port 465). The password of USER from DATAFLOWS_SMTP_PASSWORD.")
    String url;

    @Option(names = "--smtp-from", paramLabel = "ADDRESS",
            description = "The sender's address of e-mail steps and abort notifications (with --smtp-url).")
    String from;

    /**
     * Registers the server, and an {@link AbortNotifier} when {@code notifier}, on {@code builder}; nothing without
     * the options.
     *
     * @throws CommandLine.ParameterException for a malformed URL or address, never repeating a password
     */
    void register(DataflowEngine.Builder builder, boolean notifier, Map<String, String> env,
            Supplier<CommandLine> cmd) {
        server(env, cmd).ifPresent(server -> {
            builder.service(SmtpServer.class, server);
            if (notifier) {
                builder.listener(new AbortNotifier(server));
            }
        });
    }

    /**
     * {@code report} with the {@linkplain #notificationWarning warning} about e-mails on abort added, if any.
     */
    ValidationReport withNotificationWarning(ValidationReport report, Dataflow flow) {
        Optional<Problem> warning = notificationWarning(flow);
        if (warning.isEmpty()) {
            return report;
        }
        List<Problem> problems = new ArrayList<>(report.problems());
        problems.add(warning.get());
        return ValidationReport.of(report.dataflowName(), problems);
    }

    /**
     * A warning when {@code flow} asks for e-mails about aborted runs ({@code notifyonabort}) and no SMTP server is
     * configured: without one, none would be sent, and nothing else would say so.
     */
    Optional<Problem> notificationWarning(Dataflow flow) {
        Object to = flow.config().get(AbortNotifier.CONFIG_KEY);
        boolean asked = to instanceof String ? !((String) to).isBlank()
                : to instanceof List && !((List<?>) to).isEmpty();
        if (url != null || !asked) {
            return Optional.empty();
        }
        return Optional.of(new Problem(null, "config." + AbortNotifier.CONFIG_KEY, "No e-mail will be sent when a "
                + "run aborts: no SMTP server is configured (--smtp-url and --smtp-from).", Problem.Severity.WARNING));
    }

    /** The server the options describe; empty without them. Call early: a mistake is a usage error. */
    Optional<SmtpServer> server(Map<String, String> env, Supplier<CommandLine> cmd) {
        if (url == null && from == null) {
            return Optional.empty();
        }
        if (url == null) {
            throw new CommandLine.ParameterException(cmd.get(), "--smtp-from needs --smtp-url (the SMTP server)");
        }
        if (from == null) {
            throw new CommandLine.ParameterException(cmd.get(), "--smtp-url needs --smtp-from (the sender's address)");
        }
        return Optional.of(parse(url, from, env.get(PASSWORD_VARIABLE), cmd));
    }

    /** The server of {@code url}; messages never repeat the URL, which may hold a password by mistake. */
    static SmtpServer parse(String url, String from, String password, Supplier<CommandLine> cmd) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid(cmd, e.getReason() + " at index " + e.getIndex() + "; " + FORM);
        }
        SmtpSecurity security = security(uri.getScheme(), cmd);
        String rawUser = uri.getRawUserInfo();
        if (rawUser != null && rawUser.indexOf(':') >= 0) {
            throw invalid(cmd, "a password in the URL would be visible to every user in the process list; give it in "
                    + PASSWORD_VARIABLE);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || uri.isOpaque()) {
            throw invalid(cmd, "no host name; " + FORM);
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(cmd, "nothing may follow the host and port; " + FORM);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String user = rawUser == null ? null : URLDecoder.decode(rawUser.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (user != null && user.isEmpty()) {
            throw invalid(cmd, "the user before @ is empty; " + FORM);
        }
        if (user != null && (password == null || password.isEmpty())) {
            throw new CommandLine.ParameterException(cmd.get(), "--smtp-url names the user '" + user + "': give its "
                    + "password in " + PASSWORD_VARIABLE);
        }
        if (user == null && password != null && !password.isEmpty()) {
            throw new CommandLine.ParameterException(cmd.get(), PASSWORD_VARIABLE + " is set, but --smtp-url names no "
                    + "user to log in as (smtp://USER@HOST)");
        }
        SmtpServer.Builder b;
        try {
            b = SmtpServer.builder(host, from).security(security);
        } catch (IllegalArgumentException e) {
            throw invalid(cmd, e.getMessage());
        }
        if (uri.getPort() != -1) {
            try {
                b.port(uri.getPort());
            } catch (IllegalArgumentException e) {
                throw invalid(cmd, "the port must be 1 to 65535");
            }
        }
        if (user != null) {
            b.login(user, password);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.get(), "Invalid value for --smtp-from: " + e.getMessage());
        }
    }

    private static SmtpSecurity security(String scheme, Supplier<CommandLine> cmd) {
        switch (scheme == null ? "" : scheme.toLowerCase(Locale.ROOT)) {
            case "smtp":
                return SmtpSecurity.NONE;
            case "smtp+starttls":
                return SmtpSecurity.STARTTLS;
            case "smtps":
                return SmtpSecurity.TLS;
            default:
                throw invalid(cmd, FORM);
        }
    }

    private static CommandLine.ParameterException invalid(Supplier<CommandLine> cmd, String reason) {
        return new CommandLine.ParameterException(cmd.get(), "Invalid value for --smtp-url: " + reason);
    }
}

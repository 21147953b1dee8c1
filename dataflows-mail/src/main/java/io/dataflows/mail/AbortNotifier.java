package io.dataflows.mail;

import io.dataflows.RunListener;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.mail.internal.Addresses;
import io.dataflows.mail.internal.MailSender;
import io.dataflows.mail.internal.OutgoingMail;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an e-mail when a run aborts to the addresses of the dataflow's {@code notifyonabort} config
 * (comma-separated text, or a list): subject {@code Dataflow run aborted: <dataflow>}, the reason, and the step
 * (and record) that failed. Register it on the engine with {@code DataflowEngine.builder().listener(...)}.
 *
 * <p>Only aborted runs notify: a finalised, cancelled or blocked run does not, nor does an aborted dry run (which
 * logs that it sends nothing). An address that is not one is logged and left out. Sending happens on the run's
 * thread as the run ends (bounded by the server's timeouts); a failure to send is logged as a warning, without the
 * password, and never changes the run's result.
 */
public final class AbortNotifier implements RunListener {

    /** The dataflow config key that lists the addresses. */
    public static final String CONFIG_KEY = "notifyonabort";

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.mail");

    private final MailSender sender;

    /**
     * A notifier that sends through {@code server}.
     *
     * @param server the SMTP server and sender address
     */
    public AbortNotifier(SmtpServer server) {
        this.sender = new MailSender(server);
    }

    /** Sends the notification when {@code result} is an aborted run whose dataflow lists addresses. */
    @Override
    public void runFinished(RunResult result) {
        if (result.status() != RunStatus.ABORTED) {
            return;
        }
        List<InternetAddress> to = recipients(result);
        if (to.isEmpty()) {
            return;
        }
        if (result.isDryRun()) {
            log.info("Do not send abort notification email as this is a dry run.");
            return;
        }
        log.info("Sending abort notification email.");
        try {
            sender.send(new OutgoingMail(to, List.of(), List.of(), "Dataflow run aborted: " + result.dataflowName(),
                    body(result), false));
        } catch (RuntimeException e) {
            log.warn("Cannot send the abort notification of dataflow '{}' (run {}) to {}: {}", result.dataflowName(),
                    result.runId(), OutgoingMail.line(to), e.getMessage());
        }
    }

    /** The addresses of the dataflow's {@code notifyonabort}, without those that are not addresses (logged). */
    private static List<InternetAddress> recipients(RunResult result) {
        Optional<Object> config = result.variable("dataflow.config." + CONFIG_KEY);
        List<String> entries = new ArrayList<>();
        if (config.isPresent() && config.get() instanceof List) {
            for (Object o : (List<?>) config.get()) {
                if (o != null) {
                    entries.add(o.toString());
                }
            }
        } else if (config.isPresent() && config.get() instanceof String) {
            entries.add((String) config.get());
        }
        List<InternetAddress> out = new ArrayList<>();
        for (String entry : entries) {
            for (String one : entry.split(",")) {
                if (one.isBlank()) {
                    continue;
                }
                try {
                    out.addAll(Addresses.parse("Config '" + CONFIG_KEY + "' of dataflow '" + result.dataflowName()
                            + "'", one.strip()));
                } catch (IllegalArgumentException e) {
                    log.warn("{} The abort notification is not sent to it.", e.getMessage());
                }
            }
        }
        return out;
    }

    private static String body(RunResult result) {
        Optional<StepExecutionException> failure = result.failure();
        StringBuilder sb = new StringBuilder("The dataflow ").append(result.dataflowName())
                .append(" was aborted on run ").append(result.runId()).append(".\n\n")
                .append("Reason: ").append(failure.map(StepExecutionException::getOriginalMessage).orElse(""))
                .append('\n');
        failure.flatMap(StepExecutionException::stepAlias).ifPresent(alias -> {
            sb.append("Failed step: ").append(alias);
            if (failure.get().stepType() != null) {
                sb.append(" (").append(failure.get().stepType()).append(')');
            }
            failure.get().recordNumber().ifPresent(n -> sb.append(", on record #").append(n));
            sb.append('\n');
        });
        return sb.append("\nSee the run logs for further details.").toString();
    }
}

package io.dataflows.mail.internal;

import jakarta.mail.internet.InternetAddress;
import java.util.List;

/**
 * One message to send: recipients, subject and body ({@code text/html} when {@code html}, else {@code text/plain}).
 * At least one recipient.
 */
public record OutgoingMail(List<InternetAddress> to, List<InternetAddress> cc, List<InternetAddress> bcc,
        String subject, String body, boolean html) {

    /** Copies the lists. */
    public OutgoingMail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            throw new IllegalArgumentException("an e-mail needs at least one recipient");
        }
    }

    /** The {@code To} addresses as one line: {@code a@example.com, Bea <b@example.com>}. */
    public String toLine() {
        return line(to);
    }

    /** {@code addresses} as one line, separated by commas. */
    public static String line(List<InternetAddress> addresses) {
        StringBuilder sb = new StringBuilder();
        for (InternetAddress a : addresses) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(a.toUnicodeString());
        }
        return sb.toString();
    }
}

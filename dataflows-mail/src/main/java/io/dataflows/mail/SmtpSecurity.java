package io.dataflows.mail;

/** How the connection to an {@link SmtpServer} is protected. */
public enum SmtpSecurity {
    /** Plain SMTP, nothing encrypted (port 25 by convention): only for a relay on the same host or network. */
    NONE,
    /**
     * Plain SMTP upgraded with {@code STARTTLS} before anything else is sent (port 587 by convention). Required, not
     * opportunistic: a server that does not offer it is refused, so the login and the message never travel in clear.
     */
    STARTTLS,
    /** TLS from the first byte, SMTPS (port 465 by convention). */
    TLS;

    /** The port servers of this kind listen on by convention: 25, 587 or 465. */
    public int defaultPort() {
        switch (this) {
            case STARTTLS:
                return 587;
            case TLS:
                return 465;
            default:
                return 25;
        }
    }
}

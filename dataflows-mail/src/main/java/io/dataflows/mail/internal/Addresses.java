package io.dataflows.mail.internal;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and checks e-mail address lists: comma-separated addresses, each {@code a@example.com} or
 * {@code Name <a@example.com>}. An address needs a domain; line breaks and other control characters are refused,
 * so a value cannot add a header.
 */
public final class Addresses {

    private Addresses() {}

    /**
     * The addresses of {@code text}; empty for blank text.
     *
     * @param what what the text is, for the message: {@code "Config 'to'"}
     * @throws IllegalArgumentException {@code <what> is invalid: "x" is not an e-mail address (<reason>).}
     */
    public static List<InternetAddress> parse(String what, String text) {
        if (text.isBlank()) {
            return List.of();
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException(what + " is invalid: \"" + visible(text)
                        + "\" holds a line break or another control character.");
            }
        }
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parse(text, true);
        } catch (AddressException e) {
            throw invalid(what, text, e);
        }
        List<InternetAddress> out = new ArrayList<>(parsed.length);
        for (InternetAddress a : parsed) {
            try {
                a.validate();
            } catch (AddressException e) {
                throw invalid(what, a.toUnicodeString(), e);
            }
            if (a.isGroup()) {
                throw new IllegalArgumentException(what + " is invalid: \"" + a.toUnicodeString()
                        + "\" is a group; list the addresses.");
            }
            out.add(ascii(what, a));
        }
        return out;
    }

    /**
     * {@code a} with its domain in ASCII (IDNA) and its display name to be encoded as UTF-8 in the header. A
     * non-ASCII local part would need the SMTPUTF8 extension, which not every server has: it is refused.
     */
    private static InternetAddress ascii(String what, InternetAddress a) {
        String address = a.getAddress();
        int at = address.lastIndexOf('@');
        String local = address.substring(0, at);
        for (int i = 0; i < local.length(); i++) {
            if (local.charAt(i) > 0x7f) {
                throw new IllegalArgumentException(what + " is invalid: \"" + visible(address) + "\" has characters "
                        + "other than ASCII before the @, which cannot be sent.");
            }
        }
        String domain;
        try {
            domain = IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is invalid: \"" + visible(address) + "\" has an invalid "
                    + "domain (" + e.getMessage() + ").");
        }
        try {
            return new InternetAddress(local + "@" + domain, a.getPersonal(), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /**
     * Checks the sender's address: exactly one address.
     *
     * @throws IllegalArgumentException when it is not an e-mail address
     */
    public static InternetAddress checkSender(String from) {
        List<InternetAddress> addresses = parse("The sender's address", from);
        if (addresses.size() != 1) {
            throw new IllegalArgumentException("The sender's address is invalid: \"" + visible(from)
                    + "\" must be one e-mail address.");
        }
        return addresses.get(0);
    }

    private static IllegalArgumentException invalid(String what, String value, AddressException e) {
        String reason = e.getMessage() == null ? "" : e.getMessage().replaceAll(" in string ``.*$", "");
        return new IllegalArgumentException(what + " is invalid: \"" + visible(value) + "\" is not an e-mail address"
                + (reason.isEmpty() ? "" : " (" + reason + ")") + ".");
    }

    /** The text with control characters shown as {@code \n}, {@code \r} or {@code \}{@code uXXXX}. */
    private static String visible(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < 200; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() >= 200 ? sb + "..." : sb.toString();
    }
}

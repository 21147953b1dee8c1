package io.dataflows.dot;

/**
 * The Graphviz {@code dot} program could not be started: it is not installed, not on the {@code PATH}, or the
 * configured {@link DotExporter.Builder#dotCommand path} is wrong. The message says how to install Graphviz.
 *
 * @since 0.1
 */
public class GraphvizNotFoundException extends GraphvizException {

    private static final long serialVersionUID = 1L;

    /** How to install Graphviz, as the message ends. */
    public static final String INSTALL_HINT = "Install Graphviz to render images: apt-get install graphviz "
            + "(Debian/Ubuntu), brew install graphviz (macOS), or see https://graphviz.org/download/";

    private final String command;

    public GraphvizNotFoundException(String command, Throwable cause) {
        super("Graphviz \"" + command + "\" could not be run (" + (cause == null ? "not found" : cause.getMessage())
                + "). " + INSTALL_HINT + ". The DOT text is still available without Graphviz.", cause);
        this.command = command;
    }

    /** The {@code dot} command that could not be run, as configured. */
    public String command() {
        return command;
    }
}

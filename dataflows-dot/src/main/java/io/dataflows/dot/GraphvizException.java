package io.dataflows.dot;

import io.dataflows.DataflowException;

/**
 * Graphviz {@code dot} could not turn DOT text into an image: it wrote to its standard error, exited with an error,
 * or did not finish within the exporter's timeout (it is then killed). The message says which, with what {@code dot}
 * printed. The DOT text itself is always available from {@link DotExporter#toDot}.
 *
 * @since 0.1
 */
public class GraphvizException extends DataflowException {

    private static final long serialVersionUID = 1L;

    public GraphvizException(String message) {
        super(message);
    }

    public GraphvizException(String message, Throwable cause) {
        super(message, cause);
    }
}

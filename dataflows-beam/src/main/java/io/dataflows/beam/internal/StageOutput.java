package io.dataflows.beam.internal;

import java.io.Serializable;

/**
 * One dependant of a stage's last step, as a worker's engine run wires it: the dependant is replaced by a
 * {@link BundleOutputStep} attached with the same {@code depends_on} reference, so that the real step routes the
 * records exactly as in a local run, and what that output step receives goes to the Beam output {@code port}.
 *
 * <p>Dependants that receive the same records (those of a {@code flow_tee}) share a port: Beam hands the same
 * collection to each of them, and only the first of their output steps passes records on.
 *
 * @param dependant the alias of the step fed by this output
 * @param reference the dependant's {@code depends_on} reference to the stage's last step ({@code route:nz})
 * @param port the stage's Beam output, from 0
 */
public record StageOutput(String dependant, String reference, int port) implements Serializable {

    private static final long serialVersionUID = 1L;
}

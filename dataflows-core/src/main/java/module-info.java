/**
 * Dataflows core: the API ({@code io.dataflows}, {@code io.dataflows.graph}) to define, validate and run dataflows,
 * and the SPI ({@code io.dataflows.spi}) to write step types and state stores. The engine's packages under
 * {@code io.dataflows.internal} are not exported: on the module path they cannot be used, on the class path they must
 * not be.
 *
 * <p>Step types are found with {@link java.util.ServiceLoader}: a module provides them with
 * {@code provides io.dataflows.spi.StepType with ...} (as {@code io.dataflows.steps} does), a jar on the class path
 * lists them in {@code META-INF/services/io.dataflows.spi.StepType}. Runners that execute whole dataflows elsewhere
 * (Apache Beam) are found the same way through {@link io.dataflows.spi.RunnerProvider}.
 */
module io.dataflows.core {
    exports io.dataflows;
    exports io.dataflows.graph;
    exports io.dataflows.spi;

    // ExpressionMode.JEXL: Commons JEXL finds and calls the df namespace and the PHP arithmetic of this package by
    // reflection.
    opens io.dataflows.internal.expr to org.apache.commons.jexl3;

    uses io.dataflows.spi.StepType;
    // Runners (Apache Beam, Flink) offered by other modules, found by name through io.dataflows.Runners.
    uses io.dataflows.spi.RunnerProvider;

    // javax.sql.DataSource is part of the API (DataflowEngine.Builder.dataSource, StepContext.dataSource).
    requires transitive java.sql;
    // The nullness annotations of the API and SPI; not needed at run time.
    requires static transitive org.jspecify;

    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.google.common;
    requires org.apache.commons.jexl3;
    requires org.jgrapht.core;
    requires org.slf4j;
    requires org.yaml.snakeyaml;
}

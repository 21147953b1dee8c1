/**
 * The examples, as an application module: it requires {@code io.dataflows.steps} (which brings
 * {@code io.dataflows.core}) and provides its own step type, {@code acme_uppercase}, the way a module does; the
 * {@code META-INF/services} file says the same for the class path. {@link io.dataflows.examples.ModularExample} runs
 * on the module path.
 */
module io.dataflows.examples {
    // An application: it exports nothing. Its step type is a service, which needs no export.
    requires io.dataflows.steps;
    requires io.dataflows.scheduler;

    provides io.dataflows.spi.StepType with io.dataflows.examples.UppercaseStep;
}

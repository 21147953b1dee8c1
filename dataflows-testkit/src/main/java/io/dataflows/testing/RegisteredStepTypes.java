package io.dataflows.testing;

import io.dataflows.spi.StepType;
import java.security.CodeSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The step types one jar (or classes directory) registers in its {@code META-INF/services/io.dataflows.spi.StepType},
 * to run {@link StepTypeChecks} over every type a module ships without listing them again:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> everyStepTypeKeepsTheContract() {
 *     return RegisteredStepTypes.besides(MyStep.class).stream()
 *             .flatMap(type -> StepTypeChecks.of(type).dynamicTests().stream());
 * }
 * }</pre>
 */
public final class RegisteredStepTypes {

    private RegisteredStepTypes() {}

    /**
     * The step types {@link ServiceLoader} finds whose classes come from the same jar or directory as
     * {@code anyClass}, sorted by id.
     *
     * @param anyClass any class of the module's main code
     */
    public static List<StepType> besides(Class<?> anyClass) {
        String location = location(anyClass);
        return ServiceLoader.load(StepType.class, anyClass.getClassLoader()).stream()
                .filter(p -> Objects.equals(location(p.type()), location)).map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(StepType::id)).collect(Collectors.toList());
    }

    private static String location(Class<?> c) {
        CodeSource source = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? null : source.getLocation().toString();
    }
}

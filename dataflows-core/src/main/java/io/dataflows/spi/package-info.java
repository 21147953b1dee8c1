/**
 * The service provider interface for step types: implement {@link io.dataflows.spi.ConnectorStep},
 * {@link io.dataflows.spi.ReaderStep} or {@link io.dataflows.spi.FlowStep} (or extend
 * {@link io.dataflows.spi.ActionStep}) and list the class in {@code META-INF/services/io.dataflows.spi.StepType};
 * implement {@link io.dataflows.spi.StateStore} to keep state elsewhere.
 *
 * <p>Between minor versions this package only gains default methods. All parameters and return values are non-null
 * unless marked {@code @Nullable} (JSpecify; the package is {@code @NullMarked}).
 */
@NullMarked
package io.dataflows.spi;

import org.jspecify.annotations.NullMarked;

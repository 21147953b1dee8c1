package io.dataflows.internal.expr;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * What JEXL may touch when it evaluates a translated expression: the public methods of the {@code df} namespace
 * ({@link JexlBridge.Df}) and nothing else. Method calls written in expressions do not reach JEXL's introspection:
 * the translation sends them through the namespace to the allow-list of {@link Methods}. So classes, reflection,
 * {@code System}, files, threads, constructors and fields are all out of reach, and nothing relies on JEXL's
 * defaults (they changed in 3.3 and again in 3.7).
 */
final class SandboxPermissions implements JexlPermissions {

    static final SandboxPermissions INSTANCE = new SandboxPermissions();

    private SandboxPermissions() {}

    @Override
    public boolean allow(Package pack) {
        return pack != null && pack.getName().equals(SandboxPermissions.class.getPackageName());
    }

    @Override
    public boolean allow(Class<?> clazz) {
        return clazz == JexlBridge.Df.class;
    }

    @Override
    public boolean allow(Constructor<?> ctor) {
        return false;
    }

    @Override
    public boolean allow(Field field) {
        return false;
    }

    @Override
    public boolean allow(Method method) {
        return method != null && method.getDeclaringClass() == JexlBridge.Df.class
                && Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers());
    }

    @Override
    public JexlPermissions compose(String... src) {
        throw new UnsupportedOperationException("the expression sandbox cannot be widened");
    }
}

package io.dataflows.internal.expr;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * The allow-list of what JEXL may touch when it evaluates a method call: the functions namespace of the library and
 * read-only methods of text, numbers, booleans, lists and maps. Everything else — classes, reflection,
 * {@code System}, files, threads, constructors and fields — is denied. Flows are data and may come from outside,
 * so nothing here relies on JEXL's defaults (they changed in 3.3 and again in 3.7).
 */
final class SandboxPermissions implements JexlPermissions {

    private static final Set<Class<?>> VALUE_TYPES = Set.of(String.class, Long.class, Integer.class, Double.class,
            java.math.BigDecimal.class, Boolean.class, Character.class, Number.class, CharSequence.class,
            Comparable.class);

    private static final Set<Class<?>> COLLECTION_TYPES = Set.of(List.class, Collection.class, Map.class,
            Iterable.class, Map.Entry.class);

    private static final Set<String> COLLECTION_READ_METHODS = Set.of("size", "isEmpty", "contains",
            "containsKey", "containsValue", "get", "getOrDefault", "indexOf", "lastIndexOf", "keySet", "values",
            "subList", "getKey", "getValue", "containsAll");

    private static final Set<String> DENIED_METHODS = Set.of("getClass", "wait", "notify", "notifyAll",
            "describeConstable", "resolveConstantDesc", "chars", "codePoints", "lines", "transform");

    static final SandboxPermissions INSTANCE = new SandboxPermissions();

    private SandboxPermissions() {}

    @Override
    public boolean allow(Package pack) {
        if (pack == null) {
            return false;
        }
        String name = pack.getName();
        return name.equals("java.lang") || name.equals("java.util") || name.equals("java.math")
                || name.equals(SandboxPermissions.class.getPackageName());
    }

    @Override
    public boolean allow(Class<?> clazz) {
        if (clazz == null) {
            return false;
        }
        if (clazz == JexlBridge.Df.class || VALUE_TYPES.contains(clazz) || COLLECTION_TYPES.contains(clazz)) {
            return true;
        }
        // Implementations of List and Map (often JDK-internal classes) are reached through their interfaces.
        return List.class.isAssignableFrom(clazz) || Map.class.isAssignableFrom(clazz)
                || Map.Entry.class.isAssignableFrom(clazz) || Collection.class.isAssignableFrom(clazz);
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
        if (method == null || !Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())) {
            return false;
        }
        if (DENIED_METHODS.contains(method.getName())) {
            return false;
        }
        Class<?> owner = method.getDeclaringClass();
        if (owner == JexlBridge.Df.class) {
            return true;
        }
        if (VALUE_TYPES.contains(owner)) {
            return method.getReturnType() != Class.class;
        }
        if (COLLECTION_TYPES.contains(owner) || Collection.class.isAssignableFrom(owner)
                || Map.class.isAssignableFrom(owner) || Map.Entry.class.isAssignableFrom(owner)) {
            return COLLECTION_READ_METHODS.contains(method.getName());
        }
        return false;
    }

    @Override
    public JexlPermissions compose(String... src) {
        throw new UnsupportedOperationException("the expression sandbox cannot be widened");
    }
}

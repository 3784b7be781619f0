package io.camelbundle.routes;

import java.beans.Introspector;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

/**
 * The named beans the bundle's routes can refer to, read from its compiled classes without starting it:
 * a class, producer method or producer field annotated {@link Named} (CDI's default names when the value is
 * empty). Route files refer to beans only by such names, so a route naming anything else fails to start.
 */
public final class BeanIndex implements RouteFileValidator.Beans {

    private final Map<String, Class<?>> named;

    private BeanIndex(Map<String, Class<?>> named) {
        this.named = Map.copyOf(named);
    }

    /** Indexes every class under {@code classesDir} (e.g. target/classes), loaded without initialising it. */
    public static BeanIndex scan(Path classesDir) throws IOException {
        Map<String, Class<?>> named = new HashMap<>();
        ClassLoader loader = BeanIndex.class.getClassLoader();
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classesDir)) {
            classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : classFiles) {
            String relative = classesDir.relativize(file).toString();
            String className = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
            Class<?> type;
            try {
                type = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue; // generated or optional classes the test class path lacks
            }
            index(type, named);
        }
        return new BeanIndex(named);
    }

    private static void index(Class<?> type, Map<String, Class<?>> named) {
        Named onClass = type.getAnnotation(Named.class);
        if (onClass != null) {
            named.put(onClass.value().isEmpty() ? Introspector.decapitalize(type.getSimpleName()) : onClass.value(),
                    type);
        }
        Method[] methods;
        Field[] fields;
        try {
            methods = type.getDeclaredMethods();
            fields = type.getDeclaredFields();
        } catch (LinkageError e) {
            return;
        }
        for (Method method : methods) {
            Named name = method.getAnnotation(Named.class);
            if (name != null && method.isAnnotationPresent(Produces.class)) {
                named.put(name.value().isEmpty() ? propertyName(method.getName()) : name.value(),
                        method.getReturnType());
            }
        }
        for (Field field : fields) {
            Named name = field.getAnnotation(Named.class);
            if (name != null && field.isAnnotationPresent(Produces.class)) { // not an injection point
                named.put(name.value().isEmpty() ? field.getName() : name.value(), field.getType());
            }
        }
    }

    /** CDI names a producer method {@code getFoo()} "foo" and {@code foo()} "foo". */
    private static String propertyName(String method) {
        if (method.startsWith("get") && method.length() > 3) {
            return Introspector.decapitalize(method.substring(3));
        }
        if (method.startsWith("is") && method.length() > 2) {
            return Introspector.decapitalize(method.substring(2));
        }
        return method;
    }

    @Override
    public Optional<Class<?>> type(String name) {
        return Optional.ofNullable(named.get(name));
    }
}

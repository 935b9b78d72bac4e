package org.mfaportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mfaportal.testing.Repository;

import io.smallrye.config.ConfigMapping;

/** docs/configuration.md names every key of every {@code @ConfigMapping} interface of the portal. */
class ConfigurationReferenceTest {

    @Test
    void everyConfigurationKeyIsDocumented() throws IOException {
        String doc = Files.readString(Repository.path("docs/configuration.md"));
        List<String> keys = new ArrayList<>();
        for (Class<?> type : configMappings()) {
            collect(type.getAnnotation(ConfigMapping.class).prefix(), type, keys);
        }
        assertThat(keys).hasSizeGreaterThan(30);
        assertThat(keys).allSatisfy(key -> assertThat(doc).as("docs/configuration.md documents " + key)
                .contains("`" + key + "`"));
    }

    private static void collect(String prefix, Class<?> type, List<String> keys) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            Class<?> group = groupType(method.getGenericReturnType());
            if (method.getReturnType().isInterface() && method.getReturnType() != List.class
                    && method.getReturnType() != Map.class && !method.getReturnType().getName().startsWith("java.")) {
                collect(key, method.getReturnType(), keys);
            } else if (group != null && method.getReturnType() == List.class) {
                collect(key + "[n]", group, keys);
            } else if (group != null && method.getReturnType() == Map.class) {
                collect(key + ".<name>", group, keys);
            } else {
                keys.add(key);
            }
        }
    }

    /** The element or value type of a List/Map return type if it is a config group (a portal interface). */
    private static Class<?> groupType(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments();
            Type last = arguments[arguments.length - 1];
            if (last instanceof Class<?> c && c.isInterface() && c.getName().startsWith("org.mfaportal")) {
                return c;
            }
        }
        return null;
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static List<Class<?>> configMappings() throws IOException {
        Path classes = Path.of("target/classes");
        List<Class<?>> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Config.class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                try {
                    Class<?> type = Class.forName(name, false, ConfigurationReferenceTest.class.getClassLoader());
                    if (type.isAnnotationPresent(ConfigMapping.class)) {
                        result.add(type);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return result;
    }
}

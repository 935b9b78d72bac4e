package org.mfaportal.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.smallrye.config.ConfigMapping;

/**
 * The environment variables the portal reads for its own settings: every key of every {@code @ConfigMapping}
 * interface, every {@code @ConfigProperty(name = "portal...")}, and every {@code ${NAME}} placeholder in
 * application.properties. Deployment files that set a {@code PORTAL_*} variable not in this set have a typo.
 */
final class PortalSettings {

    private static final Path MAIN_JAVA = Manifests.REPO.resolve("portal/src/main/java");
    private static final Path PROPERTIES = Manifests.REPO.resolve("portal/src/main/resources/application.properties");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"(portal\\.[^\"]+)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private PortalSettings() {
    }

    /** Exact variable names the portal reads. */
    static Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        for (Path source : javaSources()) {
            String text = read(source);
            Matcher mapping = MAPPING.matcher(text);
            if (mapping.find()) {
                String prefix = mapping.group(1);
                for (Method method : classOf(source).getDeclaredMethods()) {
                    if (!Modifier.isStatic(method.getModifiers()) && !method.isDefault() && method.getParameterCount() == 0) {
                        names.add(toEnv(prefix + "." + kebab(method.getName())));
                    }
                }
            }
            Matcher property = PROPERTY.matcher(text);
            while (property.find()) {
                names.add(toEnv(property.group(1)));
            }
        }
        Matcher placeholder = PLACEHOLDER.matcher(read(PROPERTIES));
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
        return names;
    }

    /** Whether a variable is one the portal reads (list-valued groups such as roles are matched by prefix). */
    static boolean isKnown(String variable, Set<String> known) {
        return known.contains(variable) || known.stream().anyMatch(k -> variable.startsWith(k + "_"));
    }

    /** The default of a {@code @ConfigMapping} key, from its {@code @WithDefault}. */
    static String defaultOf(Class<?> mapping, String method) {
        try {
            return mapping.getMethod(method).getAnnotation(io.smallrye.config.WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(mapping.getSimpleName() + " has no key " + method, e);
        }
    }

    static String toEnv(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Class<?> classOf(Path source) {
        String name = MAIN_JAVA.relativize(source).toString().replace('/', '.').replaceAll("\\.java$", "");
        try {
            Class<?> type = Class.forName(name);
            if (!type.isAnnotationPresent(ConfigMapping.class)) {
                throw new AssertionError(name + " is not a @ConfigMapping");
            }
            return type;
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static java.util.List<Path> javaSources() {
        try (Stream<Path> files = Files.walk(MAIN_JAVA)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}

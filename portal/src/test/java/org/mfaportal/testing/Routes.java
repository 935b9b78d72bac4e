package org.mfaportal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Every HTTP route of the portal, found by reflection over the {@code @Path} classes in {@code target/classes},
 * so a route added tomorrow is fuzzed (BadInputTest) and linked to (TemplateLinksTest) without anyone listing it.
 */
public final class Routes {

    /** One route: method, path, query and form parameters (name → Java type), JSON body fields. */
    public record Route(String method, String path, Map<String, Class<?>> query, Map<String, Class<?>> form,
            Map<String, Class<?>> jsonBody, String resource) {

        public boolean api() {
            return path.startsWith("/api/");
        }

        public boolean hasBody() {
            return !method.equals("GET") && !method.equals("DELETE");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private Routes() {
    }

    /** All routes, sorted, from the compiled classes of {@code org.mfaportal}. */
    public static List<Route> discover() {
        Path root = Path.of("target/classes");
        List<Route> routes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("org/mfaportal"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    String http = httpMethod(m);
                    if (http == null) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = join(base.value(), sub == null ? "" : sub.value());
                    Map<String, Class<?>> query = new LinkedHashMap<>();
                    Map<String, Class<?>> form = new LinkedHashMap<>();
                    Map<String, Class<?>> body = new LinkedHashMap<>();
                    for (Parameter p : m.getParameters()) {
                        RestQuery rq = p.getAnnotation(RestQuery.class);
                        QueryParam qp = p.getAnnotation(QueryParam.class);
                        RestForm rf = p.getAnnotation(RestForm.class);
                        FormParam fp = p.getAnnotation(FormParam.class);
                        if (rq != null || qp != null) {
                            query.put(qp != null ? qp.value() : rq.value().isEmpty() ? p.getName() : rq.value(),
                                    p.getType());
                        } else if (rf != null || fp != null) {
                            form.put(fp != null ? fp.value() : rf.value().isEmpty() ? p.getName() : rf.value(),
                                    p.getType());
                        } else if (p.getType().isRecord()) {
                            for (RecordComponent c : p.getType().getRecordComponents()) {
                                body.put(c.getName(), c.getType());
                            }
                        }
                    }
                    routes.add(new Route(http, path, query, form, body, type.getSimpleName() + "." + m.getName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        routes.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return routes;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            if (a instanceof GET) {
                return "GET";
            }
            if (a instanceof POST) {
                return "POST";
            }
            if (a instanceof PUT) {
                return "PUT";
            }
            if (a instanceof DELETE) {
                return "DELETE";
            }
            if (a instanceof PATCH) {
                return "PATCH";
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}

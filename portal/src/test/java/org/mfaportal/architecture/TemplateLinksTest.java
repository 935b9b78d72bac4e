package org.mfaportal.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mfaportal.testing.Repository;
import org.mfaportal.testing.Routes;
import org.mfaportal.testing.Routes.Route;

/**
 * Every link and form of the templates reaches a route the portal declares: the path (with {@code {expression}}
 * segments standing for path parameters), the HTTP method (a form's {@code method}, else GET), every query
 * parameter of the link and every named field of the form. A renamed, removed or re-verbed route, or a renamed
 * parameter, fails here instead of in a person's browser. Why a test and not typed links: docs/decisions/0008.
 */
class TemplateLinksTest {

    static final Path TEMPLATES = Repository.path("portal/src/main/resources/templates");
    static final Path CLASSES = Path.of("target/classes");
    static final Path STATIC = Repository.path("frontend/static");

    private static final Pattern ATTRIBUTE = Pattern.compile("\\s(href|action|formaction|src)=\"(/[^\"]*)\"");
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("<(?:input|select|textarea|button)\\b[^>]*\\sname=\"([^\"{]+)\"");

    /** Whether {@code route} serves a link: same method, same segments, {@code {expression}} for {@code {parameter}}. */
    static boolean serves(Route route, String method, String linkPath) {
        if (!route.method().equals(method)) {
            return false;
        }
        String[] want = segments(route.path());
        String[] got = segments(linkPath);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean parameter = want[i].startsWith("{");
            boolean expression = got[i].contains("{");
            if (parameter != expression || !parameter && !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        return path.equals("/") ? new String[0] : path.substring(1).split("/");
    }

    /** One link of a template. */
    record Link(String template, String method, String path, Set<String> query, Set<String> fields) {
    }

    @Test
    void everyLinkAndFormOfTheTemplatesReachesADeclaredRoute() throws IOException {
        List<Route> routes = Routes.discover();
        List<Link> links = links();
        assertThat(routes).as("routes of the compiled resources").hasSizeGreaterThan(30);
        assertThat(links).as("links of the templates").hasSizeGreaterThan(40);

        List<String> broken = new ArrayList<>();
        for (Link link : links) {
            if (isServedOutsideTheResources(link)) {
                continue;
            }
            List<Route> candidates = routes.stream().filter(r -> serves(r, link.method(), link.path())).toList();
            if (candidates.isEmpty()) {
                broken.add(link.template() + ": " + link.method() + " " + link.path() + " has no route");
                continue;
            }
            Route route = candidates.get(0);
            for (String name : link.query()) {
                if (!route.query().containsKey(name)) {
                    broken.add(link.template() + ": " + link.path() + "?" + name + " is no query parameter of "
                            + route.resource());
                }
            }
            Set<String> declared = (link.method().equals("GET") ? route.query() : route.form()).keySet();
            for (String field : link.fields()) {
                if (!declared.contains(field)) {
                    broken.add(link.template() + ": field " + field + " of the form to " + link.path()
                            + " is no parameter of " + route.resource());
                }
            }
        }
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void aRenamedRouteWouldBeFound() throws IOException {
        List<Route> routes = Routes.discover();
        assertThat(routes).anyMatch(r -> serves(r, "POST", "/mfa/resync"));
        assertThat(routes).noneMatch(r -> serves(r, "POST", "/mfa/resynch"));
        assertThat(routes).noneMatch(r -> serves(r, "GET", "/credentials/revoke"));
        assertThat(routes).anyMatch(r -> serves(r, "GET", "/admin/users/{u.userName}"));
        assertThat(routes).noneMatch(r -> serves(r, "GET", "/admin/user/{u.userName}"));
    }

    /** Paths the framework serves, each checked against what serves it. */
    private static boolean isServedOutsideTheResources(Link link) throws IOException {
        Properties config = applicationProperties();
        if (link.path().startsWith("/static/")) {
            assertThat(STATIC.resolve(link.path().substring("/static/".length()))).as(link.template()).isRegularFile();
            return true;
        }
        if (link.path().equals("/logout")) {
            assertThat(config.getProperty("quarkus.oidc.logout.path")).as("OIDC's sign-out path").isEqualTo("/logout");
            return true;
        }
        if (link.path().equals("/openapi")) {
            assertThat(config.getProperty("quarkus.smallrye-openapi.path")).isEqualTo("/openapi");
            return true;
        }
        if (link.path().equals("/q/swagger-ui")) {
            // Swagger UI's default path, included in every build
            assertThat(config.getProperty("quarkus.swagger-ui.always-include")).isEqualTo("true");
            return true;
        }
        return false;
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(CLASSES.resolve("application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    static List<Link> links() throws IOException {
        List<Link> links = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
                String template = TEMPLATES.relativize(file).toString();
                String html = Files.readString(file);
                List<int[]> forms = new ArrayList<>();
                Matcher form = FORM.matcher(html);
                while (form.find()) {
                    forms.add(new int[] { form.start(), form.end() });
                    Matcher action = ATTRIBUTE.matcher(form.group(1));
                    String method = attribute(form.group(1), "method").orElse("get").toUpperCase(Locale.ROOT);
                    Set<String> fields = new LinkedHashSet<>();
                    Matcher field = FIELD.matcher(form.group(2));
                    while (field.find()) {
                        fields.add(field.group(1));
                    }
                    while (action.find()) {
                        links.add(link(template, method, action.group(2), fields));
                    }
                }
                Matcher attribute = ATTRIBUTE.matcher(html);
                while (attribute.find()) {
                    int at = attribute.start();
                    boolean inFormTag = forms.stream().anyMatch(f -> at > f[0] && at < html.indexOf('>', f[0]));
                    if (!inFormTag && !attribute.group(1).equals("action")) {
                        links.add(link(template, "GET", attribute.group(2), Set.of()));
                    }
                }
            }
        }
        return links;
    }

    private static Link link(String template, String method, String target, Set<String> fields) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Set<String> query = new LinkedHashSet<>();
        if (question >= 0) {
            for (String pair : target.substring(question + 1).split("&")) {
                query.add(pair.split("=", 2)[0]);
            }
        }
        return new Link(template, method, path, query, fields);
    }

    private static Optional<String> attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}

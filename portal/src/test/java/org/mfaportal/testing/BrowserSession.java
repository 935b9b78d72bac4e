package org.mfaportal.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A cookie-keeping HTTP client that signs in like a browser: through the portal's redirect to Keycloak, the
 * Keycloak login form, and back (code flow with PKCE). Forms are submitted with the hidden fields the page
 * rendered, the CSRF token included, as a browser would.
 */
public final class BrowserSession {

    private final URI app;
    private final HttpClient client;
    private final CookieManager cookies;
    private HttpResponse<String> last;

    private BrowserSession(URI app) {
        this.app = app;
        this.cookies = new LoopbackCookieManager();
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** A session that is not signed in yet. */
    public static BrowserSession anonymous(URI app) {
        return new BrowserSession(app);
    }

    /** Signs in as {@code user} (password = user name in the demo realm) and lands on {@code /}. */
    public static BrowserSession signIn(URI app, String user) {
        BrowserSession session = new BrowserSession(app);
        session.signInAs(user);
        return session;
    }

    /** Visits the portal, is sent to Keycloak, fills in the login form; returns the page it lands on. */
    public Document signInAs(String user) {
        Document login = get("/");
        Element form = login.selectFirst("form#kc-form-login");
        if (form == null) {
            throw new IllegalStateException("Expected the Keycloak login form, got: " + login.title());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", user);
        fields.put("password", user);
        fields.put("credentialId", "");
        return submit(URI.create(form.absUrl("action")), fields);
    }

    public Document get(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).GET().build());
    }

    /** Submits the page's form that has the given action, with its hidden fields plus {@code fields}. */
    public Document submitForm(Document page, String action, Map<String, String> fields) {
        Element form = page.selectFirst("form[action=\"" + action + "\"]");
        if (form == null) {
            throw new IllegalStateException("No form with action " + action + " on page " + page.title());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element hidden : form.select("input[type=hidden]")) {
            values.put(hidden.attr("name"), hidden.attr("value"));
        }
        values.putAll(fields);
        return submit(resolve(action), values);
    }

    /** POSTs a form as is (no hidden fields added): for CSRF tests. */
    public Document postRaw(String path, Map<String, String> fields) {
        return submit(resolve(path), fields);
    }

    /**
     * The cookies this session sends to the portal (OIDC session, CSRF), as a {@code Cookie} header value: for
     * load clients and fuzzers that send their own requests in this session.
     */
    public String cookieHeader() {
        return cookies.getCookieStore().get(app).stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    public HttpResponse<String> lastResponse() {
        return last;
    }

    public int status() {
        return last.statusCode();
    }

    private Document submit(URI uri, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Tokens.encode(fields))).build());
    }

    private Document send(HttpRequest request) {
        try {
            last = client.send(request, HttpResponse.BodyHandlers.ofString());
            return Jsoup.parse(last.body(), last.uri().toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Browsers send {@code Secure} cookies to http://localhost and http://127.0.0.1 (loopback counts as a
     * secure context); Java's CookieManager does not. Keycloak marks its cookies Secure even over http, so for
     * loopback hosts the flag is dropped, as a browser would in effect.
     */
    private static final class LoopbackCookieManager extends CookieManager {
        LoopbackCookieManager() {
            super(null, CookiePolicy.ACCEPT_ALL);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            if (!isLoopback(uri)) {
                super.put(uri, headers);
                return;
            }
            Map<String, List<String>> relaxed = new LinkedHashMap<>();
            headers.forEach((name, values) -> relaxed.put(name, name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure(?=;|$)", "")).toList()
                    : values));
            super.put(uri, relaxed);
        }

        private static boolean isLoopback(URI uri) {
            return "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
        }
    }

    private URI resolve(String path) {
        return path.startsWith("http") ? URI.create(path) : app.resolve(path);
    }
}

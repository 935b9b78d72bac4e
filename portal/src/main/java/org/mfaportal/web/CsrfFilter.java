package org.mfaportal.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Rejects every state-changing browser request (POST, PUT, PATCH, DELETE outside {@code /api}) whose form does
 * not carry the CSRF token of the signed-in session ({@link CsrfToken}), and every such request that carries one
 * cookie name twice (a duplicate planted by a same-site neighbour next to the real one). The API is exempt: it
 * accepts bearer tokens only, which a browser never sends on its own.
 */
public class CsrfFilter {

    @Inject
    CsrfToken csrf;

    @ServerRequestFilter
    @WithFormRead
    public void verify(ResteasyReactiveContainerRequestContext context) {
        ResteasyReactiveRequestContext request = (ResteasyReactiveRequestContext) context.getServerRequestContext();
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || request.getPath().startsWith("/api/")) {
            return;
        }
        String contentType = request.getHttpHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
        boolean form = contentType != null && (contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED)
                || contentType.startsWith(MediaType.MULTIPART_FORM_DATA));
        Object submitted = form ? request.getFormParameter(CsrfToken.FIELD, true, false) : null;
        Optional<String> expected = csrf.expected();
        if (hasDuplicateCookie(request.getHttpHeaders().getRequestHeader(HttpHeaders.COOKIE)) || expected.isEmpty()
                || !(submitted instanceof String token) || !CsrfToken.isWellFormed(token)
                || !MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                        expected.get().getBytes(StandardCharsets.US_ASCII))) {
            throw new CsrfRejected();
        }
    }

    /** Whether a cookie name occurs more than once in the request's Cookie headers. */
    static boolean hasDuplicateCookie(List<String> cookieHeaders) {
        if (cookieHeaders == null) {
            return false;
        }
        Set<String> names = new HashSet<>();
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                String name = (equals < 0 ? pair : pair.substring(0, equals)).strip();
                if (!name.isEmpty() && !names.add(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}

package org.mfaportal.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;


/**
 * Rejects every state-changing browser request (POST, PUT, PATCH, DELETE outside {@code /api}) whose form does
 * not carry the token of the browser's CSRF cookie. The API is exempt: it accepts bearer tokens only, which
 * a browser never sends on its own.
 */
public class CsrfFilter {

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
        Cookie cookie = request.getHttpHeaders().getCookies().get(CsrfToken.COOKIE);
        Object submitted = form ? request.getFormParameter(CsrfToken.FIELD, true, false) : null;
        if (cookie == null || !(submitted instanceof String token) || !CsrfToken.isWellFormed(token)
                || !MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                        cookie.getValue().getBytes(StandardCharsets.US_ASCII))) {
            throw new CsrfRejected();
        }
    }
}

package org.mfaportal.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every request an id (kept from a well-formed incoming {@code X-Request-Id}, else new), echoes it in
 * the response, and exposes it with the client address and user agent for the audit trail.
 */
@Singleton
public class RequestInfo {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "mfa-portal.request-id";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String incoming = rc.request().getHeader(HEADER);
            String id = incoming != null && WELL_FORMED.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
            rc.put(KEY, id);
            rc.response().putHeader(HEADER, id);
            rc.next();
        }, 1000);
    }

    /** The current request's id. */
    public static String requestId(RoutingContext rc) {
        return rc == null ? null : rc.get(KEY);
    }

    /** The client address (the proxy's forwarded address when proxy forwarding is configured). */
    public static String clientIp(RoutingContext rc) {
        return rc == null || rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress();
    }

    /** The user agent, cut to a length the audit trail keeps. */
    public static String userAgent(RoutingContext rc) {
        String agent = rc == null ? null : rc.request().getHeader("User-Agent");
        return agent == null || agent.length() <= 512 ? agent : agent.substring(0, 512);
    }
}

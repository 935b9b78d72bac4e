package org.mfaportal.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * The first look at a bearer token, before OIDC verifies it: only something shaped like a signed JWT (three
 * base64url parts, a JSON header naming a signature algorithm other than {@code none}, at most 16 KiB) goes on to
 * be verified, locally, against the provider's keys. Anything else is refused here, so a garbage token never makes
 * the portal call the identity provider and never writes more than one DEBUG line a minute.
 */
final class BearerTokens {

    private static final Logger LOG = Logger.getLogger(BearerTokens.class);
    private static final int MAX_LENGTH = 16 * 1024;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Pattern ALGORITHM = Pattern.compile("\"alg\"\\s*:\\s*\"([A-Za-z0-9+_-]+)\"");
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
    private static final AtomicLong refused = new AtomicLong();
    private static final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

    private BearerTokens() {
    }

    /** Whether {@code token} may be a signed JWT; says nothing about its validity. */
    static boolean looksLikeSignedJwt(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH || !SHAPE.matcher(token).matches()) {
            return false;
        }
        String header;
        try {
            header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        var algorithm = ALGORITHM.matcher(header);
        return header.startsWith("{") && algorithm.find() && !"none".equalsIgnoreCase(algorithm.group(1));
    }

    /** Notes a refusal: at most one DEBUG line per minute, with the number refused since the last one. */
    static void refused() {
        refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_INTERVAL.toNanos()) && lastLogged.compareAndSet(last, now)) {
            // Never the token itself: even a malformed one may be a secret pasted in the wrong place.
            LOG.debugf("Refused %d malformed bearer token(s) without verifying them (next report in %d s at most)",
                    refused.getAndSet(0), LOG_INTERVAL.toSeconds());
        }
    }
}

package org.mfaportal.web;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP limits ({@code quarkus.http.limits.*}) answered like every other error: a request whose request line,
 * headers or declared body is larger than the portal takes gets 414, 431 or 413 with a problem document (an error
 * page outside {@code /api}), the security headers and the request id. Vert.x would answer 414 and 431 itself, in
 * its HTTP decoder, with an empty body and none of the portal's headers, and no router hook sees those requests; so
 * the decoder's own limits are raised to {@value #DECODER_HEADROOM} times the configured ones and the configured
 * limits are enforced here, as one of the first route handlers (decision 0014). A request beyond the decoder's
 * raised limits still gets Vert.x's bare answer and a closed connection.
 */
@Singleton
public class HttpLimits implements HttpServerOptionsCustomizer {

    /** How much larger than the configured limits the HTTP decoder's own limits are. */
    static final int DECODER_HEADROOM = 4;

    /**
     * After the request id (priority 1000) and the security header filters (route order -300), before CORS (300 is
     * not configured), authentication (200) and Quarkus' body limit (route order -2): a request over a limit is
     * answered as such, signed in or not.
     */
    private static final int PRIORITY = 250;

    private final int maxRequestLine;
    private final long maxHeaders;
    private final Optional<Long> maxBody;
    private final ObjectMapper json;

    HttpLimits(@ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096") int maxRequestLine,
            @ConfigProperty(name = "quarkus.http.limits.max-header-size", defaultValue = "20K") MemorySize maxHeaders,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody, ObjectMapper json) {
        this.maxRequestLine = maxRequestLine;
        this.maxHeaders = maxHeaders.asLongValue();
        this.maxBody = maxBody.map(MemorySize::asLongValue);
        this.json = json;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        raiseDecoderLimits(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        raiseDecoderLimits(options);
    }

    private void raiseDecoderLimits(HttpServerOptions options) {
        options.setMaxInitialLineLength(Math.max(options.getMaxInitialLineLength(), maxRequestLine * DECODER_HEADROOM));
        options.setMaxHeaderSize((int) Math.min(Integer.MAX_VALUE,
                Math.max(options.getMaxHeaderSize(), maxHeaders * DECODER_HEADROOM)));
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // as the decoder counts: "METHOD URI HTTP/1.1", and each header line without its line end
        int requestLine = request.method().name().length() + 1 + request.uri().length() + 1 + 8;
        if (requestLine > maxRequestLine) {
            answer(rc, new LimitExceeded(414, "uri-too-long", "Address too long",
                    "The request line has " + requestLine + " characters; the portal takes " + maxRequestLine + ".",
                    "Use a shorter address: fewer or shorter query parameters."));
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length() + 2 + header.getValue().length();
        }
        if (headers > maxHeaders) {
            answer(rc, new LimitExceeded(431, "headers-too-large", "Headers too large",
                    "The request's headers have " + headers + " bytes; the portal takes " + maxHeaders + ".",
                    "Send fewer or smaller headers (cookies of other sites on this host count too)."));
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (maxBody.isPresent() && length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBody.get()) {
            // the body stays unread: the connection cannot be reused
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            answer(rc, new LimitExceeded(413, "payload-too-large", "Request too large",
                    "The request's body has " + length + " bytes; the portal takes " + maxBody.get() + ".",
                    "Send a smaller body: the API's requests are small JSON documents."));
            return;
        }
        rc.next();
    }

    private void answer(RoutingContext rc, Problem problem) {
        ProblemDetails details = ProblemDetails.of(problem, RequestInfo.requestId(rc));
        String body;
        String type;
        if (rc.normalizedPath().startsWith(ApiOnlyFilter.API_PREFIX)) {
            try {
                body = json.writeValueAsString(details);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot write a problem document", e);
            }
            type = ProblemDetails.MEDIA_TYPE;
        } else {
            // A plain page, not the layout: its template needs the request context, which does not exist yet here.
            body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html(details.title())
                    + " · MFA Portal</title></head><body><main><section class=\"card card-error\" aria-labelledby="
                    + "\"error-title\"><h1 id=\"error-title\">" + html(details.title()) + "</h1><p>"
                    + html(details.detail()) + "</p><p class=\"advice\">" + html(details.advice()) + "</p><p>Error code "
                    + "<code>" + details.code() + "</code> · request <code>" + html(details.requestId())
                    + "</code></p><p><a href=\"/\">Back to my device</a></p></section></main></body></html>";
            type = "text/html;charset=UTF-8";
        }
        rc.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, type).end(body);
    }

    private static String html(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** A request over one of the HTTP limits. */
    static final class LimitExceeded extends Problem {
        LimitExceeded(int status, String code, String title, String detail, String advice) {
            super(status, code, title, detail, advice);
        }
    }
}

package org.mfaportal.web;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mfaportal.aws.AwsException;
import org.mfaportal.identity.NotMappedToIamUser;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/**
 * The one place where failures become responses: {@code application/problem+json} with a stable {@code code}
 * under {@code /api}, an error page everywhere else. The texts come from {@link Answer}.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @CheckedTemplate(basePath = "ErrorPage")
    static class Templates {
        static native TemplateInstance error(Answer problem);

        static native TemplateInstance notMapped(NotMappedToIamUser problem);
    }

    @Inject
    CurrentVertxRequest request;

    @ServerExceptionMapper
    public Response notMapped(NotMappedToIamUser e, UriInfo uri) {
        if (isApi(uri)) {
            return problem(Answer.of(e, requestId()));
        }
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE).entity(Templates.notMapped(e)).build();
    }

    /**
     * {@code @RolesAllowed} refusals. Quarkus maps them to a bare 403 on its own; here they become a problem
     * document under /api and the error page elsewhere, like every other failure.
     */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(uri, Answer.of(e, requestId()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (!isApi(uri) && status < 400) {
            return e.getResponse();
        }
        String code = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "not-allowed";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "bad-request";
        };
        if (status == 401) {
            return problem(Answer.unauthorized(false, requestId()));
        }
        String title = status == 404 ? "Not found" : e.getResponse().getStatusInfo().getReasonPhrase();
        return answer(uri, new Answer(status, code, title,
                status == 400 ? "The request could not be read: check its JSON and fields." : title + ".",
                status == 404 ? "Check the address." : "Check the request and try again.", null, Map.of(),
                requestId()));
    }

    /** A JSON body with a value of the wrong type (a number for a code, an object for a duration…). */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unreadableJson(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return answer(uri, new Answer(400, "invalid-input", "Some input is not valid",
                "The request has a value of the wrong type" + (field == null ? "." : " in field " + field + "."),
                "Correct the field and try again.", null, field == null ? Map.of() : Map.of(field, "Wrong type."),
                requestId()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response anyFailure(Throwable e, UriInfo uri) {
        String id = requestId();
        Answer answer = Answer.of(e, id);
        if (answer == null && isUnreadableBody(e)) {
            answer = new Answer(400, "bad-request", "Bad Request", "The form could not be read.",
                    "Go back, reload the page and submit the form again.", null, Map.of(), id);
        }
        if (answer == null) {
            // An unexpected failure is a bug: log it whole. The portal's own exceptions never carry secrets, and
            // AWS errors arrive here only as translated exceptions whose messages are the portal's own.
            LOG.errorf(e, "Unexpected failure of request %s", id);
            answer = new Answer(500, "internal-error", "Something went wrong",
                    "The portal failed unexpectedly. Nothing was reported as done.",
                    "Try again; if it persists, tell the portal's operators and quote request id " + id + ".", null,
                    Map.of(), id);
        } else if (e instanceof AwsException aws && !answer.isClientError()) {
            LOG.warnf("AWS call failed: %s (aws code %s, aws request %s, request %s)", e.getClass().getSimpleName(),
                    aws.awsErrorCode(), aws.requestId(), id);
        }
        return answer(uri, answer);
    }

    private Response answer(UriInfo uri, Answer answer) {
        if (isApi(uri)) {
            return problem(answer);
        }
        // Rendered here, not negotiated: the failure may be the request's unreadable Accept header itself.
        Response.ResponseBuilder builder = Response.status(answer.status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(answer).render());
        retryAfter(builder, answer);
        return builder.build();
    }

    private static Response problem(Answer a) {
        ProblemDetails body = ProblemDetails.of(a);
        Response.ResponseBuilder builder = Response.status(a.status()).type(ProblemDetails.MEDIA_TYPE).entity(body);
        retryAfter(builder, a);
        return builder.build();
    }

    private static void retryAfter(Response.ResponseBuilder builder, Answer a) {
        if (a.retryAfter() != null) {
            builder.header("Retry-After", Math.max(1, a.retryAfter().toSeconds()));
        }
    }

    /**
     * Whether the failure happened while the framework decoded the request's form (a malformed percent-escape,
     * a multipart body without its boundary): the client's mistake, not the portal's.
     */
    private static boolean isUnreadableBody(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("org.jboss.resteasy.reactive.server.core.multipart.")
                    || type.equals("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler")) {
                return true;
            }
            if (type.startsWith("org.mfaportal.")) {
                return false;
            }
        }
        return false;
    }

    private static boolean isApi(UriInfo uri) {
        return uri.getPath().startsWith("/api/");
    }

    private String requestId() {
        return RequestInfo.requestId(request.getCurrent());
    }
}

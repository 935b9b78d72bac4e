package org.mfaportal.web;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/**
 * The one place where failures become responses: {@code application/problem+json} with a stable {@code code}
 * under {@code /api}, an error page everywhere else. Every feature's failure is a {@link Problem} carrying its own
 * texts, so nothing here knows a feature; the framework's own exceptions get their texts here
 * ({@link FrameworkProblem}).
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @CheckedTemplate(basePath = "ErrorPage")
    static class Templates {
        static native TemplateInstance error(ProblemDetails problem);
    }

    @Inject
    CurrentVertxRequest request;

    @Inject
    AllowedMethods allowedMethods;

    /**
     * {@code @RolesAllowed} refusals. Quarkus maps them to a bare 403 on its own; here they become a problem
     * document under /api and the error page elsewhere, like every other failure.
     */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(uri, FrameworkProblem.of(e));
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
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "bad-request";
        };
        if (status == 401) {
            return problem(FrameworkProblem.unauthorized(false), requestId());
        }
        String title = status == 404 ? "Not found" : e.getResponse().getStatusInfo().getReasonPhrase();
        Response answer = answer(uri, new FrameworkProblem(status, code, title,
                status == 400 ? "The request could not be read: check its JSON and fields." : title + ".",
                status == 404 ? "Check the address." : "Check the request and try again.", Map.of()));
        if (status == 405) {
            // RFC 9110: a 405 names the methods the route has; Quarkus REST sends none.
            return Response.fromResponse(answer).header("Allow", allowedMethods.forPath(uri.getPath())).build();
        }
        return answer;
    }

    /** A JSON body with a value of the wrong type (a number for a code, an object for a duration…). */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unreadableJson(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return answer(uri, new FrameworkProblem(400, "invalid-input", "Some input is not valid",
                "The request has a value of the wrong type" + (field == null ? "." : " in field " + field + "."),
                "Correct the field and try again.", field == null ? Map.of() : Map.of(field, "Wrong type.")));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response anyFailure(Throwable e, UriInfo uri) {
        String id = requestId();
        Problem problem = FrameworkProblem.of(e);
        if (problem == null && isUnreadableBody(e)) {
            problem = new FrameworkProblem(400, "bad-request", "Bad Request", "The form could not be read.",
                    "Go back, reload the page and submit the form again.", Map.of());
        }
        if (problem == null) {
            // An unexpected failure is a bug: log it whole. The portal's own exceptions never carry secrets, and
            // AWS errors arrive here only as translated exceptions whose messages are the portal's own.
            LOG.errorf(e, "Unexpected failure of request %s", id);
            problem = new FrameworkProblem(500, "internal-error", "Something went wrong",
                    "The portal failed unexpectedly. Nothing was reported as done.",
                    "Try again; if it persists, tell the portal's operators and quote request id " + id + ".",
                    Map.of());
        } else if (!problem.isClientError() && problem.failureLog(id) != null) {
            LOG.warn(problem.failureLog(id));
        }
        return answer(uri, problem);
    }

    /** The answer to a problem: a problem document under /api, the error page elsewhere. */
    private Response answer(UriInfo uri, Problem problem) {
        if (isApi(uri)) {
            return problem(problem, requestId());
        }
        // Rendered here, not negotiated: the failure may be the request's unreadable Accept header itself.
        Response.ResponseBuilder builder = Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(ProblemDetails.of(problem, requestId())).render());
        retryAfter(builder, problem);
        return builder.build();
    }

    /** The problem document of a problem, with its status and {@code Retry-After}. */
    public static Response problem(Problem problem, String requestId) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(ProblemDetails.MEDIA_TYPE)
                .entity(ProblemDetails.of(problem, requestId));
        retryAfter(builder, problem);
        return builder.build();
    }

    /** Whether the request is one of the API's, which answers problem documents, never pages. */
    public static boolean isApi(UriInfo uri) {
        return uri.getPath().startsWith("/api/");
    }

    private String requestId() {
        return RequestInfo.requestId(request.getCurrent());
    }

    private static void retryAfter(Response.ResponseBuilder builder, Problem problem) {
        if (problem.retryAfter() != null) {
            builder.header("Retry-After", Math.max(1, problem.retryAfter().toSeconds()));
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
}

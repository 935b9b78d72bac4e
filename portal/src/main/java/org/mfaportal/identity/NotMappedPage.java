package org.mfaportal.identity;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mfaportal.web.ErrorMapper;
import org.mfaportal.web.RequestInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/**
 * What a signed-in person without a managed IAM user sees instead of any page: why, in their own case, and that
 * they can only sign out. The API answers the problem document, like for every other failure.
 */
public class NotMappedPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance notMapped(NotMappedToIamUser problem);
    }

    @Inject
    CurrentVertxRequest request;

    @ServerExceptionMapper
    public Response notMapped(NotMappedToIamUser e, UriInfo uri) {
        if (ErrorMapper.isApi(uri)) {
            return ErrorMapper.problem(e, RequestInfo.requestId(request.getCurrent()));
        }
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE).entity(Templates.notMapped(e)).build();
    }
}

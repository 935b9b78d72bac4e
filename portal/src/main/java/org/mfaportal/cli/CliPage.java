package org.mfaportal.cli;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The command-line helper: a page on installing and using it, and the script itself, both public (the script
 * holds no secret, only where the portal and its sign-in are). The portal's URL comes from the request, so it is
 * the address the person reached; behind a proxy, Quarkus' proxy settings
 * ({@code quarkus.http.proxy.proxy-address-forwarding}) decide whether forwarded headers count.
 */
@Path("/cli")
public class CliPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance cli(String portalUrl, String scriptUrl, String issuer, String clientId,
                String region);
    }

    private final CliHelper helper;

    CliPage(CliHelper helper) {
        this.helper = helper;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@Context UriInfo uri) {
        String portal = portalUrl(uri);
        return Templates.cli(portal, portal + "/cli/mfa-portal", helper.issuer(), helper.clientId(), helper.region());
    }

    @GET
    @Path("/mfa-portal")
    @Produces("text/x-shellscript")
    public Response script(@Context UriInfo uri) {
        return Response.ok(helper.render(portalUrl(uri)))
                .type("text/x-shellscript; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=mfa-portal")
                .build();
    }

    private static String portalUrl(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}

package org.mfaportal.mfa;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.ratelimit.RateLimiter;
import org.mfaportal.web.Booleans;
import org.mfaportal.web.Forms;
import org.mfaportal.web.Problem;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The browser side of the MFA lifecycle. Pages that show a seed are {@code no-store}; every form carries the
 * CSRF token; after success the browser is redirected home (post/redirect/get).
 */
@Path("/mfa")
@Produces(MediaType.TEXT_HTML)
public class MfaPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance enroll(PortalUser user, Enrollment enrollment, String serialNumber,
                Problem error);

        static native TemplateInstance resync(PortalUser user, MfaStatus status, String selected, Problem error);

        static native TemplateInstance remove(PortalUser user, MfaStatus status, DeviceView device, String proof,
                Problem error);
    }

    private final CurrentUser currentUser;
    private final MfaService mfa;
    private final RateLimiter rateLimiter;

    MfaPage(CurrentUser currentUser, MfaService mfa, RateLimiter rateLimiter) {
        this.currentUser = currentUser;
        this.mfa = mfa;
        this.rateLimiter = rateLimiter;
    }

    /** Creates the device and shows its QR code and secret, once; within the same budget as the API's. */
    @POST
    @Path("/enrollment")
    public Response startEnrollment(@RestForm String name) {
        rateLimiter.acquire(currentUser.get().iamUserName(), RateLimiter.Action.ENROLLMENT);
        Enrollment enrollment;
        try {
            enrollment = mfa.startEnrollment(currentUser, name);
        } catch (MfaProblems.InvalidDeviceName | MfaProblems.DeviceLimitReached e) {
            return Response.seeOther(URI.create("/?problem=" + e.code()
                    + (name == null ? "" : "&name=" + java.net.URLEncoder.encode(name,
                            java.nio.charset.StandardCharsets.UTF_8)))).build();
        }
        return noStore(Response.ok(Templates.enroll(currentUser.get(), enrollment, enrollment.serialNumber(), null)));
    }

    @POST
    @Path("/enrollment/activate")
    public Response activate(@RestForm String serialNumber, @RestForm String code1, @RestForm String code2) {
        try {
            mfa.activate(currentUser, serialNumber, code1, code2);
            return home("activated");
        } catch (RuntimeException e) {
            // The seed is gone: the form comes back without the QR code, which the app has already scanned.
            return noStore(Forms.rerender(e, error -> Templates.enroll(currentUser.get(), null, serialNumber, error)));
        }
    }

    @GET
    @Path("/resync")
    public TemplateInstance resyncForm(@RestQuery String serialNumber) {
        PortalUser user = currentUser.get();
        return Templates.resync(user, mfa.status(user), serialNumber, null);
    }

    @POST
    @Path("/resync")
    public Response resync(@RestForm String serialNumber, @RestForm String code1, @RestForm String code2) {
        try {
            mfa.resync(currentUser, serialNumber, code1, code2);
            return home("resynced");
        } catch (RuntimeException e) {
            PortalUser user = currentUser.get();
            return Forms.rerender(e, error -> Templates.resync(user, mfa.status(user), serialNumber, error)).build();
        }
    }

    @GET
    @Path("/remove")
    public TemplateInstance removeForm(@RestQuery String serialNumber) {
        PortalUser user = currentUser.get();
        MfaStatus status = mfa.status(user);
        return Templates.remove(user, status, chosen(status, serialNumber), null, null);
    }

    @POST
    @Path("/remove")
    public Response remove(@RestForm String serialNumber, @RestForm String proofSerialNumber, @RestForm String code,
            @RestForm("confirm") String confirmValue) {
        try {
            mfa.remove(currentUser, serialNumber, proofSerialNumber, code, Booleans.parse("confirm", confirmValue, false));
            return home("removed");
        } catch (RuntimeException e) {
            PortalUser user = currentUser.get();
            return Forms.rerender(e, error -> {
                MfaStatus status = mfa.status(user);
                return Templates.remove(user, status, chosen(status, serialNumber), proofSerialNumber, error);
            }).build();
        }
    }

    /** The device a form is about: the one asked for if it is the engineer's, else their only one. */
    private static DeviceView chosen(MfaStatus status, String serialNumber) {
        return status.devices().stream().filter(d -> d.serialNumber().equals(serialNumber)).findFirst()
                .orElse(status.devices().size() == 1 ? status.devices().get(0) : null);
    }

    private static Response home(String done) {
        return Response.seeOther(URI.create("/?done=" + done)).build();
    }

    private static Response noStore(Response.ResponseBuilder builder) {
        return builder.header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}

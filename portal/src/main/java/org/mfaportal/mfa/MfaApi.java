package org.mfaportal.mfa;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mfaportal.web.ApiDocumentation;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.ratelimit.RateLimiter;

/** The MFA lifecycle for scripts, with bearer tokens. Same rules as the pages. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "MFA device", description = "Enroll, activate, resync and remove your own virtual MFA device")
public class MfaApi {

    /** Who the caller is and the state of their MFA. */
    public record Me(String subject, String displayName, String iamUserName, String accountId, boolean admin,
            String mfaState, List<DeviceView> devices, Instant pendingSince) {
    }

    /** A new device: everything an authenticator app needs. Shown once; the portal keeps none of it. */
    public record EnrollmentResponse(String serialNumber, String secret, String otpauthUri, String issuer,
            String label, String qrSvg, String qrPngBase64) {
        @Override
        public String toString() {
            return "EnrollmentResponse[serialNumber=" + serialNumber + ", secret=<redacted>]";
        }
    }

    /** Activation of a pending device with two consecutive codes. */
    public record ActivateRequest(String serialNumber, String code1, String code2) {
        @Override
        public String toString() {
            return "ActivateRequest[serialNumber=" + serialNumber + "]";
        }
    }

    /** Resync with two consecutive codes; {@code serialNumber} may be omitted when there is one device. */
    public record ResyncRequest(String serialNumber, String code1, String code2) {
        @Override
        public String toString() {
            return "ResyncRequest[serialNumber=" + serialNumber + "]";
        }
    }

    /** Removal, proven with a current code; {@code confirm} must be true. */
    public record RemoveRequest(String serialNumber, String code, boolean confirm) {
        @Override
        public String toString() {
            return "RemoveRequest[serialNumber=" + serialNumber + ", confirm=" + confirm + "]";
        }
    }

    private static final String DEVICE_EXAMPLE = "{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/engineers/alice/"
            + "alice-1\",\"enabledAt\":\"2025-01-15T09:30:00Z\"}";

    private final CurrentUser currentUser;
    private final MfaService mfa;
    private final RateLimiter rateLimiter;

    MfaApi(CurrentUser currentUser, MfaService mfa, RateLimiter rateLimiter) {
        this.currentUser = currentUser;
        this.mfa = mfa;
        this.rateLimiter = rateLimiter;
    }

    @GET
    @Path("/me")
    @Operation(summary = "Who am I", description = "Your identity, IAM user and MFA devices. `mfaState` is `NONE`, "
            + "`PENDING` (an enrollment waits for activation since `pendingSince`) or `ACTIVE`.")
    @APIResponse(responseCode = "200", description = "You and your devices",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "active",
                    value = "{\"subject\":\"alice\",\"displayName\":\"Alice Engineer\",\"iamUserName\":\"alice\","
                            + "\"accountId\":\"123456789012\",\"admin\":false,\"mfaState\":\"ACTIVE\",\"devices\":"
                            + "[{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/engineers/alice/alice-1\","
                            + "\"enabledAt\":\"2025-01-15T09:30:00Z\"}],\"pendingSince\":null}")))
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Me me() {
        PortalUser user = currentUser.get();
        MfaStatus status = mfa.status(user);
        return new Me(user.subject(), user.displayName(), user.iamUserName(), user.accountId(), user.admin(),
                status.state().name(), status.devices(), status.pending().map(PendingEnrollment::startedAt).orElse(null));
    }

    @POST
    @Path("/mfa/enrollment")
    @Operation(summary = "Start enrollment", description = "Creates a virtual MFA device for your IAM user and returns "
            + "its secret, otpauth URI and QR code, once. Replaces an unfinished earlier enrollment of yours. No "
            + "request body. Then call activate with two consecutive codes.")
    @APIResponse(responseCode = "201", description = "The new, pending device: everything an authenticator app needs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "pending",
                    value = "{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/engineers/alice/alice-1\","
                            + "\"secret\":\"EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAM\",\"otpauthUri\":\"otpauth://totp/"
                            + "AWS%20123456789012:alice@123456789012?secret=EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAM&issuer="
                            + "AWS%20123456789012\",\"issuer\":\"AWS 123456789012\",\"label\":\"alice@123456789012\","
                            + "\"qrSvg\":\"<svg ...>\",\"qrPngBase64\":\"iVBORw0KGgo...\"}")))
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocumentation.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Response startEnrollment() {
        rateLimiter.acquire(currentUser.get().iamUserName(), RateLimiter.Action.ENROLLMENT);
        Enrollment e = mfa.startEnrollment(currentUser);
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(new EnrollmentResponse(e.serialNumber(), e.secret(), e.keyUri(), e.issuer(), e.label(),
                        e.qrSvg(), e.qrPngBase64()))
                .build();
    }

    @POST
    @Path("/mfa/enrollment/activate")
    @Operation(summary = "Activate", description = "Activates your pending device with two consecutive codes "
            + "(the one your app shows, then the next one, 30 seconds later).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
            name = "activate", value = "{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/engineers/alice/alice-1\","
                    + "\"code1\":\"123456\",\"code2\":\"654321\"}")))
    @APIResponse(responseCode = "200", description = "The device, now active", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "active", value = DEVICE_EXAMPLE)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "423", ref = ApiDocumentation.LOCKED)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public DeviceView activate(ActivateRequest request) {
        ActivateRequest r = request == null ? new ActivateRequest(null, null, null) : request;
        return mfa.activate(currentUser, r.serialNumber(), r.code1(), r.code2());
    }

    @POST
    @Path("/mfa/resync")
    @Operation(summary = "Resync", description = "Resyncs your active device with two consecutive codes, when AWS "
            + "keeps rejecting its codes because its clock drifted. `serialNumber` may be omitted.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
            name = "resync", value = "{\"code1\":\"123456\",\"code2\":\"654321\"}")))
    @APIResponse(responseCode = "200", description = "The device, resynced", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "active", value = DEVICE_EXAMPLE)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "423", ref = ApiDocumentation.LOCKED)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public DeviceView resync(ResyncRequest request) {
        ResyncRequest r = request == null ? new ResyncRequest(null, null, null) : request;
        return mfa.resync(currentUser, r.serialNumber(), r.code1(), r.code2());
    }

    @POST
    @Path("/mfa/remove")
    @Operation(summary = "Remove", description = "Deactivates and deletes your device; needs a current code from it "
            + "and confirm=true. Your access keys then no longer satisfy MFA policies until you enroll again.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
            name = "remove", value = "{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/engineers/alice/alice-1\","
                    + "\"code\":\"123456\",\"confirm\":true}")))
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "423", ref = ApiDocumentation.LOCKED)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Response remove(RemoveRequest request) {
        RemoveRequest r = request == null ? new RemoveRequest(null, null, false) : request;
        mfa.remove(currentUser, r.serialNumber(), r.code(), r.confirm());
        return Response.noContent().build();
    }
}

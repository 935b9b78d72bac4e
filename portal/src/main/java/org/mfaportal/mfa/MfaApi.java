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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
@Tag(name = "MFA device", description = "Your MFA devices (up to eight, of any kind): add, activate, resync, remove")
public class MfaApi {

    /** Who the caller is and the state of their MFA. */
    public record Me(String subject, @Schema(nullable = true) String displayName, String iamUserName,
            String accountId, boolean admin,
            @Schema(enumeration = { "NONE", "PENDING", "ACTIVE" }) String mfaState, List<DeviceView> devices,
            @Schema(nullable = true, description = "When the unfinished enrollment started; null without one")
            Instant pendingSince, int maxDevices) {
    }

    /** A new device's name; {@code null} or omitted for the suggested one. */
    public record EnrollmentRequest(
            @Schema(nullable = true, pattern = ApiDocumentation.DEVICE_NAME, maxLength = 64,
                    description = "IAM's name rules, unlike your other devices' names; omitted or null for the "
                            + "suggested one") String name) {
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
    public record ActivateRequest(@Schema(required = true) String serialNumber,
            @Schema(required = true, pattern = ApiDocumentation.CODE) String code1,
            @Schema(required = true, pattern = ApiDocumentation.CODE) String code2) {
        @Override
        public String toString() {
            return "ActivateRequest[serialNumber=" + serialNumber + "]";
        }
    }

    /** Resync with two consecutive codes; {@code serialNumber} may be omitted when there is one device. */
    public record ResyncRequest(
            @Schema(nullable = true, description = "May be omitted when you have one device that shows codes")
            String serialNumber,
            @Schema(required = true, pattern = ApiDocumentation.CODE) String code1,
            @Schema(required = true, pattern = ApiDocumentation.CODE) String code2) {
        @Override
        public String toString() {
            return "ResyncRequest[serialNumber=" + serialNumber + "]";
        }
    }

    /**
     * Removal, proven with a current code from the device itself or, with {@code proofSerialNumber}, from another of
     * your devices; {@code confirm} must be true.
     */
    public record RemoveRequest(
            @Schema(nullable = true, description = "May be omitted when you have one device") String serialNumber,
            @Schema(required = true, pattern = ApiDocumentation.CODE) String code,
            @Schema(required = true, description = "Must be true (400 `confirmation-required` otherwise)") boolean confirm,
            @Schema(nullable = true, description = "The device the code comes from, if not the one removed")
            String proofSerialNumber) {

        public RemoveRequest(String serialNumber, String code, boolean confirm) {
            this(serialNumber, code, confirm, null);
        }

        @Override
        public String toString() {
            return "RemoveRequest[serialNumber=" + serialNumber + ", confirm=" + confirm + ", proofSerialNumber="
                    + proofSerialNumber + "]";
        }
    }

    private static final String DEVICE_EXAMPLE = "{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/engineers/alice/"
            + "phone\",\"name\":\"phone\",\"kind\":\"AUTHENTICATOR_APP\",\"codeCapable\":true,\"enabledAt\":"
            + "\"2025-01-15T09:30:00Z\",\"createdByPortal\":true,\"lastUsedAt\":null}";

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
    @Operation(summary = "Who am I", description = "Your identity, IAM user and every MFA device you have, of any "
            + "kind: `kind` is `AUTHENTICATOR_APP`, `HARDWARE_TOKEN` or `SECURITY_KEY` (`codeCapable` false: AWS "
            + "accepts it for console sign-in only); `createdByPortal` is false for devices from before the portal. "
            + "`mfaState` is `NONE`, `PENDING` (an enrollment waits for activation since `pendingSince`) or `ACTIVE`; "
            + "`maxDevices` is how many you may have.")
    @APIResponse(responseCode = "200", description = "You and your devices",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Me.class),
                    examples = @ExampleObject(name = "active", value = "{\"subject\":\"alice\",\"displayName\":\"Alice Engineer\",\"iamUserName\":\"alice\","
                            + "\"accountId\":\"123456789012\",\"admin\":false,\"mfaState\":\"ACTIVE\",\"devices\":"
                            + "[" + DEVICE_EXAMPLE + ",{\"serialNumber\":\"GAHT12345678\",\"name\":\"GAHT12345678\","
                            + "\"kind\":\"HARDWARE_TOKEN\",\"codeCapable\":true,\"enabledAt\":\"2024-03-01T08:00:00Z\","
                            + "\"createdByPortal\":false,\"lastUsedAt\":null}],\"pendingSince\":null,\"maxDevices\":8}")))
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Me me() {
        PortalUser user = currentUser.get();
        MfaStatus status = mfa.status(user);
        return new Me(user.subject(), user.displayName(), user.iamUserName(), user.accountId(), user.admin(),
                status.state().name(), status.devices(), status.pending().map(PendingEnrollment::startedAt).orElse(null),
                status.maxDevices());
    }

    @POST
    @Path("/mfa/enrollment")
    @Operation(summary = "Add a device", description = "Creates a virtual MFA device for your IAM user and returns "
            + "its secret, otpauth URI and QR code, once. The optional body names it (`{\"name\":\"phone\"}`: IAM's "
            + "name rules, at most 64 characters, unlike your other devices' names); without one, your first device is "
            + "named after you and later ones `backup`, `backup-2`, ... Replaces an unfinished earlier enrollment of "
            + "yours. Refused (409 `device-limit-reached`) when you already have eight devices. Then call activate "
            + "with two consecutive codes.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
            name = "named", value = "{\"name\":\"backup-phone\"}")))
    @APIResponse(responseCode = "201", description = "The new, pending device: everything an authenticator app needs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EnrollmentResponse.class), examples = @ExampleObject(name = "pending",
                    value = "{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/engineers/alice/alice-1\","
                            + "\"secret\":\"EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAM\",\"otpauthUri\":\"otpauth://totp/"
                            + "AWS%20123456789012:alice@123456789012?secret=EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAM&issuer="
                            + "AWS%20123456789012\",\"issuer\":\"AWS 123456789012\",\"label\":\"alice@123456789012\","
                            + "\"qrSvg\":\"<svg ...>\",\"qrPngBase64\":\"iVBORw0KGgo...\"}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocumentation.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Response startEnrollment(EnrollmentRequest request) {
        rateLimiter.acquire(currentUser.get().iamUserName(), RateLimiter.Action.ENROLLMENT);
        Enrollment e = mfa.startEnrollment(currentUser, request == null ? null : request.name());
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
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeviceView.class), examples = @ExampleObject(name = "active", value = DEVICE_EXAMPLE)))
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
    @Operation(summary = "Resync", description = "Resyncs one of your devices with two consecutive codes from it, when "
            + "AWS keeps rejecting its codes because its clock drifted (an authenticator app or a hardware token, also "
            + "one from before the portal). `serialNumber` may be omitted when you have one device that shows codes.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
            name = "resync", value = "{\"code1\":\"123456\",\"code2\":\"654321\"}")))
    @APIResponse(responseCode = "200", description = "The device, resynced", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeviceView.class), examples = @ExampleObject(name = "active", value = DEVICE_EXAMPLE)))
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
    @Operation(summary = "Remove", description = "Deactivates your device (and deletes it when it is a virtual device "
            + "under the portal's path); needs confirm=true and a current code from it or, with `proofSerialNumber`, "
            + "from another of your devices that shows codes: a lost phone needs no admin when you have a backup. "
            + "A virtual device set up outside the portal's path is refused (409 `device-not-removable`).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "remove", value = "{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/engineers/"
                    + "alice/alice\",\"code\":\"123456\",\"confirm\":true}"),
            @ExampleObject(name = "lost phone", summary = "with a code from your backup device", value =
                    "{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/engineers/alice/alice\",\"proofSerialNumber\":"
                    + "\"arn:aws:iam::123456789012:mfa/engineers/alice/backup\",\"code\":\"123456\",\"confirm\":true}") }))
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "423", ref = ApiDocumentation.LOCKED)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Response remove(RemoveRequest request) {
        RemoveRequest r = request == null ? new RemoveRequest(null, null, false) : request;
        mfa.remove(currentUser, r.serialNumber(), r.proofSerialNumber(), r.code(), r.confirm());
        return Response.noContent().build();
    }
}

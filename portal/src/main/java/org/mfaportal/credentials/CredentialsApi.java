package org.mfaportal.credentials;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.credentials.snippets.CredentialFormat;
import org.mfaportal.credentials.snippets.CredentialSnippets;
import org.mfaportal.credentials.snippets.SnippetOptions;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.ratelimit.RateLimiter;
import org.mfaportal.web.ApiDocumentation;

/** Credentials for scripts: JSON by default, or any snippet format by {@code ?format=} or {@code Accept}. */
@Path("/api/v1")
@Tag(name = "Credentials", description = "Session credentials with MFA, roles, and session revocation")
public class CredentialsApi {

    /**
     * What to issue. Only {@code code} is required. The code comes from the device {@code serialNumber} (or the one
     * named {@code deviceName}); without either, from the device the caller used last.
     */
    public record CredentialsRequest(@Schema(required = true, pattern = ApiDocumentation.CODE) String code,
            @Schema(nullable = true, minimum = "900", maximum = "129600", description = "Default 12 hours, less for "
                    + "roles; at most the role's maximum") Integer durationSeconds,
            @Schema(nullable = true) String roleArn, @Schema(nullable = true) String profileName,
            @Schema(nullable = true) String region, @Schema(nullable = true) String serialNumber,
            @Schema(nullable = true) String deviceName) {

        public CredentialsRequest(String code, Integer durationSeconds, String roleArn, String profileName,
                String region) {
            this(code, durationSeconds, roleArn, profileName, region, null, null);
        }

        @Override
        public String toString() {
            return "CredentialsRequest[durationSeconds=" + durationSeconds + ", roleArn=" + roleArn + ", serialNumber="
                    + serialNumber + ", deviceName=" + deviceName + "]";
        }

        String device() {
            return serialNumber != null && !serialNumber.isBlank() ? serialNumber : deviceName;
        }
    }

    /** The result of a revocation. */
    public record Revocation(Instant revokedBefore) {
    }

    private static final String JSON_EXAMPLE = "{\"AccessKeyId\":\"ASIAEXAMPLEEXAMPLE00\",\"SecretAccessKey\":"
            + "\"example-secret-access-key-not-real\",\"SessionToken\":\"example-session-token-not-real\","
            + "\"Expiration\":\"2025-01-15T21:30:00Z\"}";
    private static final String PROCESS_EXAMPLE = "{\"Version\":1,\"AccessKeyId\":\"ASIAEXAMPLEEXAMPLE00\","
            + "\"SecretAccessKey\":\"example-secret-access-key-not-real\",\"SessionToken\":"
            + "\"example-session-token-not-real\",\"Expiration\":\"2025-01-15T21:30:00Z\"}";
    private static final String BASH_EXAMPLE = "export AWS_ACCESS_KEY_ID='ASIAEXAMPLEEXAMPLE00'\n"
            + "export AWS_SECRET_ACCESS_KEY='example-secret-access-key-not-real'\n"
            + "export AWS_SESSION_TOKEN='example-session-token-not-real'\n"
            + "export AWS_CREDENTIAL_EXPIRATION='2025-01-15T21:30:00Z'\n"
            + "export AWS_REGION='us-east-1'\n"
            + "export AWS_DEFAULT_REGION='us-east-1'\n";

    private final CurrentUser currentUser;
    private final CredentialsService credentials;
    private final RoleEntitlements roles;
    private final CredentialSnippets snippets;
    private final SessionRevoker revoker;
    private final RateLimiter rateLimiter;
    private final SnippetRegion region;

    CredentialsApi(CurrentUser currentUser, CredentialsService credentials, RoleEntitlements roles,
            CredentialSnippets snippets, SessionRevoker revoker, RateLimiter rateLimiter, SnippetRegion region) {
        this.currentUser = currentUser;
        this.credentials = credentials;
        this.roles = roles;
        this.snippets = snippets;
        this.revoker = revoker;
        this.rateLimiter = rateLimiter;
        this.region = region;
    }

    @POST
    @Path("/credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, "application/x-aws-credential-process+json", "text/x-shellscript",
            "text/x-fish", "text/x-powershell", "text/x-msdos-batch", "text/x-ini", "text/x-dotenv", MediaType.TEXT_PLAIN })
    @Operation(summary = "Issue credentials", description = "Session credentials (GetSessionToken) or role credentials "
            + "(AssumeRole, if roleArn is given) with your MFA code. The response is never cached; the portal keeps no "
            + "copy. The format comes from `?format=`, else from `Accept` (the media types below), else JSON. "
            + "`durationSeconds` defaults to the portal's default (12 hours; less for roles) and must lie between 900 "
            + "and the maximum. `profileName` names the `credentials` format's profile; `region` (default: the portal's "
            + "region) is set wherever the format has a place for it: AWS_REGION and AWS_DEFAULT_REGION, `region =` "
            + "in the `credentials` profile, `Region` in JSON. The code comes from the device `serialNumber` (or the one "
            + "named `deviceName`, see `GET /me`); without either, from the device you used last (else your first "
            + "device that shows codes). A security key is refused (400 `security-key-has-no-codes`): AWS takes no "
            + "code from it; another user's serial answers 404. Call `/credentials/prepare` first to skip IAM's key "
            + "propagation wait.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "session", summary = "8-hour session credentials",
                    value = "{\"code\":\"123456\",\"durationSeconds\":28800}"),
            @ExampleObject(name = "role", summary = "1 hour in a role you are entitled to", value = "{\"code\":\"123456\","
                    + "\"roleArn\":\"arn:aws:iam::123456789012:role/engineer-admin\",\"durationSeconds\":3600}"),
            @ExampleObject(name = "profile", summary = "a ~/.aws/credentials block", value = "{\"code\":\"123456\","
                    + "\"profileName\":\"work\",\"region\":\"eu-west-1\"}"),
            @ExampleObject(name = "device", summary = "with a code from your hardware token", value = "{\"code\":"
                    + "\"123456\",\"serialNumber\":\"GAHT12345678\"}") }))
    @APIResponse(responseCode = "200", description = "The credentials in the chosen format (examples carry no real "
            + "secret)", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiDocumentation.CREDENTIALS_JSON),
                            examples = @ExampleObject(name = "json", value = JSON_EXAMPLE)),
                    @Content(mediaType = "application/x-aws-credential-process+json",
                            schema = @Schema(ref = ApiDocumentation.CREDENTIAL_PROCESS_JSON),
                            examples = @ExampleObject(name = "process", value = PROCESS_EXAMPLE)),
                    @Content(mediaType = "text/x-shellscript", schema = @Schema(type = SchemaType.STRING),
                            examples = @ExampleObject(name = "bash", value = BASH_EXAMPLE)),
                    @Content(mediaType = "text/x-fish", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/x-powershell", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/x-msdos-batch", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/x-ini", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/x-dotenv", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "423", ref = ApiDocumentation.LOCKED)
    @APIResponse(responseCode = "429", ref = ApiDocumentation.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Response issue(CredentialsRequest request,
            @Parameter(description = "Output format", schema = @Schema(type = SchemaType.STRING, enumeration = { "bash",
                    "fish", "powershell", "cmd", "credentials", "dotenv", "process", "json" })) @RestQuery String format,
            HttpHeaders headers) {
        CredentialsRequest r = request == null ? new CredentialsRequest(null, null, null, null, null) : request;
        SnippetOptions options = region.options(r.profileName(), r.region());
        CredentialFormat chosen = chooseFormat(format, headers);
        rateLimiter.acquire(currentUser.get().iamUserName(), RateLimiter.Action.CREDENTIALS);
        IssuedCredentials issued = credentials.issue(currentUser, r.code(), r.durationSeconds(), r.roleArn(),
                r.device());
        return Response.ok(snippets.render(chosen, issued.credentials(), options)).type(chosen.contentType())
                .header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    @POST
    @Path("/credentials/prepare")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Prepare", description = "Creates the short-lived key the next issuance will use, so that it "
            + "does not wait for IAM. Call it before asking the person for their code. No request body; does nothing "
            + "when you have no active device.")
    @APIResponse(responseCode = "202", description = "Preparing in the background")
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Response prepare() {
        credentials.prepare(currentUser.get());
        return Response.accepted().build();
    }

    @GET
    @Path("/roles")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Roles", description = "The roles you may assume, with the longest session each allows.")
    @APIResponse(responseCode = "200", description = "Your roles (possibly none)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = RoleEntitlements.Role.class), examples = @ExampleObject(name = "one role", value = "[{\"arn\":"
                    + "\"arn:aws:iam::123456789012:role/engineer-admin\",\"displayName\":\"Engineer admin\","
                    + "\"maxDurationSeconds\":14400}]")))
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public List<RoleEntitlements.Role> roles() {
        currentUser.get();
        return roles.rolesFor(currentUser);
    }

    @POST
    @Path("/sessions/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke my sessions", description = "Denies every session issued to you before now (a deny "
            + "policy on your IAM user with aws:TokenIssueTime), for example after a laptop was lost. No request body.")
    @APIResponse(responseCode = "200", description = "Sessions issued before `revokedBefore` no longer work",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Revocation.class),
                    examples = @ExampleObject(name = "revoked",
                    value = "{\"revokedBefore\":\"2025-01-15T09:30:00Z\"}")))
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Revocation revoke() {
        String userName = currentUser.get().iamUserName();
        return new Revocation(revoker.revoke(currentUser, userName, AuditAction.SESSIONS_REVOKED, "self-service"));
    }

    private static CredentialFormat chooseFormat(String format, HttpHeaders headers) {
        if (format != null && !format.isBlank()) {
            return CredentialFormat.fromId(format);
        }
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            Optional<CredentialFormat> match = accepted.isWildcardType() ? Optional.empty()
                    : CredentialFormat.forMediaType(accepted.getType() + "/" + accepted.getSubtype());
            if (match.isPresent()) {
                return match.get();
            }
        }
        return CredentialFormat.JSON;
    }
}

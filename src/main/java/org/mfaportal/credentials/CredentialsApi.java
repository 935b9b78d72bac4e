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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.identity.CurrentUser;

/** Credentials for scripts: JSON by default, or any snippet format by {@code ?format=} or {@code Accept}. */
@Path("/api/v1")
@Tag(name = "Credentials", description = "Session credentials with MFA, roles, and session revocation")
public class CredentialsApi {

    /** What to issue. Only {@code code} is required. */
    public record CredentialsRequest(String code, Integer durationSeconds, String roleArn, String profileName,
            String region) {
        @Override
        public String toString() {
            return "CredentialsRequest[durationSeconds=" + durationSeconds + ", roleArn=" + roleArn + "]";
        }
    }

    /** The result of a revocation. */
    public record Revocation(Instant revokedBefore) {
    }

    private final CurrentUser currentUser;
    private final CredentialsService credentials;
    private final RoleEntitlements roles;
    private final CredentialSnippets snippets;
    private final SessionRevoker revoker;

    CredentialsApi(CurrentUser currentUser, CredentialsService credentials, RoleEntitlements roles,
            CredentialSnippets snippets, SessionRevoker revoker) {
        this.currentUser = currentUser;
        this.credentials = credentials;
        this.roles = roles;
        this.snippets = snippets;
        this.revoker = revoker;
    }

    @POST
    @Path("/credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, "application/x-aws-credential-process+json", "text/x-shellscript",
            "text/x-fish", "text/x-powershell", "text/x-msdos-batch", "text/x-ini", "text/x-dotenv", MediaType.TEXT_PLAIN })
    @Operation(summary = "Issue credentials", description = "Session credentials (GetSessionToken) or role credentials "
            + "(AssumeRole, if roleArn is given) with your MFA code. The response is never cached; the portal keeps no copy.")
    public Response issue(CredentialsRequest request,
            @Parameter(description = "bash, fish, powershell, cmd, credentials, dotenv, process or json") @RestQuery String format,
            HttpHeaders headers) {
        CredentialsRequest r = request == null ? new CredentialsRequest(null, null, null, null, null) : request;
        SnippetOptions options = SnippetOptions.of(r.profileName(), r.region());
        CredentialFormat chosen = chooseFormat(format, headers);
        IssuedCredentials issued = credentials.issue(currentUser, r.code(), r.durationSeconds(), r.roleArn());
        return Response.ok(snippets.render(chosen, issued.credentials(), options)).type(chosen.contentType())
                .header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    @POST
    @Path("/credentials/prepare")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Prepare", description = "Creates the short-lived key the next issuance will use, so that it "
            + "does not wait for IAM. Call it before asking the person for their code.")
    public Response prepare() {
        credentials.prepare(currentUser.get());
        return Response.accepted().build();
    }

    @GET
    @Path("/roles")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Roles", description = "The roles you may assume.")
    public List<RoleEntitlements.Role> roles() {
        currentUser.get();
        return roles.rolesFor(currentUser);
    }

    @POST
    @Path("/sessions/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke my sessions", description = "Denies every session issued to you before now.")
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

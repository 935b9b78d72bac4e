package org.mfaportal.credentials;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.mfaportal.aws.AwsException;
import org.mfaportal.aws.ConsoleFederationGateway;
import org.mfaportal.credentials.snippets.CredentialFormat;
import org.mfaportal.credentials.snippets.CredentialSnippets;
import org.mfaportal.credentials.snippets.SnippetOptions;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.mfa.MfaService;
import org.mfaportal.mfa.DeviceView;
import org.mfaportal.mfa.MfaStatus;
import org.mfaportal.ratelimit.RateLimiter;
import org.mfaportal.web.Booleans;
import org.mfaportal.web.Forms;
import org.mfaportal.web.Problem;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Getting credentials in the browser: a form (opening it prepares a key in the background, hiding IAM's
 * propagation delay), then a page showing the credentials once in every format, or a direct download.
 */
@Path("/credentials")
@Produces(MediaType.TEXT_HTML)
public class CredentialsPage {

    private static final Logger LOG = Logger.getLogger(CredentialsPage.class);
    private static final URI AWS_CONSOLE = URI.create("https://console.aws.amazon.com/");

    /** A session length the form offers. */
    public record DurationChoice(int seconds, String label, boolean selected) {
    }

    /** One rendered format on the result page. */
    public record Rendered(CredentialFormat format, String text) {
        public String id() {
            return format.id();
        }
    }

    /** A device the form offers (only those that show codes), the chosen one selected. */
    public record DeviceChoice(String serialNumber, String label, boolean selected) {
    }

    /** What the form shows. */
    public record Form(List<RoleEntitlements.Role> roles, List<DurationChoice> durations, String profileName,
            String region, List<CredentialFormat> formats, List<DeviceChoice> devices) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(PortalUser user, MfaStatus status, Form form, Problem error,
                boolean revoked);

        static native TemplateInstance issued(PortalUser user, IssuedCredentials issued, List<Rendered> formats,
                String consoleUrl);
    }

    private final CurrentUser currentUser;
    private final MfaService mfa;
    private final CredentialsService credentials;
    private final RoleEntitlements roles;
    private final CredentialSnippets snippets;
    private final CredentialsConfig config;
    private final SessionRevoker revoker;
    private final ConsoleFederationGateway federation;
    private final SnippetRegion region;
    private final RateLimiter rateLimiter;

    CredentialsPage(CurrentUser currentUser, MfaService mfa, CredentialsService credentials, RoleEntitlements roles,
            CredentialSnippets snippets, CredentialsConfig config, SessionRevoker revoker,
            ConsoleFederationGateway federation, SnippetRegion region, RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.currentUser = currentUser;
        this.mfa = mfa;
        this.credentials = credentials;
        this.roles = roles;
        this.snippets = snippets;
        this.config = config;
        this.revoker = revoker;
        this.federation = federation;
        this.region = region;
    }

    @GET
    public TemplateInstance form(@org.jboss.resteasy.reactive.RestQuery("revoked") String revokedValue) {
        PortalUser user = currentUser.get();
        MfaStatus status = mfa.status(user);
        if (status.isActive() && config.prepareOnForm()) {
            credentials.prepare(user);
        }
        return Templates.form(user, status, form(null, status, null), null,
                Booleans.parse("revoked", revokedValue, false));
    }

    @POST
    public Response issue(@RestForm String code, @RestForm String serialNumber, @RestForm Integer durationSeconds,
            @RestForm String roleArn,
            @RestForm String profileName, @RestForm String region, @RestForm String format,
            @RestForm String download, @Context UriInfo uri) {
        PortalUser user = currentUser.get();
        try {
            SnippetOptions options = this.region.options(profileName, region);
            Optional<CredentialFormat> asFile = "true".equals(download)
                    ? Optional.of(CredentialFormat.fromId(format)) : Optional.empty();
            // The same budget as the API's: a page is no way around it.
            rateLimiter.acquire(user.iamUserName(), RateLimiter.Action.CREDENTIALS);
            IssuedCredentials issued = credentials.issue(currentUser, code, durationSeconds, roleArn, serialNumber);
            if (asFile.isPresent()) {
                CredentialFormat file = asFile.get();
                return Response.ok(snippets.render(file, issued.credentials(), options))
                        .type(file.contentType()).header("Cache-Control", "no-store")
                        .header("Content-Disposition", "attachment; filename=\"" + file.fileName() + "\"").build();
            }
            List<Rendered> rendered = new ArrayList<>();
            for (CredentialFormat each : CredentialFormat.values()) {
                rendered.add(new Rendered(each, snippets.render(each, issued.credentials(), options)));
            }
            return Response.ok(Templates.issued(user, issued, rendered, consoleUrl(issued, uri)))
                    .header("Cache-Control", "no-store").build();
        } catch (RuntimeException e) {
            return Forms.rerender(e, error -> {
                MfaStatus status = mfa.status(user);
                return Templates.form(user, status, form(durationSeconds, status, serialNumber), error, false);
            }).build();
        }
    }

    @POST
    @Path("/revoke")
    public Response revoke() {
        PortalUser user = currentUser.get();
        revoker.revoke(currentUser, user.iamUserName(), org.mfaportal.audit.AuditAction.SESSIONS_REVOKED,
                "self-service");
        return Response.seeOther(java.net.URI.create("/credentials?revoked=true")).build();
    }

    /** A console sign-in link for role sessions; none for session credentials, or if AWS refuses one. */
    private String consoleUrl(IssuedCredentials issued, UriInfo uri) {
        if (!issued.isRoleSession()) {
            return null;
        }
        try {
            return federation.consoleSignInUrl(issued.credentials(), uri.getBaseUri(), AWS_CONSOLE).toString();
        } catch (AwsException e) {
            LOG.warnf("No console link for a role session (%s)", e.awsErrorCode());
            return null;
        }
    }

    private Form form(Integer chosen, MfaStatus status, String chosenDevice) {
        String device = chosenDevice != null && !chosenDevice.isBlank() ? chosenDevice
                : status.defaultCodeDevice().map(DeviceView::serialNumber).orElse(null);
        List<DeviceChoice> devices = status.codeDevices().stream()
                .map(d -> new DeviceChoice(d.serialNumber(), d.name() + " (" + d.kindLabel() + ")",
                        d.serialNumber().equals(device)))
                .toList();
        int selected = chosen != null ? chosen : credentials.defaultDuration(Optional.empty());
        int max = credentials.maxSessionDuration();
        List<DurationChoice> durations = new ArrayList<>();
        for (int hours : new int[] { 1, 2, 4, 8, 12, 24, 36 }) {
            int seconds = hours * 3600;
            if (seconds <= max) {
                durations.add(new DurationChoice(seconds, hours + (hours == 1 ? " hour" : " hours"),
                        seconds == selected));
            }
        }
        if (durations.stream().noneMatch(DurationChoice::selected)) {
            durations.add(0, new DurationChoice(selected, selected / 60 + " minutes", true));
        }
        return new Form(roles.rolesFor(currentUser), durations, config.defaultProfileName(),
                region.defaultRegion(), List.of(CredentialFormat.values()), devices);
    }
}

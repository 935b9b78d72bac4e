package org.mfaportal.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.mfaportal.web.ApiDocumentation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditCsv;
import org.mfaportal.audit.AuditEvent;
import org.mfaportal.audit.AuditExport;
import org.mfaportal.audit.AuditFilter;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditPage;
import org.mfaportal.audit.AuditQuery;
import org.mfaportal.aws.IamUser;
import org.mfaportal.aws.MfaDeviceKind;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.Roles;
import org.mfaportal.web.InvalidInput;

/** The admin console for scripts, with bearer tokens of admins. Same rules as the pages. */
@Path("/api/v1/admin")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Devices overview, lost devices, orphan cleanup, session revocation, audit trail")
public class AdminApi {

    /** Deactivation of a user's device: its serial number and why (kept in the audit trail). */
    public record DeactivateRequest(@Schema(required = true) String serialNumber,
            @Schema(required = true, minLength = 1, maxLength = 500) String reason) {
    }

    /** What a deactivation did. */
    public record Deactivation(String userName, String serialNumber, String detail) {
    }

    /** Orphan cleanup: the age (default {@code portal.admin.orphan-age}); {@code dryRun} defaults to true. */
    public record CleanupRequest(
            @Schema(nullable = true, minimum = "1", maximum = "525600",
                    description = "Default `portal.admin.orphan-age`") Integer olderThanMinutes,
            @Schema(nullable = true, description = "Default true: only list") Boolean dryRun,
            @Schema(nullable = true, description = "Only this device") String serialNumber) {
    }

    /** Session revocation of a user, with why. */
    public record RevokeRequest(@Schema(required = true, minLength = 1, maxLength = 500) String reason) {
    }

    /** The result of revoking a user's sessions: sessions issued to them before the instant are denied. */
    public record UserRevocation(String userName, Instant revokedBefore) {
    }

    /**
     * A user without a code-capable (or backup) device, with the kinds of device they have ({@code SECURITY_KEY},
     * …; empty for none).
     */
    public record UserRow(String userName, String path, @Schema(nullable = true) Instant createdAt,
            List<MfaDeviceKind> deviceKinds, long codeCapableDevices) {
    }

    /** Every managed user without a device that shows codes, or with {@code backup=none} without a second one. */
    public record UsersWithoutMfa(int count, List<UserRow> users) {
    }

    private static final String USER_PREFIX = "A case-insensitive prefix of the IAM user name";
    private static final String AUDIT_USER = "The actor or the target, exactly";
    private static final String FROM = "Inclusive start: an ISO-8601 instant (`2026-11-24T10:00:00Z`), or a UTC local "
            + "date-time or date";
    private static final String TO = "Exclusive end, like `from`";
    private static final String BACKUP = "`none`: only users without a backup device (fewer than two devices that show "
            + "codes)";

    private final CurrentUser currentUser;
    private final AdminService admin;
    private final AuditQuery auditQuery;
    private final AuditExport auditExport;
    private final AdminConfig config;

    AdminApi(CurrentUser currentUser, AdminService admin, AuditQuery auditQuery, AuditExport auditExport,
            AdminConfig config) {
        this.currentUser = currentUser;
        this.admin = admin;
        this.auditQuery = auditQuery;
        this.auditExport = auditExport;
        this.config = config;
    }

    @GET
    @Path("/devices")
    @Operation(summary = "Devices", description = "Virtual MFA devices under the managed path, 50 a page: status "
            + "ACTIVE, PENDING or ORPHANED, user-name prefix search, backup=none for the active devices of users "
            + "without a backup device (fewer than two code-capable devices), marker from the previous page's "
            + "nextMarker.")
    @APIResponse(responseCode = "200", description = "One page of devices", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DevicePage.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public DevicePage devices(
            @Parameter(description = "Only devices in this state", schema = @Schema(implementation = DeviceStatus.class))
            @RestQuery String status,
            @Parameter(description = USER_PREFIX, schema = @Schema(type = SchemaType.STRING, pattern = ApiDocumentation.USER_SEARCH))
            @RestQuery String user,
            @Parameter(description = BACKUP, schema = @Schema(type = SchemaType.STRING, enumeration = { "none" }))
            @RestQuery String backup,
            @Parameter(description = "The previous page's `nextMarker`") @RestQuery String marker) {
        return admin.devices(AdminParams.deviceQuery(status, user, backup), marker);
    }

    @GET
    @Path("/users-without-mfa")
    @Operation(summary = "Users without a code-capable device", description = "Managed IAM users with no "
            + "device that shows codes (neither an assigned virtual device nor a hardware token the portal has seen): "
            + "an engineer with only a security key cannot get credentials. With backup=none, the users with fewer "
            + "than two (no backup device). Each with the kinds of device they have.")
    @APIResponse(responseCode = "200", description = "The users without a code-capable (or backup) device", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsersWithoutMfa.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public UsersWithoutMfa usersWithoutMfa(
            @Parameter(description = USER_PREFIX, schema = @Schema(type = SchemaType.STRING, pattern = ApiDocumentation.USER_SEARCH))
            @RestQuery String user,
            @Parameter(description = BACKUP, schema = @Schema(type = SchemaType.STRING, enumeration = { "none" }))
            @RestQuery String backup) {
        String prefix = AdminParams.userSearch(user);
        List<UserRow> users = admin.usersWithoutCodeDevice(prefix, AdminParams.withoutBackup(backup)).stream()
                .map(AdminApi::row).toList();
        return new UsersWithoutMfa(users.size(), users);
    }

    @GET
    @Path("/users/{userName}")
    @Operation(summary = "User", description = "A managed user's devices, unfinished enrollment and recent audit events.")
    @APIResponse(responseCode = "200", description = "The user", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserDetail.class)))
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public UserDetail user(@RestPath String userName) {
        return admin.user(currentUser, userName);
    }

    @POST
    @Path("/users/{userName}/mfa/deactivate")
    @Operation(summary = "Deactivate a lost device", description = "Deactivates and deletes the user's device; needs "
            + "a reason (up to 500 characters). Not for your own device.")
    @APIResponse(responseCode = "200", description = "The device was deactivated and deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Deactivation.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Deactivation deactivate(@RestPath String userName, DeactivateRequest request) {
        DeactivateRequest r = request == null ? new DeactivateRequest(null, null) : request;
        String detail = admin.deactivate(currentUser, userName, r.serialNumber(), r.reason());
        return new Deactivation(userName, r.serialNumber().strip(), detail);
    }

    @POST
    @Path("/users/{userName}/sessions/revoke")
    @Operation(summary = "Revoke a user's sessions", description = "Denies every session issued to the user before "
            + "now; needs a reason.")
    @APIResponse(responseCode = "200", description = "Sessions issued before the returned time are denied",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserRevocation.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public UserRevocation revoke(@RestPath String userName, RevokeRequest request) {
        RevokeRequest r = request == null ? new RevokeRequest(null) : request;
        return new UserRevocation(userName, admin.revokeSessions(currentUser, userName, r.reason()));
    }

    @POST
    @Path("/orphans/cleanup")
    @Operation(summary = "Clean up orphans", description = "Deletes unassigned devices under the managed path older "
            + "than olderThanMinutes (or unknown to the portal); dryRun (the default) only lists them. "
            + "serialNumber limits it to one device.")
    @APIResponse(responseCode = "200", description = "What was (or, in a dry run, would be) deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CleanupResult.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public CleanupResult cleanup(CleanupRequest request) {
        CleanupRequest r = request == null ? new CleanupRequest(null, null, null) : request;
        return admin.cleanupOrphans(currentUser, r.olderThanMinutes(), r.dryRun() == null || r.dryRun(),
                r.serialNumber());
    }

    @GET
    @Path("/audit")
    @Produces({ MediaType.APPLICATION_JSON, AuditCsv.MEDIA_TYPE })
    @Operation(summary = "Audit trail", description = "Events newest first, filtered by user (actor or target), action, "
            + "outcome, from and to (ISO-8601); page with before=nextBefore. With Accept: text/csv, every matching "
            + "event as a CSV download.")
    @APIResponse(responseCode = "200", description = "One page of events (JSON), or CSV", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditPage.class)),
            @Content(mediaType = AuditCsv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    public Response audit(
            @Parameter(description = AUDIT_USER, schema = @Schema(type = SchemaType.STRING, pattern = ApiDocumentation.USER_SEARCH))
            @RestQuery String user,
            @Parameter(schema = @Schema(implementation = AuditAction.class)) @RestQuery String action,
            @Parameter(schema = @Schema(implementation = AuditOutcome.class)) @RestQuery String outcome,
            @Parameter(description = FROM) @RestQuery String from, @Parameter(description = TO) @RestQuery String to,
            @Parameter(description = "The previous page's `nextBefore`") @RestQuery Long before,
            @Parameter(description = "Events per page", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "1000", defaultValue = "50")) @RestQuery Integer limit,
            HttpHeaders headers) {
        AuditFilter filter = AdminParams.auditFilter(user, action, outcome, from, to);
        if (prefersCsv(headers)) {
            return auditExport.download(filter, AuditExport.Format.CSV);
        }
        int size = limit == null ? config.pageSize() : limit;
        if (size < 1 || size > 1000) {
            throw new InvalidInput(Map.of("limit", "Between 1 and 1000."));
        }
        AuditPage page = auditQuery.page(filter, before, size);
        return Response.ok(page, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/audit/export")
    @Produces({ MediaType.APPLICATION_JSON, AuditCsv.MEDIA_TYPE })
    @Operation(summary = "Audit download", description = "Every matching event as a file: format=csv or json.")
    @APIResponse(responseCode = "200", description = "The events as a file (`Content-Disposition: attachment`)",
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = AuditEvent.class)),
                    @Content(mediaType = AuditCsv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    public Response export(
            @Parameter(description = AUDIT_USER, schema = @Schema(type = SchemaType.STRING, pattern = ApiDocumentation.USER_SEARCH))
            @RestQuery String user,
            @Parameter(schema = @Schema(implementation = AuditAction.class)) @RestQuery String action,
            @Parameter(schema = @Schema(implementation = AuditOutcome.class)) @RestQuery String outcome,
            @Parameter(description = FROM) @RestQuery String from, @Parameter(description = TO) @RestQuery String to,
            @Parameter(description = "The file's format", schema = @Schema(type = SchemaType.STRING, enumeration = { "csv", "json" },
                    defaultValue = "csv")) @RestQuery String format) {
        AuditFilter filter = AdminParams.auditFilter(user, action, outcome, from, to);
        return auditExport.download(filter, exportFormat(format));
    }

    static AuditExport.Format exportFormat(String format) {
        if (format == null || format.isBlank()) {
            return AuditExport.Format.CSV;
        }
        return switch (format) {
            case "csv" -> AuditExport.Format.CSV;
            case "json" -> AuditExport.Format.JSON;
            default -> throw new InvalidInput(Map.of("format", "Choose csv or json."));
        };
    }

    private static boolean prefersCsv(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isWildcardType() || accepted.isWildcardSubtype()) {
                continue;
            }
            return accepted.isCompatible(MediaType.valueOf(AuditCsv.MEDIA_TYPE));
        }
        return false;
    }

    private static UserRow row(UserDevices user) {
        IamUser iamUser = user.user();
        return new UserRow(iamUser.userName(), iamUser.path(), iamUser.createDate(), user.kinds(),
                user.codeCapableDevices());
    }
}

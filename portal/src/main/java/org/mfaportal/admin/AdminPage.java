package org.mfaportal.admin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.mfaportal.admin.AdminProblems.DeviceNotFound;
import org.mfaportal.admin.AdminProblems.OwnDeviceNotAllowed;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditExport;
import org.mfaportal.audit.AuditFilter;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditPage;
import org.mfaportal.audit.AuditQuery;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.Roles;
import org.mfaportal.web.Booleans;
import org.mfaportal.web.Confirmation;
import org.mfaportal.web.Forms;
import org.mfaportal.web.InvalidInput;
import org.mfaportal.web.Problem;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The admin console in the browser: devices overview, users without a code-capable (or backup) device, a user's page with the lost-device and
 * session forms, orphan cleanup and the audit trail. Filters are query parameters (links can be shared; they
 * never carry a secret); every change is a CSRF-protected form followed by a redirect.
 */
@Path("/admin")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminPage {

    /** Confirmations shown after an admin action redirected back to the user's page. */
    public enum UserConfirmation implements Confirmation {
        deactivated("The device was deactivated and deleted. The user can set up a new one right away."),
        revoked("Every session the user was issued until now is denied. New sessions work as usual.");

        private final String message;

        UserConfirmation(String message) {
            this.message = message;
        }

        @Override
        public String message() {
            return message;
        }
    }

    /** The devices overview with its filters and the link to the next page. */
    public record DevicesView(List<DeviceRow> rows, String status, String user, boolean withoutBackup,
            List<DeviceStatus> statuses, String nextHref, String firstHref) {
    }

    /** One page of users without a code-capable device, or without a backup device. */
    public record UsersView(List<UserDevices> users, int total, String user, boolean withoutBackup, int page,
            int pages, String previousHref, String nextHref) {
    }

    /** The audit trail page: events, the filters as typed, the links. */
    public record AuditView(List<org.mfaportal.audit.AuditEvent> events, String user, String action, String outcome,
            String from, String to, List<AuditAction> actions, List<AuditOutcome> outcomes, String nextHref,
            String csvHref, String jsonHref, String firstHref) {
    }

    /** The orphan cleanup page: the preview, and the outcome of the last run if redirected from one. */
    public record OrphansView(CleanupResult preview, int olderThanMinutes, Integer deleted, Integer skipped) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance devices(DevicesView view, Problem error);

        static native TemplateInstance usersWithoutMfa(UsersView view, Problem error);

        static native TemplateInstance user(UserDetail user, UserConfirmation done, Problem error, String reason);

        static native TemplateInstance deactivate(String userName, String serialNumber, Problem error,
                String reason);

        static native TemplateInstance orphans(OrphansView view, Problem error);

        static native TemplateInstance audit(AuditView view, Problem error);
    }

    private final CurrentUser currentUser;
    private final AdminService admin;
    private final AuditQuery auditQuery;
    private final AuditExport auditExport;
    private final AdminConfig config;

    AdminPage(CurrentUser currentUser, AdminService admin, AuditQuery auditQuery, AuditExport auditExport,
            AdminConfig config) {
        this.currentUser = currentUser;
        this.admin = admin;
        this.auditQuery = auditQuery;
        this.auditExport = auditExport;
        this.config = config;
    }

    // ------------------------------------------------------------------ devices

    @GET
    public Response devices(@RestQuery String status, @RestQuery String user, @RestQuery String backup,
            @RestQuery String marker) {
        List<DeviceStatus> statuses = List.of(DeviceStatus.values());
        boolean noBackup = "none".equalsIgnoreCase(backup == null ? "" : backup.strip());
        try {
            DevicePage page = admin.devices(AdminParams.deviceQuery(status, user, backup), marker);
            String next = page.nextMarker() == null ? null
                    : href("/admin", params("status", status, "user", user, "backup", backup, "marker",
                            page.nextMarker()));
            String first = marker == null || marker.isBlank() ? null
                    : href("/admin", params("status", status, "user", user, "backup", backup));
            return Response.ok(Templates.devices(new DevicesView(page.devices(), blankToNull(status),
                    blankToNull(user), noBackup, statuses, next, first), null)).build();
        } catch (InvalidInput e) {
            return Response.status(400).entity(Templates.devices(new DevicesView(List.of(), blankToNull(status),
                    blankToNull(user), noBackup, statuses, null, null), e)).build();
        }
    }

    // ------------------------------------------------------------------ users

    @GET
    @Path("/users-without-mfa")
    public Response usersWithoutMfa(@RestQuery String user, @RestQuery String backup, @RestQuery Integer page) {
        boolean noBackup = "none".equalsIgnoreCase(backup == null ? "" : backup.strip());
        try {
            String prefix = AdminParams.userSearch(user);
            List<UserDevices> all = admin.usersWithoutCodeDevice(prefix, AdminParams.withoutBackup(backup));
            int size = config.pageSize();
            int pages = Math.max(1, (all.size() + size - 1) / size);
            int current = page == null ? 1 : Math.max(1, Math.min(page, pages));
            List<UserDevices> slice = all.subList((current - 1) * size, Math.min(all.size(), current * size));
            String previous = current > 1 ? href("/admin/users-without-mfa",
                    params("user", user, "backup", backup, "page", String.valueOf(current - 1))) : null;
            String next = current < pages ? href("/admin/users-without-mfa",
                    params("user", user, "backup", backup, "page", String.valueOf(current + 1))) : null;
            return Response.ok(Templates.usersWithoutMfa(new UsersView(slice, all.size(), blankToNull(user), noBackup,
                    current, pages, previous, next), null)).build();
        } catch (InvalidInput e) {
            return Response.status(400).entity(Templates.usersWithoutMfa(
                    new UsersView(List.of(), 0, blankToNull(user), noBackup, 1, 1, null, null), e)).build();
        }
    }

    @GET
    @Path("/users/{userName}")
    public TemplateInstance user(@RestPath String userName, @RestQuery String done) {
        return Templates.user(admin.user(currentUser, userName), Confirmation.parse(UserConfirmation.class, done), null,
                null);
    }

    /** The confirm step: names the user and the device, asks for the reason. */
    @GET
    @Path("/users/{userName}/mfa/deactivate")
    public TemplateInstance confirmDeactivate(@RestPath String userName, @RestQuery String serialNumber) {
        UserDetail user = admin.user(currentUser, userName);
        if (!user.canDeactivate()) {
            throw new OwnDeviceNotAllowed();
        }
        if (user.devices().stream().noneMatch(d -> d.serialNumber().equals(serialNumber))) {
            throw new DeviceNotFound();
        }
        return Templates.deactivate(user.userName(), serialNumber, null, null);
    }

    @POST
    @Path("/users/{userName}/mfa/deactivate")
    public Response deactivate(@RestPath String userName, @RestForm String serialNumber, @RestForm String reason) {
        try {
            admin.deactivate(currentUser, userName, serialNumber, reason);
            return redirect("/admin/users/" + userName + "?done=" + UserConfirmation.deactivated);
        } catch (RuntimeException e) {
            return Forms.rerender(e, error -> Templates.deactivate(userName, serialNumber, error, reason)).build();
        }
    }

    @POST
    @Path("/users/{userName}/sessions/revoke")
    public Response revokeSessions(@RestPath String userName, @RestForm String reason) {
        try {
            admin.revokeSessions(currentUser, userName, reason);
            return redirect("/admin/users/" + userName + "?done=" + UserConfirmation.revoked);
        } catch (InvalidInput e) {
            return Response.status(400)
                    .entity(Templates.user(admin.user(currentUser, userName), null, e, reason)).build();
        }
    }

    // ------------------------------------------------------------------ orphans

    /** The dry run: what a cleanup with this age would delete. */
    @GET
    @Path("/orphans")
    public Response orphans(@RestQuery Integer olderThanMinutes, @RestQuery Integer deleted,
            @RestQuery Integer skipped) {
        int minutes = olderThanMinutes == null ? admin.orphanAgeMinutes() : olderThanMinutes;
        try {
            CleanupResult preview = admin.cleanupOrphans(currentUser, minutes, true, null);
            return Response.ok(Templates.orphans(new OrphansView(preview, minutes, deleted, skipped), null)).build();
        } catch (InvalidInput e) {
            return Response.status(400).entity(Templates.orphans(new OrphansView(null, minutes, null, null),
                    e)).build();
        }
    }

    /**
     * A preview ({@code dryRun=true}, also when it is missing), or the cleanup of every orphan or of one
     * ({@code serialNumber}) with {@code dryRun=false}.
     */
    @POST
    @Path("/orphans/cleanup")
    public Response cleanup(@RestForm Integer olderThanMinutes, @RestForm("dryRun") String dryRunValue,
            @RestForm String serialNumber) {
        int minutes = olderThanMinutes == null ? admin.orphanAgeMinutes() : olderThanMinutes;
        try {
            boolean dryRun = Booleans.parse("dryRun", dryRunValue, true);
            CleanupResult result = admin.cleanupOrphans(currentUser, minutes, dryRun, serialNumber);
            if (dryRun) {
                return Response.ok(Templates.orphans(new OrphansView(result, minutes, null, null), null)).build();
            }
            return redirect(href("/admin/orphans", params("olderThanMinutes", String.valueOf(minutes), "deleted",
                    String.valueOf(result.deleted().size()), "skipped", String.valueOf(result.skipped().size()))));
        } catch (RuntimeException e) {
            return Forms.rerender(e, error -> Templates.orphans(new OrphansView(e instanceof InvalidInput ? null
                    : admin.cleanupOrphans(currentUser, minutes, true, null), minutes, null, null), error)).build();
        }
    }

    // ------------------------------------------------------------------ audit

    @GET
    @Path("/audit")
    public Response audit(@RestQuery String user, @RestQuery String action, @RestQuery String outcome,
            @RestQuery String from, @RestQuery String to, @RestQuery Long before) {
        List<AuditAction> actions = List.of(AuditAction.values());
        List<AuditOutcome> outcomes = List.of(AuditOutcome.values());
        Map<String, String> filters = params("user", user, "action", action, "outcome", outcome, "from", from, "to", to);
        try {
            AuditFilter filter = AdminParams.auditFilter(user, action, outcome, from, to);
            AuditPage page = auditQuery.page(filter, before, config.pageSize());
            Map<String, String> next = new LinkedHashMap<>(filters);
            next.put("before", String.valueOf(page.nextBefore()));
            Map<String, String> csv = new LinkedHashMap<>(filters);
            csv.put("format", "csv");
            Map<String, String> json = new LinkedHashMap<>(filters);
            json.put("format", "json");
            return Response.ok(Templates.audit(new AuditView(page.events(), blankToNull(user), blankToNull(action),
                    blankToNull(outcome), blankToNull(from), blankToNull(to), actions, outcomes,
                    page.nextBefore() == null ? null : href("/admin/audit", next), href("/admin/audit/export", csv),
                    href("/admin/audit/export", json), before == null ? null : href("/admin/audit", filters)), null))
                    .build();
        } catch (InvalidInput e) {
            return Response.status(400).entity(Templates.audit(new AuditView(List.of(), blankToNull(user),
                    blankToNull(action), blankToNull(outcome), blankToNull(from), blankToNull(to), actions, outcomes,
                    null, null, null, null), e)).build();
        }
    }

    /** The download links of the audit page (browsers cannot send {@code Accept: text/csv} from a link). */
    @GET
    @Path("/audit/export")
    @Produces({ MediaType.APPLICATION_JSON, "text/csv" })
    public Response exportAudit(@RestQuery String user, @RestQuery String action, @RestQuery String outcome,
            @RestQuery String from, @RestQuery String to, @RestQuery String format) {
        return auditExport.download(AdminParams.auditFilter(user, action, outcome, from, to),
                AdminApi.exportFormat(format));
    }

    // ------------------------------------------------------------------ helpers

    private static Response redirect(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    /** Name-value pairs, blank values left out. */
    private static Map<String, String> params(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null && !namesAndValues[i + 1].isBlank()) {
                params.put(namesAndValues[i], namesAndValues[i + 1].strip());
            }
        }
        return params;
    }

    private static String href(String path, Map<String, String> params) {
        if (params.isEmpty()) {
            return path;
        }
        return path + "?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

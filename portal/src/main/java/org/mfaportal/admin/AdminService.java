package org.mfaportal.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.admin.AdminProblems.DeviceNotFound;
import org.mfaportal.admin.AdminProblems.OrphanNotFound;
import org.mfaportal.admin.AdminProblems.OwnDeviceNotAllowed;
import org.mfaportal.admin.AdminProblems.UserNotFound;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditFilter;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditQuery;
import org.mfaportal.audit.AuditService;
import org.mfaportal.aws.AssignmentStatus;
import org.mfaportal.aws.AwsDeleteConflict;
import org.mfaportal.aws.AwsEntityNotFound;
import org.mfaportal.aws.AwsException;
import org.mfaportal.aws.IamGateway;
import org.mfaportal.aws.IamUser;
import org.mfaportal.aws.MfaDevice;
import org.mfaportal.aws.MfaDeviceKind;
import org.mfaportal.aws.VirtualMfaDevice;
import org.mfaportal.aws.VirtualMfaDevicePage;
import org.mfaportal.credentials.SessionRevoker;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.IamUserNames;
import org.mfaportal.identity.IdentityConfig;
import org.mfaportal.identity.NotMappedToIamUser;
import org.mfaportal.mfa.DeviceRegistry;
import org.mfaportal.mfa.DeviceView;
import org.mfaportal.mfa.MfaService;
import org.mfaportal.mfa.PendingEnrollment;
import org.mfaportal.mfa.PendingEnrollments;
import org.mfaportal.web.InvalidInput;

/**
 * The admin console's rules: the devices overview, users without a code-capable (or a backup) device, deactivating a lost device, orphan cleanup
 * and session revocation. Only IAM users and devices under the managed path are ever shown or touched; a user
 * outside it answers exactly like one that does not exist. Every change is audited with the admin's reason.
 *
 * <p>Nothing here is cached: every listing reads IAM afresh, so a page shown after an admin action never shows a
 * removed device as active. Listings cost one IAM call per 1,000 devices and one database query per IAM page,
 * never a call per row.
 */
@ApplicationScoped
public class AdminService {

    /** Longest reason an admin may give. */
    public static final int MAX_REASON_LENGTH = 500;
    /** Longest age an orphan cleanup accepts: a year. */
    public static final int MAX_OLDER_THAN_MINUTES = 525_600;
    /** How many recent audit events the user page shows. */
    static final int RECENT_EVENTS = 20;
    /** IAM pages one overview page may read before it answers with what it found (sparse filters). */
    static final int MAX_IAM_PAGES_PER_REQUEST = 20;

    private final IamGateway iam;
    private final PendingEnrollments pending;
    private final MfaService mfa;
    private final DeviceRegistry registry;
    private final SessionRevoker revoker;
    private final AuditService audit;
    private final AuditQuery auditQuery;
    private final AdminConfig config;
    private final IdentityConfig identity;
    private final Clock clock;

    AdminService(IamGateway iam, PendingEnrollments pending, MfaService mfa, DeviceRegistry registry,
            SessionRevoker revoker, AuditService audit,
            AuditQuery auditQuery, AdminConfig config, IdentityConfig identity, Clock clock) {
        this.iam = iam;
        this.pending = pending;
        this.mfa = mfa;
        this.registry = registry;
        this.revoker = revoker;
        this.audit = audit;
        this.auditQuery = auditQuery;
        this.config = config;
        this.identity = identity;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ reading

    /**
     * One page of the virtual MFA devices under the managed path, assigned and unassigned, in IAM's order.
     *
     * @param marker {@link DevicePage#nextMarker()} of the previous page, or {@code null} for the first
     * @throws InvalidInput for a marker the portal did not make
     */
    public DevicePage devices(DeviceQuery query, String marker) {
        ResumeMarker resume = ResumeMarker.decode(marker);
        AssignmentStatus assignment = query.status() == null ? AssignmentStatus.ANY
                : query.status() == DeviceStatus.ACTIVE ? AssignmentStatus.ASSIGNED : AssignmentStatus.UNASSIGNED;
        int pageSize = config.pageSize();
        Instant now = Instant.now(clock);
        List<DeviceRow> rows = new ArrayList<>(pageSize);
        String iamMarker = resume == null ? null : resume.iamMarker();
        // "no backup device": one listing of every assigned device tells who has two code-capable ones
        Set<String> withBackup = query.withoutBackup() ? usersWithBackup() : Set.of();
        for (int call = 0; call < MAX_IAM_PAGES_PER_REQUEST; call++) {
            VirtualMfaDevicePage page = iam.listVirtualMfaDevices(assignment, iamMarker, IamGateway.MAX_ITEMS_LIMIT);
            List<VirtualMfaDevice> devices = page.devices();
            int from = call == 0 && resume != null ? resume.startIn(devices) : 0;
            List<VirtualMfaDevice> candidates = devices.subList(from, devices.size());
            Map<String, PendingEnrollment> records = pendingFor(candidates);
            for (int i = from; i < devices.size(); i++) {
                VirtualMfaDevice device = devices.get(i);
                if (!isManaged(device.serialNumber())) {
                    continue;
                }
                DeviceRow row = row(device, records.get(device.serialNumber()), now);
                if (!query.matches(row) || query.withoutBackup() && (row.status() != DeviceStatus.ACTIVE
                        || row.userName() == null || withBackup.contains(row.userName().toLowerCase(Locale.ROOT)))) {
                    continue;
                }
                if (rows.size() == pageSize) {
                    return new DevicePage(rows, new ResumeMarker(iamMarker, device.serialNumber(), i).encode());
                }
                rows.add(row);
            }
            if (page.nextMarker() == null) {
                return new DevicePage(rows, null);
            }
            iamMarker = page.nextMarker();
        }
        // A sparse filter over a large account: answer with what was found, the next page goes on from here.
        return new DevicePage(rows, new ResumeMarker(iamMarker, "", 0).encode());
    }

    /**
     * IAM users under the managed path without a device that shows codes (an authenticator app or a hardware token),
     * or with {@code withoutBackup} without a second one, by name, each with the kinds of device they do have. An
     * engineer whose only device is a security key is among them: AWS takes no code from it. Two listings joined in
     * memory, {@code ListUsers} with the path prefix and {@code ListVirtualMFADevices(Assigned)}, plus the portal's
     * record of hardware tokens and security keys ({@link DeviceRegistry}: IAM lists those only per user).
     *
     * @param userPrefix    only names starting with this (case-insensitive); {@code null} for all
     * @param withoutBackup fewer than two code-capable devices instead of none
     */
    public List<UserDevices> usersWithoutCodeDevice(String userPrefix, boolean withoutBackup) {
        List<IamUser> users = iam.listUsers(identity.managedPath());
        Map<String, List<MfaDeviceKind>> kinds = deviceKindsByUser();
        int fewerThan = withoutBackup ? 2 : 1;
        return users.stream()
                .filter(u -> IamUserNames.isUnder(u.path(), identity.managedPath()))
                .filter(u -> userPrefix == null || u.userName().regionMatches(true, 0, userPrefix, 0, userPrefix.length()))
                .map(u -> new UserDevices(u, kinds.getOrDefault(u.userName().toLowerCase(Locale.ROOT), List.of())))
                .filter(u -> u.codeCapableDevices() < fewerThan)
                .sorted(Comparator.comparing(u -> u.user().userName().toLowerCase(Locale.ROOT)))
                .toList();
    }

    /** Lower-case names of the users with at least two code-capable devices. */
    private Set<String> usersWithBackup() {
        return deviceKindsByUser().entrySet().stream()
                .filter(e -> e.getValue().stream().filter(MfaDeviceKind::codeCapable).count() >= 2)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /**
     * The kinds of every user's devices by lower-case user name: their assigned virtual devices as IAM lists them
     * (any path), and the hardware tokens and security keys the portal has seen in their device listings.
     */
    private Map<String, List<MfaDeviceKind>> deviceKindsByUser() {
        Map<String, List<MfaDeviceKind>> kinds = new HashMap<>();
        for (VirtualMfaDevice device : iam.listAllVirtualMfaDevices(AssignmentStatus.ASSIGNED)) {
            if (device.userName() != null) {
                kinds.computeIfAbsent(device.userName().toLowerCase(Locale.ROOT), u -> new ArrayList<>())
                        .add(MfaDeviceKind.AUTHENTICATOR_APP);
            }
        }
        registry.kindsByUser().forEach((user, recorded) -> recorded.stream()
                .filter(kind -> kind != MfaDeviceKind.AUTHENTICATOR_APP)
                .forEach(kind -> kinds.computeIfAbsent(user.toLowerCase(Locale.ROOT), u -> new ArrayList<>()).add(kind)));
        return kinds;
    }

    /**
     * A managed user's devices, unfinished enrollment and recent audit events.
     *
     * @throws UserNotFound when there is no such user in the managed path
     */
    public UserDetail user(CurrentUser actor, String userName) {
        IamUser user = managedUser(userName);
        List<DeviceView> devices = registry.devices(user.userName());
        List<PendingEnrollment> unfinished = pending.forUser(user.userName()).stream()
                .filter(p -> devices.stream().noneMatch(d -> d.serialNumber().equals(p.serialNumber()))).toList();
        return new UserDetail(user.userName(), user.path(), user.arn(), user.createDate(), devices, unfinished,
                auditQuery.page(AuditFilter.forUser(user.userName()), null, RECENT_EVENTS).events(),
                canDeactivate(actor, user.userName()));
    }

    /** Whether the admin may deactivate this user's devices here: anyone's but their own, unless allowed. */
    public boolean canDeactivate(CurrentUser actor, String userName) {
        return config.allowSelf() || !isSelf(actor, userName);
    }

    /** The age after which an unassigned device counts as orphaned, in whole minutes (at least 1). */
    public int orphanAgeMinutes() {
        return (int) Math.max(1, Math.min(MAX_OLDER_THAN_MINUTES, config.orphanAge().toMinutes()));
    }

    // ------------------------------------------------------------------ changing

    /**
     * Deactivates and deletes a managed user's device for an admin (a lost phone): no code, a reason instead. The
     * user can enroll a new device right away.
     *
     * @return what was done, for display
     * @throws InvalidInput         without a serial number or a reason (or a reason over 500 characters)
     * @throws UserNotFound         when the user is not in the managed path
     * @throws OwnDeviceNotAllowed  for the admin's own device, unless {@code portal.admin.allow-self}
     * @throws DeviceNotFound       when the serial number is not one of the user's active devices
     */
    public String deactivate(CurrentUser actor, String userName, String serialNumber, String reason) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (serialNumber == null || serialNumber.isBlank()) {
            errors.put("serialNumber", "Choose the device to deactivate.");
        }
        String why = checkReason(reason, errors);
        IamUser user = managedUser(userName);
        if (!canDeactivate(actor, user.userName())) {
            audit.record(actor, user.userName(), AuditAction.ADMIN_MFA_DEACTIVATED, AuditOutcome.REJECTED,
                    "own-device", why);
            throw new OwnDeviceNotAllowed();
        }
        MfaDevice device = iam.listMfaDevices(user.userName()).stream()
                .filter(d -> d.serialNumber().equals(serialNumber.strip())).findFirst()
                .orElseThrow(DeviceNotFound::new);
        String detail;
        try {
            detail = mfa.deactivateAndDelete(user.userName(), device.serialNumber());
        } catch (AwsException e) {
            audit.record(actor, user.userName(), AuditAction.ADMIN_MFA_DEACTIVATED, AuditOutcome.FAILED,
                    device.serialNumber() + " " + e.awsErrorCode(), why);
            throw e;
        }
        audit.record(actor, user.userName(), AuditAction.ADMIN_MFA_DEACTIVATED, AuditOutcome.SUCCESS, detail, why);
        return detail;
    }

    /**
     * Denies every session a managed user was issued before now ({@link SessionRevoker}), audited with the reason.
     *
     * @return the cut-off
     */
    public Instant revokeSessions(CurrentUser actor, String userName, String reason) {
        Map<String, String> errors = new LinkedHashMap<>();
        String why = checkReason(reason, errors);
        IamUser user = managedUser(userName);
        return revoker.revoke(actor, user.userName(), AuditAction.ADMIN_SESSIONS_REVOKED, why);
    }

    /**
     * Finds, and unless {@code dryRun} deletes one by one, the unassigned devices under the managed path whose
     * enrollment started more than {@code olderThanMinutes} ago, or that the portal has no enrollment record of.
     * Each deletion removes the enrollment record and is audited. A device activated meanwhile is skipped (IAM
     * refuses to delete an assigned device).
     *
     * @param olderThanMinutes {@code null} for {@code portal.admin.orphan-age}
     * @param serialNumber     only this device (a per-row delete), or {@code null} for all
     * @throws OrphanNotFound when {@code serialNumber} is not such a device
     */
    public CleanupResult cleanupOrphans(CurrentUser actor, Integer olderThanMinutes, boolean dryRun,
            String serialNumber) {
        int minutes = olderThanMinutes == null ? orphanAgeMinutes() : olderThanMinutes;
        if (minutes < 1 || minutes > MAX_OLDER_THAN_MINUTES) {
            throw new InvalidInput(Map.of("olderThanMinutes",
                    "Give an age between 1 and " + MAX_OLDER_THAN_MINUTES + " minutes (a year)."));
        }
        Instant cutoff = Instant.now(clock).minus(Duration.ofMinutes(minutes));
        List<DeviceRow> orphans = orphansOlderThan(cutoff);
        if (serialNumber != null && !serialNumber.isBlank()) {
            orphans = orphans.stream().filter(o -> o.serialNumber().equals(serialNumber.strip())).toList();
            if (orphans.isEmpty()) {
                throw new OrphanNotFound();
            }
        }
        if (dryRun) {
            return new CleanupResult(true, minutes, orphans, List.of(), List.of());
        }
        List<DeviceRow> deleted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String reason = "unassigned for more than " + minutes + " minutes";
        for (DeviceRow orphan : orphans) {
            if (startedSince(orphan.serialNumber(), cutoff)) {
                // An enrollment recorded after the listing (a new start reused the name): not an orphan any more.
                skipped.add(orphan.serialNumber());
                continue;
            }
            try {
                iam.deleteVirtualMfaDevice(orphan.serialNumber());
            } catch (AwsDeleteConflict activatedMeanwhile) {
                skipped.add(orphan.serialNumber());
                continue;
            } catch (AwsEntityNotFound goneMeanwhile) {
                pending.remove(orphan.serialNumber());
                skipped.add(orphan.serialNumber());
                continue;
            } catch (AwsException e) {
                audit.record(actor, orphan.userName(), AuditAction.ADMIN_ORPHAN_DELETED, AuditOutcome.FAILED,
                        orphan.serialNumber() + " " + e.awsErrorCode(), reason);
                throw e;
            }
            pending.remove(orphan.serialNumber());
            audit.record(actor, orphan.userName(), AuditAction.ADMIN_ORPHAN_DELETED, AuditOutcome.SUCCESS,
                    orphan.serialNumber(), reason);
            deleted.add(orphan);
        }
        return new CleanupResult(false, minutes, orphans, deleted, skipped);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The user of that name if it is under the managed path.
     *
     * @throws UserNotFound otherwise, exactly as for a user that does not exist
     */
    IamUser managedUser(String userName) {
        if (!IamUserNames.isValidUserName(userName)) {
            throw new UserNotFound();
        }
        IamUser user;
        try {
            user = iam.getUser(userName);
        } catch (AwsEntityNotFound e) {
            throw new UserNotFound();
        }
        if (!IamUserNames.isUnder(user.path(), identity.managedPath())) {
            throw new UserNotFound();
        }
        return user;
    }

    private List<DeviceRow> orphansOlderThan(Instant cutoff) {
        Instant now = Instant.now(clock);
        List<VirtualMfaDevice> unassigned = iam.listAllVirtualMfaDevices(AssignmentStatus.UNASSIGNED).stream()
                .filter(d -> !d.assigned() && isManaged(d.serialNumber())).toList();
        Map<String, PendingEnrollment> records = pending.forSerials(
                unassigned.stream().map(VirtualMfaDevice::serialNumber).toList());
        return unassigned.stream().map(d -> row(d, records.get(d.serialNumber()), now))
                .filter(r -> r.pendingSince() == null || r.pendingSince().isBefore(cutoff)).toList();
    }

    private boolean startedSince(String serialNumber, Instant cutoff) {
        PendingEnrollment record = pending.forSerials(List.of(serialNumber)).get(serialNumber);
        return record != null && !record.startedAt().isBefore(cutoff);
    }

    private Map<String, PendingEnrollment> pendingFor(List<VirtualMfaDevice> devices) {
        List<String> serials = devices.stream().filter(d -> !d.assigned() && isManaged(d.serialNumber()))
                .map(VirtualMfaDevice::serialNumber).toList();
        return serials.isEmpty() ? Map.of() : pending.forSerials(serials);
    }

    private DeviceRow row(VirtualMfaDevice device, PendingEnrollment record, Instant now) {
        if (device.assigned()) {
            return new DeviceRow(device.serialNumber(), device.userName(), DeviceStatus.ACTIVE, device.enableDate(),
                    null);
        }
        if (record != null) {
            boolean orphaned = !record.startedAt().isAfter(now.minus(config.orphanAge()));
            return new DeviceRow(device.serialNumber(), record.userName(),
                    orphaned ? DeviceStatus.ORPHANED : DeviceStatus.PENDING, null, record.startedAt());
        }
        return new DeviceRow(device.serialNumber(), ownerByPath(device.serialNumber()), DeviceStatus.ORPHANED, null,
                null);
    }

    /** The device's path and name, e.g. {@code /engineers/alice/alice} of {@code arn:aws:iam::1:mfa/engineers/alice/alice}. */
    private static String pathAndName(String serialNumber) {
        int mfa = serialNumber.indexOf(":mfa/");
        return mfa < 0 ? "" : serialNumber.substring(mfa + 4);
    }

    private boolean isManaged(String serialNumber) {
        return pathAndName(serialNumber).startsWith(identity.managedPath());
    }

    /** The user whose per-user path ({@code {managedPath}{user}/}, decision 0002) holds the device, if any. */
    private String ownerByPath(String serialNumber) {
        String rest = pathAndName(serialNumber).substring(identity.managedPath().length());
        int slash = rest.indexOf('/');
        return slash > 0 ? rest.substring(0, slash) : null;
    }

    private boolean isSelf(CurrentUser actor, String userName) {
        String own;
        try {
            own = actor.get().iamUserName();
        } catch (NotMappedToIamUser e) {
            own = e.derivedName();
        }
        return own != null && own.equalsIgnoreCase(userName);
    }

    /** The stripped reason; throws with every field error collected so far if anything is wrong. */
    private static String checkReason(String reason, Map<String, String> errors) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            errors.put("reason", "Give a reason: it is kept in the audit trail.");
        } else if (why.length() > MAX_REASON_LENGTH) {
            errors.put("reason", "Keep the reason to " + MAX_REASON_LENGTH + " characters.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return why;
    }
}

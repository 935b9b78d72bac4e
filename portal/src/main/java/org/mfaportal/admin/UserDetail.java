package org.mfaportal.admin;

import java.time.Instant;
import java.util.List;

import org.mfaportal.audit.AuditEvent;
import org.mfaportal.mfa.DeviceView;
import org.mfaportal.mfa.PendingEnrollment;

/**
 * What an admin sees of one managed IAM user.
 *
 * @param userName      the IAM user name
 * @param path          its IAM path
 * @param arn           its ARN
 * @param createdAt     when IAM created it
 * @param devices       its active MFA devices
 * @param pending       enrollments it started and did not finish
 * @param recentEvents  the latest audit events where it is the actor or the target, newest first
 * @param canDeactivate whether the signed-in admin may deactivate its devices here (not their own, by default)
 */
public record UserDetail(String userName, String path, String arn, Instant createdAt, List<DeviceView> devices,
        List<PendingEnrollment> pending, List<AuditEvent> recentEvents, boolean canDeactivate) {

    /** How many of the devices show codes (authenticator apps, hardware tokens). */
    public long codeCapableDevices() {
        return devices.stream().filter(DeviceView::codeCapable).count();
    }

    /** Devices, but fewer than two that show codes: losing the one they have locks them out (no backup device). */
    public boolean withoutBackup() {
        return !devices.isEmpty() && codeCapableDevices() < 2;
    }
}

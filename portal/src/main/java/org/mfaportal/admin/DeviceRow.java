package org.mfaportal.admin;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One virtual MFA device of the overview. Never holds a seed.
 *
 * @param serialNumber   the device's ARN
 * @param userName       the user it is assigned to; for an unassigned device the user whose enrollment created it
 *                       (from the enrollment record or the device's per-user path), {@code null} if unknown
 * @param status         active, pending or orphaned
 * @param enabledAt      when it was assigned, for active devices
 * @param pendingSince   when its enrollment started, for unassigned devices the portal knows of
 */
public record DeviceRow(String serialNumber, @Schema(nullable = true) String userName, DeviceStatus status,
        @Schema(nullable = true) Instant enabledAt, @Schema(nullable = true) Instant pendingSince) {
}

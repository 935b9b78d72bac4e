package org.mfaportal.admin;

/**
 * Which devices the overview shows.
 *
 * @param status     only devices in this state, or {@code null} for all
 * @param userPrefix only devices whose user name starts with this (case-insensitive), or {@code null} for all
 * @param withoutBackup only the active devices of users with fewer than two code-capable devices ("no backup
 *                   device": losing the one they have locks them out)
 */
public record DeviceQuery(DeviceStatus status, String userPrefix, boolean withoutBackup) {

    public static final DeviceQuery ALL = new DeviceQuery(null, null, false);

    public DeviceQuery(DeviceStatus status, String userPrefix) {
        this(status, userPrefix, false);
    }

    boolean matches(DeviceRow row) {
        return (status == null || row.status() == status) && (userPrefix == null
                || row.userName() != null && row.userName().regionMatches(true, 0, userPrefix, 0, userPrefix.length()));
    }
}

package org.mfaportal.admin;

import org.mfaportal.web.Problem;

/** What can go wrong in the admin console, each with what to do about it. */
public final class AdminProblems {

    private AdminProblems() {
    }

    /** No such IAM user in the managed path: a user outside it answers exactly like one that does not exist. */
    public static final class UserNotFound extends Problem {
        public UserNotFound() {
            super(404, "user-not-found", "No such user", "The portal manages no IAM user of that name.",
                    "Check the name; the portal shows only users in its managed path.");
        }
    }

    /** The user has no active device with that serial number (someone else's answers like a missing one). */
    public static final class DeviceNotFound extends Problem {
        public DeviceNotFound() {
            super(404, "device-not-found", "No such device", "That user has no active MFA device with that serial number.",
                    "Reload the user's page to see their current devices.");
        }
    }

    /** The device is not an orphan (any more): assigned, younger than the age given, gone, or outside the path. */
    public static final class OrphanNotFound extends Problem {
        public OrphanNotFound() {
            super(404, "orphan-not-found", "No such orphaned device",
                    "No unassigned device with that serial number is old enough to be cleaned up.",
                    "Preview the cleanup again to see the current orphans.");
        }
    }

    /** Admins remove their own device on their home page, with a code, like every engineer. */
    public static final class OwnDeviceNotAllowed extends Problem {
        public OwnDeviceNotAllowed() {
            super(403, "own-device-not-allowed", "Not on your own account",
                    "Admins may not deactivate their own MFA device through the admin console.",
                    "Remove it from your home page with a current code, or ask another admin if you lost it.");
        }
    }
}

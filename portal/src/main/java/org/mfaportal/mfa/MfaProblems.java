package org.mfaportal.mfa;

import org.mfaportal.web.Problem;

/** What can go wrong in the MFA lifecycle, each with what to do about it. */
public final class MfaProblems {

    private MfaProblems() {
    }

    /** No such device for this engineer: another user's device answers exactly like a missing one. */
    public static final class DeviceNotFound extends Problem {
        public DeviceNotFound() {
            super(404, "device-not-found", "No such device", "You have no MFA device with that serial number.",
                    "Reload the page to see your current device.");
        }
    }

    /** The engineer has no active device, so there is nothing to resync, remove or use. */
    public static final class NoActiveDevice extends Problem {
        public NoActiveDevice() {
            super(409, "no-active-device", "You have no active MFA device",
                    "This needs an active MFA device, and you have none.", "Set up MFA first.");
        }
    }

    /** The enrollment to activate is not (or no longer) the engineer's pending one. */
    public static final class EnrollmentNotFound extends Problem {
        public EnrollmentNotFound() {
            super(404, "enrollment-not-found", "This setup is no longer pending",
                    "The device you tried to activate is not waiting for activation: it was replaced by a newer setup, "
                            + "activated already, or is not yours.",
                    "Start the setup again; you will get a new QR code.");
        }
    }

    /** The device to activate was activated already (another tab, another replica). */
    public static final class DeviceAlreadyActive extends Problem {
        public DeviceAlreadyActive() {
            super(409, "device-already-active", "This device is already active",
                    "The device you tried to activate is already active for your IAM user.",
                    "Go back to your home page: it lists your devices.");
        }
    }

    /** Removal needs an explicit confirmation of its consequence. */
    public static final class RemovalNotConfirmed extends Problem {
        public RemovalNotConfirmed() {
            super(400, "confirmation-required", "Please confirm the removal",
                    "Removing your device means your access keys no longer satisfy MFA policies until you enroll again.",
                    "Tick the confirmation box and submit again.");
        }
    }

    /** The engineer already has as many devices as allowed (AWS: eight per user, of any kind). */
    public static final class DeviceLimitReached extends Problem {
        public DeviceLimitReached(int limit) {
            super(409, "device-limit-reached", "You have the most MFA devices allowed",
                    "You already have " + limit + " MFA devices" + (limit == 8 ? ", the most AWS allows per user." : ", "
                            + "the most this portal allows per engineer."),
                    "Remove a device you no longer use, then add the new one.");
        }
    }

    /** A device name that IAM would refuse, or one the engineer already uses. */
    public static final class InvalidDeviceName extends Problem {
        private final String message;

        public InvalidDeviceName(String message) {
            super(400, "invalid-device-name", "Choose another name for the device", message,
                    "Use letters, digits and + = , . @ _ - (at most 64), different from your other devices' names.");
            this.message = message;
        }

        @Override
        public java.util.Map<String, String> fieldErrors() {
            return java.util.Map.of("name", message);
        }
    }

    /** The engineer has devices, but none that shows codes (only security keys). */
    public static final class NoCodeCapableDevice extends Problem {
        public NoCodeCapableDevice() {
            super(409, "no-code-capable-device", "You have no device that shows codes",
                    "Your only MFA devices are security keys. AWS accepts them for console sign-in only, never for CLI "
                            + "or API credentials.",
                    "Add an authenticator app (or ask for a hardware token) on your home page.");
        }
    }

    /** A security key was chosen for something that needs a code. */
    public static final class SecurityKeyHasNoCodes extends Problem {
        public SecurityKeyHasNoCodes(String name) {
            super(400, "security-key-has-no-codes", "A security key cannot do that",
                    "\"" + name + "\" is a security key: AWS accepts it for console sign-in only, and it shows no codes.",
                    "Choose an authenticator app or a hardware token instead.");
        }

        @Override
        public java.util.Map<String, String> fieldErrors() {
            return java.util.Map.of("serialNumber", "A security key shows no codes: choose another device.");
        }
    }

    /** A code the device does not accept; names the device, since each device has its own codes. */
    public static final class WrongCode extends Problem {
        public WrongCode(DeviceView device) {
            super("MFA code not accepted", null, 400, "mfa-code-invalid", "That code was not accepted",
                    "AWS did not accept the code for your " + device.kindLabel() + " \"" + device.name()
                            + "\". Each device has its own codes; they change every 30 seconds and each works once.",
                    "Check that the code comes from \"" + device.name() + "\" (or choose the device it comes from) "
                            + "and try again with its next code.");
        }
    }

    /** The device exists but the portal may not remove it for the engineer. */
    public static final class DeviceNotRemovable extends Problem {
        public DeviceNotRemovable(String name) {
            super(409, "device-not-removable", "The portal cannot remove this device",
                    "\"" + name + "\" is a virtual device set up outside the portal, at a path where the portal may "
                            + "not delete devices; removing it here would leave it behind in the account.",
                    "Ask an AWS admin to remove it in the console, or an admin of the portal to deactivate it.");
        }
    }

    /** Several devices, and the request did not say which. */
    public static final class DeviceChoiceRequired extends Problem {
        public DeviceChoiceRequired() {
            super(400, "device-required", "Choose a device", "You have several MFA devices; this needs to know which.",
                    "Send the device's serialNumber (see GET /api/v1/me) or pick it in the form.");
        }

        @Override
        public java.util.Map<String, String> fieldErrors() {
            return java.util.Map.of("serialNumber", "Choose a device.");
        }
    }

    /**
     * The device the portal had on record (the issuance path takes it from there, decision 0012) is no longer the
     * engineer's in AWS: removed or deactivated outside the portal. STS refused the code for it; the portal does not
     * count that as a wrong code, since no code could have worked, and does not send the code again for another
     * device.
     */
    public static final class DeviceNoLongerInAws extends Problem {
        public DeviceNoLongerInAws(DeviceView gone, java.util.List<DeviceView> current) {
            super(409, "device-no-longer-in-aws", "This device no longer exists in AWS",
                    "Your " + gone.kindLabel() + " \"" + gone.name() + "\" is no longer one of your MFA devices in "
                            + "AWS: it was removed outside the portal (in the AWS console, say). AWS did not accept "
                            + "the code for it; that does not count as a wrong code.",
                    advice(current));
        }

        private static String advice(java.util.List<DeviceView> current) {
            java.util.List<String> names = current.stream().filter(DeviceView::codeCapable)
                    .map(d -> "\"" + d.name() + "\"").toList();
            return names.isEmpty()
                    ? "You have no device that shows codes now: set up a new one on your home page, then try again."
                    : "Enter a fresh code from a device you have now (" + String.join(", ", names) + "), choosing "
                            + "it in the form or sending its serialNumber.";
        }
    }

    /**
     * The device on record was deleted and set up again under the same serial outside the portal (the console
     * reuses a name): codes from the old entry in the engineer's app no longer work. Not counted as a wrong code,
     * once: the portal's record is refreshed, and the next refused code counts.
     */
    public static final class DeviceReplacedInAws extends Problem {
        public DeviceReplacedInAws(DeviceView replaced) {
            super(409, "device-replaced-in-aws", "This device was set up again in AWS",
                    "Your " + replaced.kindLabel() + " \"" + replaced.name() + "\" was deleted and set up again "
                            + "outside the portal (in the AWS console, say) since the portal last saw it, so codes "
                            + "from its old entry in your app no longer work. AWS did not accept the code; that does "
                            + "not count as a wrong code.",
                    "Use the entry for \"" + replaced.name() + "\" that was set up last (scan its new QR code if "
                            + "you have not) and enter a fresh code from it.");
        }
    }
}

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

    /** The engineer already has as many active devices as allowed. */
    public static final class DeviceAlreadyActive extends Problem {
        public DeviceAlreadyActive() {
            super(409, "device-already-active", "You already have an active MFA device",
                    "Your IAM user already has an active virtual MFA device.",
                    "Resync it if its codes are rejected, or remove it first to set up a new one.");
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
}

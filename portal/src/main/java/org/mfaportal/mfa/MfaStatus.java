package org.mfaportal.mfa;

import java.util.List;
import java.util.Optional;

/** The MFA state of an engineer: active devices, and an enrollment left unfinished if any. */
public record MfaStatus(List<DeviceView> devices, Optional<PendingEnrollment> pending) {

    public enum State {
        NONE, PENDING, ACTIVE
    }

    public State state() {
        return !devices.isEmpty() ? State.ACTIVE : pending.isPresent() ? State.PENDING : State.NONE;
    }

    public boolean isActive() {
        return !devices.isEmpty();
    }

    /** The first active device; most engineers have exactly one. */
    public Optional<DeviceView> device() {
        return devices.stream().findFirst();
    }
}

package org.mfaportal.mfa;

import java.util.List;
import java.util.Optional;

/**
 * The MFA state of an engineer: every active device (of any kind), an enrollment left unfinished if any, how many
 * devices they may have and the name a new one gets unless they choose another.
 */
public record MfaStatus(List<DeviceView> devices, Optional<PendingEnrollment> pending, int maxDevices,
        String suggestedName) {

    public MfaStatus(List<DeviceView> devices, Optional<PendingEnrollment> pending) {
        this(devices, pending, 8, "phone");
    }

    public enum State {
        NONE, PENDING, ACTIVE
    }

    public State state() {
        return !devices.isEmpty() ? State.ACTIVE : pending.isPresent() ? State.PENDING : State.NONE;
    }

    public boolean isActive() {
        return !devices.isEmpty();
    }

    /** The first active device. */
    public Optional<DeviceView> device() {
        return devices.stream().findFirst();
    }

    /** The devices that show codes AWS accepts (not security keys): those for credentials, resync and proofs. */
    public List<DeviceView> codeDevices() {
        return devices.stream().filter(DeviceView::codeCapable).toList();
    }

    /** Whether the engineer has a device that shows codes. */
    public boolean hasCodeDevice() {
        return devices.stream().anyMatch(DeviceView::codeCapable);
    }

    /**
     * Fewer than two devices that show codes: losing the one they have locks the engineer out of credentials (a
     * security key does not count, AWS takes no code from it), so the home page suggests a backup. The same rule as the
     * admin pages' "no backup device".
     */
    public boolean needsBackup() {
        return isActive() && codeDevices().size() < 2;
    }

    /** No room for another device. */
    public boolean atLimit() {
        return devices.size() >= maxDevices;
    }

    /** The device the engineer used last, else the first that shows codes. */
    public Optional<DeviceView> defaultCodeDevice() {
        return codeDevices().stream().filter(d -> d.lastUsedAt() != null)
                .max(java.util.Comparator.comparing(DeviceView::lastUsedAt))
                .or(() -> codeDevices().stream().findFirst());
    }
}

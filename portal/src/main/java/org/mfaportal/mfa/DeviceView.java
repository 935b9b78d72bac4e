package org.mfaportal.mfa;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.mfaportal.aws.MfaDeviceKind;

/**
 * One MFA device of an engineer, of any kind.
 *
 * @param serialNumber    as IAM has it: an ARN ({@code …:mfa/…}, {@code …:u2f/…}) or a hardware token's serial
 * @param name            its name (the last segment of the serial; a hardware token's serial)
 * @param kind            authenticator app, hardware token or security key
 * @param codeCapable     whether it shows codes AWS accepts for credentials (a security key does not)
 * @param enabledAt       when it was enabled for the user
 * @param createdByPortal whether the portal created it (under the engineer's own path), or it dates from before
 * @param lastUsedAt      when the engineer last used a code from it in the portal, if ever
 */
public record DeviceView(String serialNumber, String name, MfaDeviceKind kind, boolean codeCapable,
        @Schema(nullable = true) Instant enabledAt, boolean createdByPortal, @Schema(nullable = true) Instant lastUsedAt) {

    public DeviceView(String serialNumber, String name, MfaDeviceKind kind, Instant enabledAt,
            boolean createdByPortal, Instant lastUsedAt) {
        this(serialNumber, name, kind, kind.codeCapable(), enabledAt, createdByPortal, lastUsedAt);
    }

    /** "authenticator app", "hardware token", "security key". */
    public String kindLabel() {
        return kind.label();
    }

    /** A security key: AWS accepts it for console sign-in only. */
    public boolean consoleOnly() {
        return !codeCapable;
    }
}

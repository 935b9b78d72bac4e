package org.mfaportal.audit;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One entry of the audit trail: who did what to whom, how it ended, when and from where. Never holds a
 * secret, a seed or a code: {@code detail} is for serial numbers, durations, role ARNs and error codes.
 */
public record AuditEvent(Long id, Instant occurredAt, String actor, boolean actorAdmin,
        @Schema(nullable = true) String targetUser, AuditAction action, AuditOutcome outcome,
        @Schema(nullable = true) String detail, @Schema(nullable = true) String reason,
        @Schema(nullable = true) String clientIp, @Schema(nullable = true) String userAgent,
        @Schema(nullable = true) String requestId) {
}

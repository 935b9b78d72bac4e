package org.mfaportal.audit;

import java.time.Instant;

/**
 * One entry of the audit trail: who did what to whom, how it ended, when and from where. Never holds a
 * secret, a seed or a code: {@code detail} is for serial numbers, durations, role ARNs and error codes.
 */
public record AuditEvent(Long id, Instant occurredAt, String actor, boolean actorAdmin, String targetUser,
        AuditAction action, AuditOutcome outcome, String detail, String reason, String clientIp, String userAgent,
        String requestId) {
}

package org.mfaportal.audit;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of the audit trail, newest first.
 *
 * @param events     the events of this page
 * @param nextBefore the cursor of the next (older) page: pass it as {@code before}; {@code null} on the last page
 */
public record AuditPage(List<AuditEvent> events,
        @Schema(nullable = true, description = "Pass as `before` for the next (older) page; null on the last page")
        Long nextBefore) {
}

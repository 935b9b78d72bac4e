package org.mfaportal.audit;

import java.util.List;

/**
 * One page of the audit trail, newest first.
 *
 * @param events     the events of this page
 * @param nextBefore the cursor of the next (older) page: pass it as {@code before}; {@code null} on the last page
 */
public record AuditPage(List<AuditEvent> events, Long nextBefore) {
}

package org.mfaportal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditFilter;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.web.InvalidInput;

class AdminParamsTest {

    @Test
    void statusIsExactlyAListedValueAndBlankMeansAll() {
        assertThat(AdminParams.deviceQuery("ORPHANED", null).status()).isEqualTo(DeviceStatus.ORPHANED);
        // the OpenAPI document's enum, exactly (decision 0014)
        assertThatThrownBy(() -> AdminParams.deviceQuery("orphaned", null)).isInstanceOf(InvalidInput.class);
        assertThat(AdminParams.deviceQuery("", " ")).isEqualTo(DeviceQuery.ALL);
        assertThat(AdminParams.deviceQuery(null, " alice ").userPrefix()).isEqualTo("alice");
    }

    @Test
    void unknownStatusAndBadUserSearchAreFieldErrors() {
        assertThatThrownBy(() -> AdminParams.deviceQuery("lost", "a b"))
                .isInstanceOfSatisfying(InvalidInput.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("status", "user"));
        assertThatThrownBy(() -> AdminParams.userSearch("x".repeat(65))).isInstanceOf(InvalidInput.class);
    }

    @Test
    void auditTimesAcceptInstantsLocalTimesAndDatesAsUtc() {
        AuditFilter filter = AdminParams.auditFilter("bob", "ADMIN_MFA_DEACTIVATED", "SUCCESS", "2026-01-31T14:30",
                "2026-02-01");
        assertThat(filter).isEqualTo(new AuditFilter("bob", AuditAction.ADMIN_MFA_DEACTIVATED, AuditOutcome.SUCCESS,
                Instant.parse("2026-01-31T14:30:00Z"), Instant.parse("2026-02-01T00:00:00Z")));
        assertThat(AdminParams.auditFilter(null, null, null, "2026-01-31T14:30:05.5Z", null).from())
                .isEqualTo(Instant.parse("2026-01-31T14:30:05.5Z"));
    }

    @Test
    void auditFilterErrorsNameTheirFields() {
        assertThatThrownBy(() -> AdminParams.auditFilter(null, "NOPE", "MAYBE", "soon", "2026-01-01"))
                .isInstanceOfSatisfying(InvalidInput.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("action", "outcome", "from"));
        assertThatThrownBy(() -> AdminParams.auditFilter(null, null, null, "2026-02-01", "2026-01-01"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.fieldErrors()).containsOnlyKeys("to"));
    }
}

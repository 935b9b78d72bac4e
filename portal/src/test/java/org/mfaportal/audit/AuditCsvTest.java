package org.mfaportal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void plainFieldsStayUnquoted() {
        assertThat(AuditCsv.quote("bob")).isEqualTo("bob");
        assertThat(AuditCsv.quote("")).isEmpty();
        assertThat(AuditCsv.quote(null)).isEmpty();
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        assertThat(AuditCsv.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.quote("one\ntwo")).isEqualTo("\"one\ntwo\"");
        assertThat(AuditCsv.quote("one\rtwo")).isEqualTo("\"one\rtwo\"");
    }

    @Test
    void spreadsheetFormulasInFreeTextGetAnApostrophe() {
        for (String formula : new String[] { "=1+1", "+1", "-1", "@SUM(A1)", "\tx" }) {
            assertThat(AuditCsv.text(formula)).as(formula).isEqualTo("'" + formula);
        }
        assertThat(AuditCsv.text("lost phone")).isEqualTo("lost phone");
    }

    @Test
    void writesHeaderAndOneCrlfTerminatedRecordPerEvent() {
        StringWriter out = new StringWriter();
        AuditCsv csv = new AuditCsv(out);
        csv.header();
        csv.write(new AuditEvent(7L, Instant.parse("2026-01-02T03:04:05Z"), "bob", true, "heidi",
                AuditAction.ADMIN_MFA_DEACTIVATED, AuditOutcome.SUCCESS, "arn:aws:iam::1:mfa/engineers/heidi/heidi",
                "lost, \"stolen\"", "127.0.0.1", null, "req-1"));
        assertThat(out.toString()).isEqualTo(String.join(",", AuditCsv.HEADER) + "\r\n"
                + "7,2026-01-02T03:04:05Z,bob,true,heidi,ADMIN_MFA_DEACTIVATED,SUCCESS,"
                + "arn:aws:iam::1:mfa/engineers/heidi/heidi,\"lost, \"\"stolen\"\"\",127.0.0.1,,req-1\r\n");
    }
}

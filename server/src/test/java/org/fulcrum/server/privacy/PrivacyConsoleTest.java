package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The privacy console: retention settings and purges, holds, and data subject requests, as staff use them. */
class PrivacyConsoleTest {
    static PrivacyWorld w;
    static Http auditor;
    static String beforeAnyRequest;
    static String beforeAnyPurge;

    @BeforeAll
    static void start() throws Exception {
        w = PrivacyWorld.start();
        w.events(List.of(Events.account("acct-c", "FR", "fr"), Events.post("c-1", "ch-c", "acct-c", "FR", "fr", 5)));
        auditor = w.app.http().session(w.sessions.signIn("auditor.one", Role.AUDITOR));
        beforeAnyRequest = auditor.get("/console/privacy/requests").body();
        beforeAnyPurge = auditor.get("/console/privacy").body();
    }

    @Test
    void anEmptyListOfPurgedBatchesSaysSo() {
        assertThat(beforeAnyPurge).contains("id=\"no-batches\">Nothing has been purged yet.</td>");
    }

    @Test
    void anEmptyListOfRequestsSaysSo() {
        assertThat(beforeAnyRequest).contains("id=\"no-requests\">No data subject request has been recorded.</td>");
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    static Http.Response form(Http who, String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return who.post(path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    static String location(Http.Response r) {
        assertThat(r.status()).as(r.body()).isIn(302, 303);
        return r.raw().headers().firstValue("Location").orElseThrow();
    }

    @Test
    void anAdminChangesARetentionPeriodAndRunsThePurge() {
        Http.Response page = w.admin.get("/console/privacy");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Content copies")
                .contains("<strong title=\"P90D\">90 days</strong>")
                .contains("default 1 year; at least 6 months by law")
                .contains("No purge has run yet.")
                .contains("Nothing has been purged yet.")
                .contains("Run the purge now")
                .contains("after its last update");
        String back = location(form(
                w.admin,
                "/console/privacy/retention/content_copies",
                Map.of("period", "P60D", "reason", "copies are reviewed within weeks")));
        assertThat(back).contains("message=");
        assertThat(w.admin.get("/console/privacy").body())
                .contains("<strong title=\"P60D\">60 days</strong>")
                .contains("copies are reviewed within weeks");
        String refused = location(
                form(w.admin, "/console/privacy/retention/notices", Map.of("period", "P1M", "reason", "too long")));
        assertThat(java.net.URLDecoder.decode(refused, StandardCharsets.UTF_8))
                .contains("Notices must be kept at least 6 months (P6M; an instrument requires it), not 1 month (P1M)");
        long runs = w.count("SELECT COUNT(*) FROM purge_run");
        Http.Response ask = form(w.admin, "/console/privacy/purge", Map.of());
        assertThat(ask.status()).as("the purge first names what will go").isEqualTo(200);
        assertThat(ask.body())
                .contains("id=\"what-goes\"")
                .contains("Content copies")
                .contains("Audit trail")
                .contains("name=\"confirm\" value=\"yes\"");
        assertThat(w.count("SELECT COUNT(*) FROM purge_run"))
                .as("nothing ran before the confirmation")
                .isEqualTo(runs);
        assertThat(location(form(w.admin, "/console/privacy/purge", Map.of("confirm", "yes"))))
                .contains("purge+run+done");
        assertThat(w.admin.get("/console/privacy").body())
                .contains("id=\"runs\"")
                .contains("title=\"" + w.principal("privacy.admin").actor() + "\">privacy.admin</td>");
        Http.Response byAuditor = auditor.get("/console/privacy");
        assertThat(byAuditor.status()).isEqualTo(200);
        assertThat(byAuditor.body()).doesNotContain("Run the purge now");
        assertThat(form(auditor, "/console/privacy/purge", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void legalStaffPlaceExtendAndReleaseAHold() {
        String until = w.clock.instant().plus(Duration.ofDays(20)).toString().substring(0, 10);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("subjectId", "c-1");
        fields.put("until", until);
        fields.put("reason", "preservation letter from a court");
        String holdPage = location(form(w.legal, "/console/privacy/holds", fields));
        assertThat(holdPage).startsWith("/console/privacy/holds/lh_");
        String path = holdPage.substring(0, holdPage.indexOf('?'));
        Http.Response page = w.legal.get(path);
        assertThat(page.body())
                .contains("id=\"status\">active")
                .contains("preservation letter from a court")
                .contains("<li title=\"subject_content\">Subject content: 1 item</li>")
                .contains("id=\"subject\"><code>c-1</code></a>")
                .contains("href=\"/console/subjects/c-1\" id=\"subject\"")
                .as("who placed it is named, not shown as a staff id")
                .containsPattern("Placed by <span title=\"staff:st_[0-9a-z]+\">legal.one</span> <time datetime=");
        assertThat(page.body()).contains("from <strong id=\"source\" title=\"staff\">legal staff</strong>");
        assertThat(w.legal.get("/console/subjects/c-1").body()).containsPattern("</a> · from legal staff · ");
        String later = w.clock.instant().plus(Duration.ofDays(40)).toString().substring(0, 10);
        assertThat(location(form(w.legal, path + "/extend", Map.of("until", later, "reason", "court asked for more"))))
                .contains("extended");
        assertThat(location(form(w.legal, path + "/extend", Map.of("until", "not a date", "reason", "x"))))
                .contains("error=");
        assertThat(location(form(w.legal, path + "/release", Map.of("reason", "case closed"))))
                .contains("released");
        assertThat(w.legal.get(path).body()).contains("id=\"status\">released").contains("case closed");
        assertThat(w.legal.get("/console/privacy/holds?subjectId=c-1").body())
                .contains("c-1")
                .contains("released");
        assertThat(form(auditor, "/console/privacy/holds", fields).status()).isEqualTo(403);
        assertThat(w.legal.get("/console/privacy/holds").body()).contains("id=\"place\"");
        assertThat(auditor.get("/console/privacy/holds").body())
                .as("a form is shown only to the roles that may send it")
                .doesNotContain("id=\"place\"")
                .contains("id=\"legal-acts\"");
        assertThat(auditor.get("/console/privacy/requests").body())
                .doesNotContain("id=\"new-request\"")
                .contains("id=\"legal-acts\"");
    }

    @Test
    void aRefusedHoldKeepsEverythingTypedAndSaysBesideTheFormWhatWasWrong() {
        Http.Response past = form(
                w.legal,
                "/console/privacy/holds",
                Map.of("subjectId", "c-1", "until", "2000-01-01", "reason", "letter from the court of Lyon"));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.body())
                .contains("id=\"place-error\">The hold was not placed. Until: must be in the future.</p>")
                .contains("name=\"subjectId\" required value=\"c-1\"")
                .contains(
                        "name=\"until\" placeholder=\"2027-06-30\" required value=\"2000-01-01\" aria-invalid=\"true\"")
                .contains(">letter from the court of Lyon</textarea>")
                .contains("href=\"#place-error\"");
        Http.Response noDate = form(
                w.legal,
                "/console/privacy/holds",
                Map.of("subjectId", "c-1", "until", "next spring", "reason", "<b>kept</b> as typed"));
        assertThat(noDate.status()).isEqualTo(422);
        assertThat(noDate.body())
                .contains("Until: 'next spring' is not a date")
                .contains("value=\"next spring\"")
                .contains(">&lt;b&gt;kept&lt;/b&gt; as typed</textarea>")
                .doesNotContain("<b>kept</b>");
        Http.Response noReason = form(
                w.legal,
                "/console/privacy/holds",
                Map.of(
                        "subjectId",
                        "c-1",
                        "until",
                        w.clock.instant().plus(Duration.ofDays(5)).toString().substring(0, 10),
                        "reason",
                        " "));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body())
                .contains("The hold was not placed. Why: is required.")
                .containsPattern("<textarea name=\"reason\" required aria-invalid=\"true\"");
        assertThat(w.legal.get("/console/privacy/holds").body())
                .as("a fresh page has an empty form and no error")
                .doesNotContain("id=\"place-error\"")
                .contains("name=\"subjectId\" required value=\"\"");
    }

    @Test
    void anErasureNamesTheAccountAndWhatWillGoBeforeItRuns() {
        long before = w.count("SELECT COUNT(*) FROM data_subject_request");
        Http.Response ask =
                form(w.legal, "/console/privacy/requests", Map.of("accountId", "acct-c", "kind", "erasure"));
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body())
                .contains("Erase everything Fulcrum holds about acct-c?")
                .contains("id=\"what-goes\"")
                .contains("private account data")
                .contains("name=\"accountId\" value=\"acct-c\"")
                .contains("id=\"cancel\"");
        assertThat(w.count("SELECT COUNT(*) FROM data_subject_request"))
                .as("nothing erased before the confirmation")
                .isEqualTo(before);
    }

    @Test
    void staffRecordADataSubjectRequestAndSeeTheReadableExport() {
        String detail =
                location(form(w.legal, "/console/privacy/requests", Map.of("accountId", "acct-c", "kind", "export")));
        Http.Response page = w.legal.get(detail);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"outcome\">Exported</strong> <code class=\"muted small\">exported</code>")
                .contains("<span id=\"kind\" title=\"export\">Export of their data (right of access)</span>")
                .contains("Export of the data Fulcrum holds about account acct-c")
                .contains("Download the export (JSON)")
                .contains("Posts, media, channels and messages you wrote");
        assertThat(w.count("SELECT COUNT(*) FROM audit WHERE action = 'personal_data.view' AND target LIKE 'dsr:%'"))
                .isPositive();
        Http.Response list = w.legal.get("/console/privacy/requests");
        assertThat(list.body())
                .contains("acct-c")
                .contains("<td title=\"export\">Export of their data (right of access)</td>")
                .contains("<a href=\"/console/subjects/acct-c\"><code>acct-c</code></a>")
                .doesNotContain("id=\"no-requests\"")
                .contains("<td class=\"outcome\" title=\"exported\">Exported</td>")
                .contains("<option value=\"erasure\">Erasure of their data (right to erasure)</option>");
        assertThat(auditor.get(detail).body())
                .as("auditors see the record, not the data")
                .contains("exported")
                .doesNotContain("Download the export");
        assertThat(location(
                        form(w.legal, "/console/privacy/requests", Map.of("accountId", "bad id", "kind", "export"))))
                .contains("error=");
    }
}

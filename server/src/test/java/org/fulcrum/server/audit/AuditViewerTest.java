package org.fulcrum.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit viewer: auditors and admins only, filters, links to objects, a CSV no spreadsheet can run. */
class AuditViewerTest {
    static TestApp app;
    static String auditor;
    static String moderator;
    static String legal;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        StaffSessions staff = new StaffSessions(app.app());
        auditor = staff.signIn("audit.ida", Role.AUDITOR);
        moderator = staff.signIn("mod.max", Role.MODERATOR);
        legal = staff.signIn("legal.lea", Role.LEGAL);
        // a staff action whose recorded text would be a formula in a spreadsheet
        Http.Response agency = app.http()
                .session(legal)
                .postJson(
                        "/v1/lawful/agencies",
                        Map.of(
                                "name",
                                "=HYPERLINK(\"http://evil.example\",\"click\")",
                                "country",
                                "FR",
                                "kind",
                                "police",
                                "jurisdictions",
                                java.util.List.of("FR"),
                                "contactPhone",
                                "+33 1 00 00 00 00",
                                "contactEmail",
                                "desk@fr.example"));
        assertThat(agency.status()).as(agency.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> get(String session, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.url() + path))
                                .header("Cookie", "fulcrum_session=" + session)
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAuditorSeesWhoDidWhatToWhichObjectAndFilters() throws Exception {
        HttpResponse<String> all = get(auditor, "/console/audit");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("agency.create").contains("legal.lea").contains("role.approve");
        assertThat(all.body())
                .contains("<td>Agency registered<br><code class=\"muted small\">agency.create</code></td>")
                .doesNotContain("<td><code>agency.create</code></td>");
        // an object that is a person reads as their name, its id beneath
        String moderatorId = app.queryString("SELECT id FROM staff WHERE username = 'mod.max'");
        assertThat(get(auditor, "/console/audit?action=password.change").body())
                .contains("<td>mod.max<br><span class=\"muted small\">staff:" + moderatorId);
        HttpResponse<String> byActor = get(auditor, "/console/audit?actor=legal.lea&action=agency.create");
        assertThat(byActor.body()).contains("agency.create").doesNotContain("role.approve");
        HttpResponse<String> prefix = get(auditor, "/console/audit?action=role.");
        assertThat(prefix.body()).contains("role.approve").doesNotContain("agency.create");
    }

    @Test
    void onlyAuditorsAndAdminsMayReadTheTrail() throws Exception {
        assertThat(get(moderator, "/console/audit").statusCode()).isEqualTo(403);
        assertThat(get(legal, "/console/audit.csv").statusCode()).isEqualTo(403);
    }

    @Test
    void theCsvExportNeverHoldsAFormula() throws Exception {
        HttpResponse<String> csv = get(auditor, "/console/audit.csv?action=agency.create");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertThat(csv.body())
                .startsWith("\"id\",\"time\",\"actor\"")
                .contains("agency.create")
                .contains("\"'=HYPERLINK(")
                .doesNotContain(",\"=HYPERLINK");
        assertThat(csv.body().lines().count()).isEqualTo(2);
    }

    @Test
    void aBadFilterIsRefusedNamingTheField() throws Exception {
        Http.Response bad = app.http().session(auditor).get("/console/audit?from=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/0/field").asText()).isEqualTo("from");
    }

    @Test
    void cellsThatASpreadsheetWouldRunAreDefused() {
        assertThat(AuditCsv.safe("=1+1")).isEqualTo("'=1+1");
        assertThat(AuditCsv.safe("+cmd")).isEqualTo("'+cmd");
        assertThat(AuditCsv.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditCsv.safe("-2")).isEqualTo("'-2");
        assertThat(AuditCsv.safe("plain")).isEqualTo("plain");
    }
}

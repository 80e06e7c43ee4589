package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation to a person, not only to a queue: the case says who it is escalated to and why, the
 * person's "escalated to me" page and API list it until it is decided, and only a moderator or admin
 * can be named.
 */
class EscalationTest {
    static TestApp app;
    static Moderators staff;
    static Http alice;
    static Http lead;
    static String leadActor;
    static int cases;
    String caseId;

    /** One app and staff for the class; each test works on a case of its own. */
    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        staff = new Moderators(app);
        alice = staff.moderator("alice");
        lead = staff.moderator("lena.lead");
        app.http().session(staff.sessions().signIn("audrey", Role.AUDITOR));
        leadActor = staff.sessions().principal("lena.lead").actor();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void report() {
        String post = "esc-post-" + ++cases;
        app.platform()
                .postJson(
                        "/v1/platform/events",
                        Events.of(List.of(Events.post(post, "esc-channel", "esc-author", "FR", "fr", 900))));
        caseId = app.platform()
                .postJson("/v1/notices", Notices.report("violence", "r-" + post, post))
                .json()
                .at("/items/0/caseId")
                .asText();
    }

    Http.Response escalate(Http who, Object person, String why) {
        return who.postJson(
                "/v1/review/cases/" + caseId + "/notes",
                Map.of("body", why, "tags", List.of("needs-lead"), "escalateToPerson", person));
    }

    @Test
    void aCaseEscalatedToALeadShowsWhoAndWhyAndIsOnTheLeadsListUntilDecided() {
        alice.post("/v1/review/cases/" + caseId + "/claim");
        Http.Response r = escalate(alice, leadActor, "Possible credible threat; a lead should decide.");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("escalatedPerson").asText()).isEqualTo(leadActor);
        assertThat(app.queryString(
                        "SELECT COALESCE(assigned_to, 'nobody') FROM review_case WHERE id = '" + caseId + "'"))
                .as("the claim is released for the lead")
                .isEqualTo("nobody");

        String page = alice.get("/console/cases/" + caseId).body();
        assertThat(page)
                .contains("id=\"escalated-to\">lena.lead</strong>")
                .contains("Possible credible threat; a lead should decide.");

        String leads = lead.get("/console/escalations").body();
        assertThat(leads).contains("/console/cases/" + caseId).contains("alice").contains("Possible credible threat");
        assertThat(alice.get("/console/escalations").body())
                .contains("Nothing is escalated to you")
                .doesNotContain("/console/cases/" + caseId);
        JsonNode api = lead.get("/v1/review/escalations").json();
        assertThat(api.at("/escalations/0/summary/id").asText()).isEqualTo(caseId);
        assertThat(api.at("/escalations/0/why").asText()).contains("credible threat");

        Moderators.claimAndDecide(lead, caseId, Moderators.noAction(false));
        assertThat(lead.get("/v1/review/escalations").json().get("escalations")).isEmpty();
        assertThat(lead.get("/console/escalations").body()).contains("Nothing is escalated to you");
    }

    @Test
    void onlyAModeratorOrAdminOtherThanTheAuthorCanBeNamed() {
        String auditor = staff.sessions().principal("audrey").actor();
        Http.Response toAuditor = escalate(alice, auditor, "Please look");
        assertThat(toAuditor.status()).isEqualTo(400);
        assertThat(toAuditor.body()).contains("escalateToPerson").contains("moderators or admins");
        Http.Response toSelf =
                escalate(alice, staff.sessions().principal("alice").actor(), "me");
        assertThat(toSelf.status()).isEqualTo(400);
        assertThat(app.queryLong("SELECT COUNT(*) FROM case_note WHERE case_id = '" + caseId + "'"))
                .isZero();
    }

    @Test
    void theConsoleFormEscalatesToAPersonAndKeepsTheNoteWhenRefused() {
        // a lead of its own: the first test's lead must find only that test's case on their list
        Http otherLead = staff.moderator("lars.lead");
        String otherLeadActor = staff.sessions().principal("lars.lead").actor();
        Http.Response refused = alice.post(
                "/console/cases/" + caseId + "/notes",
                "application/x-www-form-urlencoded",
                ("body=Threat+to+a+named+person&tags=&escalateTo=&escalateToPerson=staff%3Anobody")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"note-person-error\"").contains("Threat to a named person");

        Http.Response ok = alice.post(
                "/console/cases/" + caseId + "/notes",
                "application/x-www-form-urlencoded",
                ("body=Threat+to+a+named+person&tags=&escalateTo=&escalateToPerson="
                                + java.net.URLEncoder.encode(otherLeadActor, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(ok.status()).isEqualTo(302);
        assertThat(otherLead.get("/console/escalations").body()).contains("Threat to a named person");
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM audit WHERE action = 'case.escalate' AND target = '" + caseId + "'"))
                .isEqualTo(1);
    }
}

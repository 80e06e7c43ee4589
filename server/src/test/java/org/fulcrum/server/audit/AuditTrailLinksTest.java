package org.fulcrum.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every object's page links to the audit viewer filtered to that object, for the staff who may
 * read the trail: subject, case, decision, appeal, hold, agency, officer, bank, rule, team member,
 * request. Staff who may not read it see no link to a page that would refuse them.
 */
class AuditTrailLinksTest {
    static TestApp app;
    static String reader;
    static String moderator;
    static Map<String, String> ids = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        StaffSessions staff = new StaffSessions(app.app());
        reader = staff.signIn("audit.all", Role.ADMIN, Role.AUDITOR, Role.LEGAL, Role.MODERATOR);
        moderator = staff.signIn("mod.only", Role.MODERATOR);
        Http mod = app.http().session(staff.signIn("mod.decider", Role.MODERATOR));
        Http legal = app.http().session(staff.signIn("legal.holder", Role.LEGAL));

        assertThat(app.platform()
                        .postJson(
                                "/v1/platform/events",
                                Events.of(List.of(
                                        Events.account("trail-author", "FR", "fr"),
                                        Events.post("trail-post", "trail-ch", "trail-author", "FR", "fr", 50))))
                        .status())
                .isEqualTo(200);
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "trail-notifier", "trail-post"))
                .json()
                .at("/items/0/caseId")
                .asText();
        String decisionId = Moderators.claimAndDecide(mod, caseId, Moderators.remove("ToS 4.2"))
                .get("decisionId")
                .asText();
        Http.Response appeal = app.platform()
                .postJson(
                        "/v1/appeals",
                        Map.of(
                                "decisionId",
                                decisionId,
                                "appellant",
                                "affected_user",
                                "accountId",
                                "trail-author",
                                "explanation",
                                "It was legitimate.",
                                "language",
                                "fr"));
        assertThat(appeal.status()).as(appeal.body()).isEqualTo(201);
        assertThat(app.http()
                        .session(reader)
                        .post("/v1/appeals/" + appeal.json().get("id").asText() + "/claim")
                        .status())
                .isEqualTo(200);
        Http.Response hold = legal.postJson(
                "/v1/privacy/holds",
                Map.of(
                        "subjectId",
                        "trail-post",
                        "until",
                        Instant.now().plus(Duration.ofDays(30)).toString(),
                        "reason",
                        "preservation order 12/26"));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        Http.Response agency = legal.postJson(
                "/v1/lawful/agencies",
                Map.of(
                        "name",
                        "Police judiciaire",
                        "country",
                        "FR",
                        "kind",
                        "police",
                        "jurisdictions",
                        List.of("FR"),
                        "contactPhone",
                        "+33 1 00 00 00 01",
                        "contactEmail",
                        "desk@pj.example"));
        Http.Response officer = legal.postJson(
                "/v1/lawful/officers",
                Map.of(
                        "agencyId",
                        agency.json().get("id").asText(),
                        "name",
                        "Capitaine Martin",
                        "email",
                        "martin@pj.example",
                        "phone",
                        "+33 1 00 00 00 02",
                        "username",
                        "c.martin",
                        "password",
                        "officer-password-c.martin"));
        assertThat(officer.status()).as(officer.body()).isEqualTo(201);
        Http.Response bank = mod.postJson(
                "/v1/banks", Map.of("name", "trail bank", "kind", "block", "policy", "review", "reason", "terrorism"));
        Http.Response rule = mod.postJson(
                "/v1/detection/rules",
                Map.of(
                        "name",
                        "trail rule",
                        "kind",
                        "keywords",
                        "patterns",
                        List.of("vermin people"),
                        "policy",
                        "review",
                        "reason",
                        "hate_speech"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);

        ids.put("/console/subjects/trail-post", "target=" + enc("subject:trail-post"));
        ids.put("/console/cases/" + caseId, "target=" + enc("case:" + caseId));
        ids.put("/console/decisions/" + decisionId, "q=" + enc(decisionId));
        ids.put(
                "/console/appeals/" + appeal.json().get("id").asText(),
                "target=" + enc("appeal:" + appeal.json().get("id").asText()));
        ids.put(
                "/console/privacy/holds/" + hold.json().at("/hold/id").asText(),
                "q=" + enc(hold.json().at("/hold/id").asText()));
        ids.put(
                "/console/lawful/authorities",
                "target=" + enc("officer:" + officer.json().get("id").asText()));
        ids.put(
                "/console/lawful/authorities#agency",
                "target=" + enc("agency:" + agency.json().get("id").asText()));
        ids.put(
                "/console/banks/" + bank.json().get("id").asText(),
                "target=" + enc("bank:" + bank.json().get("id").asText()));
        ids.put(
                "/console/rules/" + rule.json().get("id").asText(),
                "target=" + enc("rule:" + rule.json().get("id").asText()));
        String memberId = app.app().module(AuthModule.class).staff().list().stream()
                .filter(s -> s.username().equals("mod.decider"))
                .findFirst()
                .orElseThrow()
                .id();
        ids.put("/console/team", "target=staff:" + memberId);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String session, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.url() + path.replaceAll("#.*", "")))
                                .header("Cookie", "fulcrum_session=" + session)
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyObjectsPageLinksToItsOwnAuditTrailThatListsItsActions() throws Exception {
        for (Map.Entry<String, String> e : ids.entrySet()) {
            HttpResponse<String> page = get(reader, e.getKey());
            assertThat(page.statusCode()).as(e.getKey() + ": " + page.body()).isEqualTo(200);
            String href = "/console/audit?" + e.getValue();
            assertThat(page.body()).as(e.getKey()).contains("href=\"" + href + "\"");
            HttpResponse<String> trail = get(reader, href);
            assertThat(trail.statusCode()).as(href).isEqualTo(200);
            assertThat(trail.body())
                    .as("the trail behind " + e.getKey() + " lists its actions")
                    .contains("<tbody>")
                    .doesNotContain("No recorded action matches");
        }
    }

    @Test
    void staffWhoMayNotReadTheTrailSeeNoLinkToIt() throws Exception {
        HttpResponse<String> subject = get(moderator, "/console/subjects/trail-post");
        assertThat(subject.statusCode()).isEqualTo(200);
        assertThat(subject.body()).doesNotContain("/console/audit?");
    }
}

package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.simulator.E2eChats;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The moderators' pages over HTTP: controls only for roles that may use them, strikes read right on
 * the subject page, filters and counts that agree, bad filter input answered beside its field,
 * search by URL and text, and the E2E report's message on its case.
 */
class ConsolePagesTest {
    private static final Json JSON = Json.strict();

    static TestApp app;
    static Http moderator;
    static Http auditor;
    static String scamCase;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        Moderators staff = new Moderators(app);
        moderator = staff.moderator("mia");
        auditor = app.http().session(staff.sessions().signIn("audrey", Role.AUDITOR));
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account("cp-author", "DE", "de"));
        for (int i = 0; i < 3; i++) {
            Map<String, Object> e = Events.post("cp-post-" + i, "cp-channel", "cp-author", "DE", "de", 100);
            e.put("text", i == 0 ? "Wunderpillen ohne Rezept, heute billig" : "Ganz normaler Beitrag " + i);
            events.add(e);
        }
        app.platform().postJson("/v1/platform/events", Events.of(events));
        scamCase = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "r-1", "cp-post-0"))
                .json()
                .at("/items/0/caseId")
                .asText();
        app.platform().postJson("/v1/notices", Notices.report("spam", "r-2", "cp-post-1"));
    }

    /** The labels of the console navigation a staff member sees, in order. */
    static java.util.List<String> navigation(Http who) {
        String page = who.get("/console/progress").body();
        // the counts beside some links (what waits there) are not part of their labels
        String nav = page.substring(page.indexOf("<nav"), page.indexOf("</nav>"))
                .replaceAll(" <span class=\"badge[^\"]*\"[^>]*>[0-9]+</span>", "");
        return java.util.regex.Pattern.compile(">([^<>]+)</a>")
                .matcher(nav)
                .results()
                .map(m -> m.group(1).strip())
                .toList();
    }

    @Test
    void eachPersonFindsTheirOwnWorkFirstInTheNavigationAndThePublicPagesLast() {
        var moderator = navigation(ConsolePagesTest.moderator);
        var legal = navigation(app.http().session(new Moderators(app).sessions().signIn("nav.legal", Role.LEGAL)));
        assertThat(moderator.subList(0, 3)).containsExactly("Queues", "Escalated to me", "Appeals");
        assertThat(moderator.subList(moderator.size() - 2, moderator.size()))
                .containsExactly("Transparency", "Contact for authorities");
        assertThat(moderator.indexOf("Search")).isLessThan(moderator.indexOf("Banks"));
        assertThat(legal.subList(0, 2)).containsExactly("Lawful requests", "Queues");
        assertThat(legal.get(2)).isEqualTo("Privacy");
        // and each starts there after signing in
        var start = ConsolePagesTest.moderator.get("/console");
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.raw().headers().firstValue("Location")).hasValue("/console/queues");
        assertThat(legal).doesNotContain("Appeals", "Team");
        assertThat(legal.getLast()).isEqualTo("Contact for authorities");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void anAuditorSeesTheCaseButNoClaimDecideOrBulkControls() {
        Http.Response asAuditor = auditor.get("/console/cases/" + scamCase);
        assertThat(asAuditor.status()).isEqualTo(200);
        assertThat(asAuditor.body())
                .contains("Wunderpillen")
                .doesNotContain("id=\"claim-form\"")
                .doesNotContain("id=\"decide-form\"")
                .as("no keyboard legend for keys that do nothing here")
                .doesNotContain("class=\"keys\"");
        Http.Response asModerator = moderator.get("/console/cases/" + scamCase);
        assertThat(asModerator.body()).contains("id=\"claim-form\"").contains("id=\"decide-form\"");
        String keys = asModerator.body().substring(asModerator.body().indexOf("class=\"keys\""));
        assertThat(keys.substring(0, keys.indexOf("</dl>")))
                .contains("<dt><kbd>c</kbd></dt><dd>claim</dd>")
                .doesNotContain("release")
                .as("the case has no media, so no media keys")
                .doesNotContain("reveal media");

        String queue = app.queryString("SELECT queue_id FROM review_case WHERE id = '" + scamCase + "'");
        assertThat(auditor.get("/console/queues/" + queue).body())
                .doesNotContain("id=\"claim-next\"")
                .doesNotContain("Bulk decide")
                .contains("Wunderpillen");
        assertThat(auditor.get("/console/queues").body()).doesNotContain("href=\"/console/bulk\"");
    }

    @Test
    void theAuthorsPageShowsAnActiveStrikeAfterARemoval() {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "r-9", "cp-post-2"))
                .json()
                .at("/items/0/caseId")
                .asText();
        Moderators.claimAndDecide(moderator, caseId, Moderators.remove("Terms of service 3: scams"));
        String page = moderator.get("/console/subjects/cp-author").body();
        assertThat(page)
                .contains("1 active strike")
                .contains("Scams and fraud")
                .doesNotContain("withdrawn")
                .doesNotContain("1970");
        // codes read as words, the code kept in a tooltip for those who compare with the API
        assertThat(page)
                .contains("id=\"account-status\" title=\"active\">Active</strong>")
                .contains(
                        "href=\"/console/subjects/cp-post-2\">cp-post-2</a> · post · <span title=\"removed\">Removed</span>");
        assertThat(moderator.get("/console/subjects/cp-post-2").body())
                .contains("id=\"visibility\" title=\"removed\">Removed</strong>")
                .containsPattern("<td>Decided · <a href=\"/console/decisions/")
                .doesNotContain("<td>decided");
        assertThat(moderator.get("/console/subjects?kind=post").body())
                .contains("<td>Post</td>")
                .contains("<td title=\"removed\">Removed</td>")
                .doesNotContain("<td>removed</td>")
                .doesNotContain("<td>post</td>");
        assertThat(moderator.get("/console/subjects?kind=account").body())
                .contains("<span title=\"active\">Active</span>")
                .doesNotContain("<td>active</td>");
        String casePage = moderator.get("/console/cases/" + caseId).body();
        assertThat(casePage)
                .contains("<strong>active</strong>, expires")
                .containsPattern("\\b1 notice from 1 reporter\\s");
        // a ground that names its kind reads once, in the history and on the decision
        assertThat(casePage)
                .contains("<td class=\"prose\">Terms of service 3: scams</td>")
                .doesNotContain("Terms of service: Terms of service");
        assertThat(moderator.get("/console/subjects/cp-post-2").body())
                .contains("<td>Terms of service 3: scams</td>")
                .doesNotContain("Terms clause: Terms of service");
    }

    @Test
    void theSubjectsDecisionsSayWhichActionsEachTookInWordsWithTheDecisionAndCaseLinked() {
        app.platform()
                .postJson(
                        "/v1/platform/events",
                        Events.of(List.of(
                                Events.account("cp-spammer", "DE", "de"),
                                Events.post("cp-post-spam", "cp-channel", "cp-spammer", "DE", "de", 100))));
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "r-10", "cp-post-spam"))
                .json()
                .at("/items/0/caseId")
                .asText();
        String until = Instant.now().plus(java.time.Duration.ofDays(7)).toString();
        Moderators.claimAndDecide(
                moderator,
                caseId,
                Moderators.decision(
                        "Terms of service 3: scams",
                        List.of(Map.of("type", "remove"), Map.of("type", "suspend", "on", "author", "until", until))));
        String decision = app.queryString("SELECT id FROM review_decision WHERE case_id = '" + caseId + "'");
        String page = moderator.get("/console/subjects/cp-post-spam").body();
        String table = page.substring(
                page.indexOf("id=\"decision-table\""), page.indexOf("</table>", page.indexOf("id=\"decision-table\"")));
        assertThat(table)
                .contains("<th>Actions taken</th>")
                .contains("href=\"/console/decisions/" + decision + "\">" + decision + "</a>")
                .contains("case <a href=\"/console/cases/" + caseId + "\">" + caseId + "</a>")
                .contains(
                        "<li>remove <a href=\"/console/subjects/cp-post-spam\"><code>cp-post-spam</code></a> everywhere</li>")
                .contains("<li>suspend <a href=\"/console/subjects/cp-spammer\"><code>cp-spammer</code></a> until "
                        + until.substring(0, 10) + "</li>")
                .doesNotContain("<td>Action");
    }

    @Test
    void theQueueCountFollowsTheFilterAndABadValueIsAnsweredBesideItsFieldWithTheInputKept() {
        String queue = app.queryString("SELECT queue_id FROM review_case WHERE id = '" + scamCase + "'");
        long open =
                app.queryLong("SELECT COUNT(*) FROM review_case WHERE status = 'open' AND queue_id = '" + queue + "'");
        long scams = app.queryLong("SELECT COUNT(*) FROM review_case WHERE status = 'open' AND reason = 'scam'"
                + " AND queue_id = '" + queue + "'");
        // counts of one read in the singular; which counts these are depends on the tests run before
        assertThat(moderator.get("/console/queues/" + queue + "?reset=1").body())
                .contains("<strong>" + open + "</strong> " + (open == 1 ? "open case<" : "open cases<"));
        assertThat(moderator.get("/console/queues/" + queue + "?reason=scam").body())
                .contains("<strong>" + scams + "</strong> "
                        + (scams == 1 ? "open case matches this filter" : "open cases match this filter"));

        Http.Response bad = moderator.get("/console/queues/" + queue + "?country=FRANCE&reason=nonsense");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.contentType()).startsWith("text/html");
        assertThat(bad.body()).contains("id=\"f-").contains("field-error").contains("value=\"FRANCE\"");
        moderator.get("/console/queues/" + queue + "?reset=1");

        // the name the page shows finds the queue too, with the filter kept
        String name = app.queryString("SELECT name FROM review_queue WHERE id = '" + queue + "'");
        Http.Response byName = moderator.get("/console/queues/" + name + "?reason=scam");
        assertThat(byName.status()).isEqualTo(303);
        assertThat(byName.raw().headers().firstValue("Location")).contains("/console/queues/" + queue + "?reason=scam");
        moderator.get("/console/queues/" + queue + "?reset=1");
    }

    @Test
    void theSubjectListCountsWhatItListsAndAnUnknownKindIsAProblemNamingTheField() {
        long accounts = app.queryLong("SELECT COUNT(*) FROM subject WHERE kind = 'account'");
        long all = app.queryLong("SELECT COUNT(*) FROM subject");
        assertThat(accounts).isLessThan(all);
        assertThat(moderator.get("/console/subjects?kind=account").body()).contains(accounts + " account subjects");
        assertThat(moderator.get("/console/subjects").body()).contains(all + " subjects");
        Http.Response odd = moderator.get("/console/subjects?kind=planet");
        assertThat(odd.status()).isEqualTo(400);
        assertThat(odd.body()).contains("kind");
    }

    @Test
    void searchFindsAPostByItsAddressAndByWordsAndCountsPerKind() {
        String byUrl = moderator
                .get("/console/search?q=https://messenger.example/c/cp-channel/cp-post-1")
                .body();
        assertThat(byUrl).contains("href=\"/console/subjects/cp-post-1\"");
        String byText = moderator.get("/console/search?q=wunderpillen").body();
        assertThat(byText)
                .contains("href=\"/console/subjects/cp-post-0\"")
                .doesNotContain("/console/subjects/cp-post-1\"");
        String byHandle =
                moderator.get("/console/search?q=%40cp-author&kind=account").body();
        assertThat(byHandle).contains("href=\"/console/subjects/cp-author\"").contains("1 account");
        Http.Response toCase = moderator.get("/console/search?q=" + scamCase);
        assertThat(toCase.status()).isEqualTo(302);
        assertThat(toCase.raw().headers().firstValue("Location")).hasValue("/console/cases/" + scamCase);
    }

    Http.Response note(Http who, String caseId, String form) {
        return who.post(
                "/console/cases/" + caseId + "/notes",
                "application/x-www-form-urlencoded",
                form.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aNoteWithTagsEscalatesTheCaseToAnotherQueueAndABadTagKeepsTheNote() {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("defamation", "r-n", "cp-channel"))
                .json()
                .at("/items/0/caseId")
                .asText();
        String from = app.queryString("SELECT queue_id FROM review_case WHERE id = '" + caseId + "'");
        String to = app.queryString("SELECT id FROM review_queue WHERE id <> '" + from + "' ORDER BY id LIMIT 1");

        Http.Response bad = note(moderator, caseId, "body=Needs+a+lawyer&tags=needs-lead+Lead%21");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"note-tags-error\"").contains("Needs a lawyer");
        assertThat(app.queryLong("SELECT COUNT(*) FROM case_note WHERE case_id = '" + caseId + "'"))
                .isZero();

        assertThat(note(auditor, caseId, "body=x").status()).isEqualTo(403);

        Http.Response ok = note(moderator, caseId, "body=Needs+a+lawyer&tags=needs-lead,legal-check&escalateTo=" + to);
        assertThat(ok.status()).isEqualTo(302);
        assertThat(app.queryString("SELECT queue_id FROM review_case WHERE id = '" + caseId + "'"))
                .isEqualTo(to);
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM audit WHERE action = 'case.escalate' AND target = '" + caseId + "'"))
                .isEqualTo(1);
        String page = moderator.get("/console/cases/" + caseId).body();
        assertThat(page)
                .contains("Needs a lawyer")
                .contains("<span class=\"pill\">needs-lead</span>")
                .contains("escalated to");
    }

    @Test
    void claimingNextFromAnEmptyQueueSaysSoWithoutAnError() {
        Http admin = new Moderators(app).admin("queue-admin");
        String empty = admin.postJson("/v1/review/queues", Map.of("name", "quiet", "slaMinutes", 60, "position", 50))
                .json()
                .get("id")
                .asText();
        Http.Response r =
                moderator.post("/console/queues/" + empty + "/next", "application/x-www-form-urlencoded", new byte[0]);
        assertThat(r.status()).isEqualTo(302);
        String page = moderator
                .get(r.raw().headers().firstValue("Location").orElseThrow())
                .body();
        assertThat(page).contains("No unclaimed case in this queue right now.").doesNotContain("role=\"alert\"");
    }

    @Test
    void theMessageAReporterRevealedFromAnE2eChatIsShownOnItsCase() throws Exception {
        E2eChats chats = new E2eChats("relay-console", Clock.systemUTC());
        app.app()
                .module(ModerationModule.class)
                .relayKeys()
                .register(
                        "test",
                        chats.relayKeyId(),
                        chats.relayPublicKey(),
                        Instant.now().minusSeconds(60));
        ObjectNode body = JSON.mapper().createObjectNode();
        body.put("reporterId", "acct-victim");
        body.put("reason", "threat_to_life");
        body.set(
                "report",
                JSON.mapper().readTree(chats.sendAndReport("acct-threat", "conv-9", "I know where you live.")));
        assertThat(app.platform().postJson("/v1/notices/e2e", body.toString()).status())
                .isEqualTo(201);
        String caseId = app.queryString("SELECT case_id FROM notice_item WHERE subject_id = 'acct-threat'");
        String page = moderator.get("/console/cases/" + caseId).body();
        assertThat(page).contains("I know where you live.").contains("end-to-end encrypted chat");
        assertThat(page)
                .as("the notice says when the message was stamped to the minute, not as a raw timestamp")
                .containsPattern("stamped \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC")
                .doesNotContainPattern("stamped \\d{4}-\\d\\d-\\d\\dT");
        String queueId = app.queryString("SELECT queue_id FROM review_case WHERE id = '" + caseId + "'");
        String queue = moderator.get("/console/queues/" + queueId).body();
        String row = queue.substring(queue.indexOf(caseId), queue.indexOf("</tr>", queue.indexOf(caseId)));
        assertThat(row)
                .as("the queue says a private message was reported, and leaves reading it to the case page")
                .contains("1 message reported from an end-to-end encrypted chat; open the case to read it")
                .doesNotContain("I know where you live.");
    }

    String reportOn(String postId, String reason, String reporter) {
        app.platform()
                .postJson(
                        "/v1/platform/events",
                        Events.of(List.of(Events.post(postId, "cp-channel", "cp-author", "DE", "de", 100))));
        return app.platform()
                .postJson("/v1/notices", Notices.report(reason, reporter, postId))
                .json()
                .at("/items/0/caseId")
                .asText();
    }

    /** The title of the count beside "Queues" in {@code page}'s navigation, with its class. */
    static String queuesCount(String page) {
        var m = java.util.regex.Pattern.compile(
                        "<span class=\"(badge[^\"]*)\" data-for=\"/console/queues\" title=\"([^\"]*)\">")
                .matcher(page);
        return m.find() ? m.group(1) + ": " + m.group(2) : "";
    }

    @Test
    void theNavigationCountsOpenCasesAndTurnsRedAsACaseNearsItsSla() {
        String caseId = reportOn("cp-post-clock", "spam", "r-clock");
        var db = app.app().module(org.fulcrum.server.StoreModule.class).db();
        long due = app.queryLong("SELECT due_at FROM review_case WHERE id = '" + caseId + "'");
        assertThat(queuesCount(moderator.get("/console/subjects").body()))
                .matches("badge: [0-9]+ open cases? nobody is working on");
        try {
            long now = System.currentTimeMillis();
            db.write(tx -> tx.handle()
                    .createUpdate("UPDATE review_case SET due_at = :d WHERE id = :id")
                    .bind("d", now + 60_000)
                    .bind("id", caseId)
                    .execute());
            assertThat(queuesCount(moderator.get("/console/subjects").body()))
                    .matches("badge urgent: [0-9]+ open cases? nobody is working on;"
                            + " 1 with less than a quarter of the SLA left");
            db.write(tx -> tx.handle()
                    .createUpdate("UPDATE review_case SET due_at = :d WHERE id = :id")
                    .bind("d", now - 60_000)
                    .bind("id", caseId)
                    .execute());
            assertThat(queuesCount(moderator.get("/console/subjects").body()))
                    .matches("badge urgent: [0-9]+ open cases? nobody is working on; 1 past their SLA");
        } finally {
            db.write(tx -> tx.handle()
                    .createUpdate("UPDATE review_case SET due_at = :d WHERE id = :id")
                    .bind("d", due)
                    .bind("id", caseId)
                    .execute());
        }
    }

    @Test
    void anAdminSeesTakedownsThePlatformHasNotTakenCountedBesideOutbox() {
        String caseId = reportOn("cp-post-takedown", "scam", "r-takedown");
        Moderators.claimAndDecide(moderator, caseId, Moderators.remove("Terms of service 3: scams"));
        // this app has no webhook: every delivery fails and is retried
        org.fulcrum.server.support.Await.await(
                "a delivery of the takedown failed",
                java.time.Duration.ofSeconds(15),
                () -> app.queryLong("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND attempts > 0") > 0);
        Http admin = new Moderators(app).admin("outbox-admin");
        assertThat(admin.get("/console/subjects").body())
                .as("fresh failures are the retries' to handle")
                .doesNotContain("data-for=\"/console/outbox\"");
        var db = app.app().module(org.fulcrum.server.StoreModule.class).db();
        long waiting = app.queryLong("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL");
        String oldest = app.queryString(
                "SELECT action_id FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, action_id LIMIT 1");
        long created = app.queryLong("SELECT created_at FROM outbox WHERE action_id = '" + oldest + "'");
        try {
            db.write(tx -> tx.handle()
                    .createUpdate("UPDATE outbox SET created_at = :t WHERE action_id = :id")
                    .bind(
                            "t",
                            System.currentTimeMillis()
                                    - java.time.Duration.ofMinutes(6).toMillis())
                    .bind("id", oldest)
                    .execute());
            String page = admin.get("/console/subjects").body();
            assertThat(page)
                    .containsPattern("Outbox <span class=\"badge urgent\" data-for=\"/console/outbox\" title=\""
                            + waiting + " actions? not yet acknowledged by the platform, the oldest for over 5 minutes;"
                            + " [0-9]+ failing\">" + waiting + "</span>");
            assertThat(moderator.get("/console/subjects").body())
                    .as("the outbox is the admins' and auditors' page")
                    .doesNotContain("data-for=\"/console/outbox\"");
        } finally {
            db.write(tx -> tx.handle()
                    .createUpdate("UPDATE outbox SET created_at = :t WHERE action_id = :id")
                    .bind("t", created)
                    .bind("id", oldest)
                    .execute());
        }
    }

    @Test
    void aQueueWithOneOpenCaseCountsItInTheSingular() {
        Http admin = new Moderators(app).admin("single-admin");
        String single = admin.postJson("/v1/review/queues", Map.of("name", "single", "slaMinutes", 60, "position", 52))
                .json()
                .get("id")
                .asText();
        String caseId = reportOn("cp-post-single", "spam", "r-single");
        assertThat(note(moderator, caseId, "body=One+for+the+single+queue&escalateTo=" + single)
                        .status())
                .isEqualTo(302);

        String page = moderator.get("/console/queues/" + single + "?reset=1").body();
        String all = page.substring(page.indexOf("<main>"));
        assertThat(all).contains("<strong>1</strong> open case</p>").doesNotContain("open cases");
        String filtered =
                moderator.get("/console/queues/" + single + "?reason=spam").body();
        assertThat(filtered)
                .contains("<strong>1</strong> open case matches this filter")
                .contains("Bulk decide the 1 matching case");
        String none =
                moderator.get("/console/queues/" + single + "?reason=scam").body();
        assertThat(none).contains("<strong>0</strong> open cases match this filter");
        moderator.get("/console/queues/" + single + "?reset=1");
    }

    @Test
    void aCaseAnotherModeratorWorksSaysWhoAndSinceWhenAndNeitherThePageNorTheServerLetsItBeClaimed() {
        Http max = new Moderators(app).moderator("max");
        String caseId = reportOn("cp-post-claimed", "spam", "r-claimed");
        assertThat(moderator.post("/v1/review/cases/" + caseId + "/claim").status())
                .isEqualTo(200);

        String mine = moderator.get("/console/cases/" + caseId).body();
        assertThat(mine)
                .contains("id=\"claimed-by-me\"")
                .contains("id=\"release-form\"")
                .contains("id=\"decide-form\"")
                .doesNotContain("id=\"claim-form\"");
        String keys = mine.substring(mine.indexOf("class=\"keys\""));
        assertThat(keys.substring(0, keys.indexOf("</dl>")))
                .contains("<dt><kbd>x</kbd></dt><dd>release</dd>")
                .doesNotContain("claim");

        String theirs = max.get("/console/cases/" + caseId).body();
        assertThat(theirs)
                .containsPattern("<strong>mia</strong> is working this case \\(claimed <time datetime=\"[^\"]+\">")
                .containsPattern("when their claim lapses <time datetime=\"[^\"]+\">[^<]+</time> without a decision")
                .doesNotContain("id=\"claim-form\"")
                .doesNotContain("id=\"release-form\"")
                .doesNotContain("id=\"decide-form\"")
                .doesNotContain("class=\"keys\"");
        assertThat(theirs.substring(theirs.indexOf("id=\"assignee\""))).startsWith("id=\"assignee\">mia<");

        Http.Response pressed =
                max.post("/console/cases/" + caseId + "/claim", "application/x-www-form-urlencoded", new byte[0]);
        assertThat(pressed.status()).isEqualTo(302);
        String back = max.get(pressed.raw().headers().firstValue("Location").orElseThrow())
                .body();
        assertThat(back)
                .containsPattern("role=\"alert\" id=\"error\">You cannot claim this case: mia is working it"
                        + " since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\. It can be claimed when they release it");

        Http.Response api = max.post("/v1/review/cases/" + caseId + "/claim");
        assertThat(api.status()).isEqualTo(409);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(api.json().get("detail").asText())
                .contains("is being worked by staff:")
                .contains(" since ")
                .contains("the claim lapses at");
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM audit WHERE action = 'case.claim' AND target = 'case:" + caseId + "'"))
                .isEqualTo(1);
        assertThat(max.post("/console/cases/" + caseId + "/release", "application/x-www-form-urlencoded", new byte[0])
                        .status())
                .isEqualTo(302);
        assertThat(app.queryString("SELECT assigned_to FROM review_case WHERE id = '" + caseId + "'"))
                .startsWith("staff:");
        moderator.post("/v1/review/cases/" + caseId + "/release");
    }
}

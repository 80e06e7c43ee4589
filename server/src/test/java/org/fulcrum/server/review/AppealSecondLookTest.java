package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fulcrum.pdq.Pdq;
import org.fulcrum.server.simulator.SyntheticPlatform;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reversing, on appeal, a decision on content that matched a hash bank warns and asks for a
 * recorded second look before the confirmation step; nothing is decided before the confirmation.
 */
class AppealSecondLookTest {
    static final byte[] IMAGE = SyntheticPlatform.image(555);
    static TestApp app;
    static Http reviewer;
    static int posts;
    String post;
    String appealId;

    /** One app, bank and reviewer for the class; each test appeals a removal of its own post. */
    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        Moderators staff = new Moderators(app);
        Http lead = staff.admin("lead");
        reviewer = staff.moderator("rita");
        String bank = lead.postJson(
                        "/v1/banks",
                        Map.of(
                                "name",
                                "known-scam-images",
                                "description",
                                "test bank",
                                "kind",
                                "block",
                                "policy",
                                "remove",
                                "reason",
                                "scam"))
                .json()
                .get("id")
                .asText();
        assertThat(lead.postJson(
                                "/v1/banks/" + bank + "/hashes",
                                Map.of(
                                        "reason",
                                        "import",
                                        "hashes",
                                        List.of(Map.of(
                                                "hash",
                                                Pdq.hashBytes(IMAGE).hash().toHex(),
                                                "type",
                                                "pdq",
                                                "label",
                                                "scam flyer"))))
                        .status())
                .isLessThan(300);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void appealARemoval() throws InterruptedException {
        int n = ++posts;
        post = "sl-post-" + n;
        String author = "sl-author-" + n;
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("eventId", "ev-" + post);
        event.put("type", "created");
        event.put("subjectId", post);
        event.put("kind", "post");
        event.put("containerId", "sl-channel");
        event.put("authorId", author);
        event.put("country", "FR");
        event.put("text", "look at this");
        event.put("occurredAt", Instant.now().toString());
        event.put("media", List.of(Map.of("bytes", IMAGE)));
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Map.of("events", List.of(event)))
                        .status())
                .isEqualTo(200);
        assertThat(app.detectionIdle(10_000)).isTrue();
        String decision = app.queryString("SELECT id FROM review_decision WHERE subject_id = '" + post + "'");
        appealId = app.platform()
                .postJson(
                        "/v1/appeals",
                        Map.of(
                                "decisionId",
                                decision,
                                "appellant",
                                "affected_user",
                                "accountId",
                                author,
                                "explanation",
                                "This is my own flyer."))
                .json()
                .get("id")
                .asText();
    }

    Http.Response decide(String form) {
        return reviewer.post(
                "/console/appeals/" + appealId + "/decide",
                "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theAppealPageWarnsThatTheContentMatchedABank() {
        String page = reviewer.get("/console/appeals/" + appealId).body();
        assertThat(page)
                .contains("id=\"bank-warning\"")
                .contains("known-scam-images")
                .contains("id=\"second-look\"");
    }

    @Test
    void reversingWithoutASecondLookIsRefusedBesideTheBoxWithTheReasonKept() {
        Http.Response r = decide("outcome=reverse&reason=Looks+harmless");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).contains("id=\"secondLook-error\"").contains("Looks harmless");
        assertThat(app.queryString("SELECT status FROM appeal WHERE id = '" + appealId + "'"))
                .isEqualTo("open");
    }

    @Test
    void withASecondLookTheReversalIsConfirmedThenDoneAndTheSecondLookAudited() {
        Http.Response confirm = decide("outcome=reverse&reason=Looks+harmless&secondLook=yes");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("id=\"confirm-appeal\"");
        assertThat(app.queryString("SELECT status FROM appeal WHERE id = '" + appealId + "'"))
                .isEqualTo("open");

        Http.Response done = decide("outcome=reverse&reason=Looks+harmless&secondLook=yes&confirmed=yes");
        assertThat(done.status()).isEqualTo(302);
        assertThat(app.queryString("SELECT outcome FROM appeal WHERE id = '" + appealId + "'"))
                .isEqualTo("reverse");
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'appeal.second_look' AND target = '"
                        + appealId + "'"))
                .isEqualTo(1);
    }

    @Test
    void theApiRefusesToReverseWithoutASecondLookWithAProblemNamingTheBank() {
        Http.Response refused = reviewer.postJson(
                "/v1/appeals/" + appealId + "/decision", Map.of("outcome", "reverse", "reason", "Looks harmless"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText())
                .contains("second look")
                .contains("known-scam-images")
                .contains("secondLook: true");
        assertThat(app.queryString("SELECT status FROM appeal WHERE id = '" + appealId + "'"))
                .isEqualTo("open");
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = '" + post + "'"))
                .isEqualTo("removed");

        Http.Response done = reviewer.postJson(
                "/v1/appeals/" + appealId + "/decision",
                Map.of("outcome", "reverse", "reason", "Looks harmless", "secondLook", true));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("outcome").asText()).isEqualTo("reverse");
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'appeal.second_look' AND target = '"
                        + appealId + "'"))
                .isEqualTo(1);
    }

    @Test
    void theApiUpholdsWithoutASecondLook() {
        Http.Response r = reviewer.postJson(
                "/v1/appeals/" + appealId + "/decision",
                Map.of("outcome", "uphold", "reason", "The flyer matches a known scam"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'appeal.second_look' AND target = '"
                        + appealId + "'"))
                .isZero();
    }

    @Test
    void noOutcomeChosenIsAnErrorInWordsNotADefault() {
        Http.Response r = decide("reason=Because");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).contains("id=\"outcome-error\"").contains("Choose whether the appeal is well founded");
        assertThat(app.queryString("SELECT status FROM appeal WHERE id = '" + appealId + "'"))
                .isEqualTo("open");
    }
}

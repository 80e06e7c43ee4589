package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Strikes per policy: the thresholds warn, then suspend, through decisions of their own. */
class StrikeTest {
    static TestApp app;
    static Http moderator;
    static int authors;
    /** This test's author, with eight posts of their own: strikes count per account. */
    String author;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        moderator = new Moderators(app).moderator("alice");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void anAuthorWithPosts() {
        author = "repeat-" + ++authors;
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account(author, "FR", "fr"));
        for (int i = 0; i < 8; i++) {
            events.add(Events.post(post(i), "ch", author, "FR", "fr", 10));
        }
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(events))
                        .status())
                .isEqualTo(200);
    }

    String post(int i) {
        return author + "-post-" + i;
    }

    JsonNode removeFor(String reason, String post) {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report(reason, "r-" + post, post))
                .json()
                .at("/items/0/caseId")
                .asText();
        return Moderators.claimAndDecide(moderator, caseId, Moderators.remove("ToS 3 " + reason));
    }

    @Test
    void thresholdsWarnThenSuspendTheAuthorAsAnAutomatedDecision() {
        JsonNode first = removeFor("scam", post(0));
        assertThat(first.get("activeStrikes").asLong()).isEqualTo(1);
        assertThat(first.get("followUps")).isEmpty();
        JsonNode second = removeFor("scam", post(1));
        assertThat(second.get("activeStrikes").asLong()).isEqualTo(2);
        assertThat(app.queryLong("SELECT COUNT(*) FROM outbox WHERE subject_id = '" + author
                        + "' AND payload LIKE '%account_warning%'"))
                .isEqualTo(1);
        assertThat(accountStatus()).isEqualTo("active");

        JsonNode third = removeFor("scam", post(2));
        assertThat(third.get("activeStrikes").asLong()).isEqualTo(3);
        assertThat(third.get("followUps")).hasSize(1);
        assertThat(accountStatus()).isEqualTo("suspended");
        String followUp = third.get("followUps").get(0).asText();
        JsonNode decision = moderator.get("/v1/review/decisions/" + followUp).json();
        assertThat(decision.get("decidedBy").asText()).isEqualTo("automation");
        assertThat(decision.get("automatedDecision").asText()).isEqualTo("AUTOMATED_DECISION_FULLY");
        assertThat(decision.get("subjectId").asText()).isEqualTo(author);
        // the suspension has its own statement of reasons, and gives no strike of its own
        assertThat(app.queryLong("SELECT COUNT(*) FROM statement_of_reasons WHERE decision_id = '" + followUp + "'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM strike WHERE account_id = '" + author + "'"))
                .isEqualTo(3);
        JsonNode strikes = moderator
                .get("/v1/review/accounts/" + author + "/strikes")
                .json()
                .get("strikes");
        assertThat(strikes).hasSize(3);
    }

    @Test
    void activeStrikesReadAsActiveAndAReversedOneCarriesItsTime() {
        removeFor("scam", post(0));
        removeFor("spam", post(1));
        JsonNode strikes = moderator
                .get("/v1/review/accounts/" + author + "/strikes")
                .json()
                .get("strikes");
        assertThat(strikes).hasSize(2);
        for (JsonNode s : strikes) {
            assertThat(s.path("reversedAt").isMissingNode()
                            || s.path("reversedAt").isNull())
                    .as("an active strike has no reversal time: %s", s)
                    .isTrue();
            assertThat(s.get("expiresAt").asText())
                    .isNotEqualTo(s.get("createdAt").asText());
        }
        app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> tx.handle()
                        .execute("UPDATE strike SET reversed_at = 1767225600000 WHERE category = 'SCAMS_AND_FRAUD'"
                                + " AND account_id = '" + author + "'"));
        JsonNode after = moderator
                .get("/v1/review/accounts/" + author + "/strikes")
                .json()
                .get("strikes");
        assertThat(after.findValuesAsText("reversedAt")).containsExactly("2026-01-01T00:00:00Z");
    }

    @Test
    void strikesCountPerPolicy() {
        removeFor("scam", post(0));
        removeFor("spam", post(1));
        JsonNode third = removeFor("hate_speech", post(2));
        assertThat(third.get("activeStrikes").asLong()).isEqualTo(1);
        assertThat(third.get("followUps")).isEmpty();
        assertThat(accountStatus()).isEqualTo("active");
    }

    @Test
    void aNoActionDecisionGivesNoStrike() {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "r", post(5)))
                .json()
                .at("/items/0/caseId")
                .asText();
        JsonNode r = Moderators.claimAndDecide(moderator, caseId, Moderators.noAction(false));
        assertThat(r.has("activeStrikes")).isFalse();
        assertThat(app.queryLong("SELECT COUNT(*) FROM strike WHERE account_id = '" + author + "'"))
                .isZero();
    }

    String accountStatus() {
        return app.platform()
                .get("/v1/platform/subjects/" + author)
                .json()
                .at("/state/accountStatus")
                .asText();
    }
}

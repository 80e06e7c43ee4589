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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Strikes per policy: the thresholds warn, then suspend, through decisions of their own. */
class StrikeTest {
    TestApp app;
    Http moderator;

    @BeforeEach
    void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        moderator = new Moderators(app).moderator("alice");
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account("repeat", "FR", "fr"));
        for (int i = 0; i < 8; i++) {
            events.add(Events.post("s-post-" + i, "ch", "repeat", "FR", "fr", 10));
        }
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(events))
                        .status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        app.close();
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
        JsonNode first = removeFor("scam", "s-post-0");
        assertThat(first.get("activeStrikes").asLong()).isEqualTo(1);
        assertThat(first.get("followUps")).isEmpty();
        JsonNode second = removeFor("scam", "s-post-1");
        assertThat(second.get("activeStrikes").asLong()).isEqualTo(2);
        assertThat(app.queryLong("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%account_warning%'"))
                .isEqualTo(1);
        assertThat(accountStatus()).isEqualTo("active");

        JsonNode third = removeFor("scam", "s-post-2");
        assertThat(third.get("activeStrikes").asLong()).isEqualTo(3);
        assertThat(third.get("followUps")).hasSize(1);
        assertThat(accountStatus()).isEqualTo("suspended");
        String followUp = third.get("followUps").get(0).asText();
        JsonNode decision = moderator.get("/v1/review/decisions/" + followUp).json();
        assertThat(decision.get("decidedBy").asText()).isEqualTo("automation");
        assertThat(decision.get("automatedDecision").asText()).isEqualTo("AUTOMATED_DECISION_FULLY");
        assertThat(decision.get("subjectId").asText()).isEqualTo("repeat");
        // the suspension has its own statement of reasons, and gives no strike of its own
        assertThat(app.queryLong("SELECT COUNT(*) FROM statement_of_reasons WHERE decision_id = '" + followUp + "'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM strike WHERE account_id = 'repeat'"))
                .isEqualTo(3);
        JsonNode strikes =
                moderator.get("/v1/review/accounts/repeat/strikes").json().get("strikes");
        assertThat(strikes).hasSize(3);
    }

    @Test
    void activeStrikesReadAsActiveAndAReversedOneCarriesItsTime() {
        removeFor("scam", "s-post-0");
        removeFor("spam", "s-post-1");
        JsonNode strikes =
                moderator.get("/v1/review/accounts/repeat/strikes").json().get("strikes");
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
                        .execute("UPDATE strike SET reversed_at = 1767225600000 WHERE category = 'SCAMS_AND_FRAUD'"));
        JsonNode after =
                moderator.get("/v1/review/accounts/repeat/strikes").json().get("strikes");
        assertThat(after.findValuesAsText("reversedAt")).containsExactly("2026-01-01T00:00:00Z");
    }

    @Test
    void strikesCountPerPolicy() {
        removeFor("scam", "s-post-0");
        removeFor("spam", "s-post-1");
        JsonNode third = removeFor("hate_speech", "s-post-2");
        assertThat(third.get("activeStrikes").asLong()).isEqualTo(1);
        assertThat(third.get("followUps")).isEmpty();
        assertThat(accountStatus()).isEqualTo("active");
    }

    @Test
    void aNoActionDecisionGivesNoStrike() {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "r", "s-post-5"))
                .json()
                .at("/items/0/caseId")
                .asText();
        JsonNode r = Moderators.claimAndDecide(moderator, caseId, Moderators.noAction(false));
        assertThat(r.has("activeStrikes")).isFalse();
        assertThat(app.count("strike")).isZero();
    }

    String accountStatus() {
        return app.platform()
                .get("/v1/platform/subjects/repeat")
                .json()
                .at("/state/accountStatus")
                .asText();
    }
}

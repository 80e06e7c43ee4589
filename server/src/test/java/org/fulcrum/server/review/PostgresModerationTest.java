package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** The moderation flow on PostgreSQL: same SQL, same answers. */
class PostgresModerationTest {
    @Test
    void noticesFoldDecisionsActStatementsExportAndAppealsReverseOnPostgres() {
        try (TestApp app = TestApp.postgres(c -> c.withRateLimits(0, 0))) {
            Moderators staff = new Moderators(app);
            Http alice = staff.moderator("alice");
            Http bob = staff.moderator("bob");
            app.platform().postJson("/v1/platform/events", Events.batch(0, 5, "pg"));
            String caseId = app.platform()
                    .postJson("/v1/notices", Notices.report("scam", "u-1", "pg-post-1"))
                    .json()
                    .at("/items/0/caseId")
                    .asText();
            String again = app.platform()
                    .postJson("/v1/notices", Notices.report("scam", "u-2", "pg-post-1"))
                    .json()
                    .at("/items/0/caseId")
                    .asText();
            assertThat(again).isEqualTo(caseId);
            assertThat(alice.post("/v1/review/queues/q_general/next")
                            .json()
                            .get("id")
                            .asText())
                    .isEqualTo(caseId);
            assertThat(bob.post("/v1/review/cases/" + caseId + "/claim").status())
                    .isEqualTo(409);
            JsonNode decided = alice.postJson("/v1/review/cases/" + caseId + "/decision", Moderators.remove("ToS 4"))
                    .json();
            assertThat(app.http().get("/v1/sor/export").json().get("statements"))
                    .hasSize(1);
            String appeal = app.platform()
                    .postJson(
                            "/v1/appeals",
                            Map.of(
                                    "decisionId",
                                    decided.get("decisionId").asText(),
                                    "appellant",
                                    "notifier",
                                    "accountId",
                                    "u-2",
                                    "explanation",
                                    "It is a scam indeed, but more remains"))
                    .json()
                    .get("id")
                    .asText();
            assertThat(bob.postJson(
                                    "/v1/appeals/" + appeal + "/decision",
                                    Map.of("outcome", "reverse", "reason", "reconsidered"))
                            .status())
                    .isEqualTo(200);
            assertThat(app.platform()
                            .get("/v1/platform/subjects/pg-post-1")
                            .json()
                            .at("/state/visibility")
                            .asText())
                    .isEqualTo("visible");
            assertThat(alice.get("/v1/review/queues").json().get("queues")).isNotEmpty();
        }
    }
}

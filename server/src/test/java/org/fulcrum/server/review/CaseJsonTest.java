package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.web.OpenApi;
import org.junit.jupiter.api.Test;

/** A case is one flat object on the wire, whatever parts it is held in. */
class CaseJsonTest {
    private static final Json JSON = Json.strict();

    static final List<String> WIRE = List.of(
            "id",
            "subjectId",
            "subjectKind",
            "status",
            "queueId",
            "reason",
            "category",
            "source",
            "severity",
            "lane",
            "audience",
            "priority",
            "noticeCount",
            "reporterCount",
            "trustedCount",
            "firstNoticeAt",
            "lastNoticeAt",
            "dueAt",
            "slaBreachedAt",
            "assignedTo",
            "claimExpiresAt",
            "decidedAt",
            "decisionId");

    static Case decided() {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        return new Case(
                "case_1",
                "post-1",
                SubjectKind.post,
                "decided",
                "q_1",
                new Urgency(Reason.spam, DsaCategory.SCAMS_AND_FRAUD, Source.user_report, 0, 1, 42, 7),
                new NoticeTally(3, 2, 1, t, t.plusSeconds(60)),
                new CaseClock(t.plusSeconds(3600), Optional.of(t.plusSeconds(3700))),
                new Claim(Optional.of("staff:st_1"), Optional.of(t.plusSeconds(1800))),
                new Resolution(Optional.of(t.plusSeconds(900)), Optional.of("dec_1")));
    }

    @Test
    void aCaseIsWrittenAsOneFlatObjectWithEveryPartInItsPlace() throws Exception {
        JsonNode written = JSON.mapper().readTree(JSON.write(decided()));
        List<String> names = new ArrayList<>();
        written.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyElementsOf(WIRE);
        assertThat(written.get("priority").asLong()).isEqualTo(7);
        assertThat(written.get("reporterCount").asInt()).isEqualTo(2);
        assertThat(written.get("slaBreachedAt").asText()).isEqualTo("2026-03-01T11:01:40Z");
        assertThat(written.get("decisionId").asText()).isEqualTo("dec_1");
    }

    @Test
    void anOpenUnclaimedCaseLeavesItsAbsentPartsOut() throws Exception {
        Case d = decided();
        Case open = new Case(
                d.id(),
                d.subjectId(),
                d.subjectKind(),
                "open",
                d.queueId(),
                d.urgency(),
                d.tally(),
                new CaseClock(d.clock().dueAt(), Optional.empty()),
                new Claim(Optional.empty(), Optional.empty()),
                new Resolution(Optional.empty(), Optional.empty()));
        JsonNode written = JSON.mapper().readTree(JSON.write(open));
        assertThat(written.has("slaBreachedAt")).isFalse();
        assertThat(written.has("assignedTo")).isFalse();
        assertThat(written.has("claimExpiresAt")).isFalse();
        assertThat(written.has("decidedAt")).isFalse();
        assertThat(written.has("decisionId")).isFalse();
        assertThat(written.size()).isEqualTo(WIRE.size() - 5);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiSchemaOfACaseListsTheSameFlatFields() {
        OpenApi api = new OpenApi("test");
        api.op("GET", "/case", "A case").response(200, "The case", Case.class).add();
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) api.document().get("components")).get("schemas");
        Map<String, Object> schema = (Map<String, Object>) schemas.get("review.Case");
        assertThat(((Map<String, Object>) schema.get("properties")).keySet()).containsExactlyElementsOf(WIRE);
        assertThat(schema.get("required"))
                .isEqualTo(List.of(
                        "id",
                        "subjectId",
                        "subjectKind",
                        "status",
                        "queueId",
                        "reason",
                        "category",
                        "source",
                        "firstNoticeAt",
                        "lastNoticeAt",
                        "dueAt"));
        assertThat(schemas)
                .doesNotContainKeys(
                        "review.Urgency",
                        "review.NoticeTally",
                        "review.CaseClock",
                        "review.Claim",
                        "review.Resolution");
    }

    @Test
    void aClaimIsHeldOnlyByItsModeratorAndOnlyUntilItLapses() {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        Claim claim = new Claim(Optional.of("staff:a"), Optional.of(t.plusSeconds(60)));
        assertThat(claim.heldBy("staff:a", t)).isTrue();
        assertThat(claim.heldBy("staff:b", t)).isFalse();
        assertThat(claim.heldByOther("staff:b", t)).isTrue();
        assertThat(claim.heldByOther("staff:a", t)).isFalse();
        assertThat(claim.heldBy("staff:a", t.plusSeconds(60))).isFalse();
        assertThat(claim.heldByOther("staff:b", t.plusSeconds(60))).isFalse();
        assertThat(new Claim(Optional.empty(), Optional.empty()).heldByOther("staff:b", t))
                .isFalse();
    }
}

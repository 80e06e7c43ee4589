package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every exported statement of reasons validates against the SPEC section 6 rules; batches hold at most 100. */
class StatementSchemaTest {
    private static final Json JSON = Json.strict();

    static final int BULK = 130;
    static TestApp app;
    static Http moderator;
    static final Set<String> PERSONAL = new HashSet<>();

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        moderator = new Moderators(app).moderator("alice");
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account("acct-owner", "NL", "nl"));
        for (int i = 0; i < BULK + 10; i++) {
            events.add(Events.post("sc-post-" + i, "sc-channel", "acct-owner", "NL", "nl", 10));
        }
        Map<String, Object> media = Events.post("sc-media", "sc-channel", "acct-owner", "NL", "nl", 10);
        media.put("kind", "media");
        media.put("media", List.of(Map.of("sha256", "a".repeat(64))));
        events.add(media);
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(events))
                        .status())
                .isEqualTo(200);
        PERSONAL.addAll(List.of(
                "acct-owner",
                "sc-channel",
                "reporter-",
                "mail.example",
                "jane.doe@example.org",
                "+33 6 12 34 56 78",
                "@janedoe"));
        decideVariety();
        bulkRemove();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String caseOf(String reason, String subject) {
        return app.platform()
                .postJson("/v1/notices", Notices.report(reason, "reporter-" + subject, subject))
                .json()
                .at("/items/0/caseId")
                .asText();
    }

    static void decideVariety() {
        String until = Instant.now().plusSeconds(86_400 * 10).toString();
        Map<String, Object> legal =
                Moderators.decision("x", List.of(Map.of("type", "geo_restrict", "countries", List.of("FR", "RU"))));
        legal.remove("policyClause");
        legal.put("legalGround", "Art. 421-2-5 Code pénal (apologie du terrorisme)");
        legal.put("explanation", "The post glorifies a terrorist attack.");
        legal.put("facts", "Reported by jane.doe@example.org, phone +33 6 12 34 56 78, handle @janedoe.");
        legal.put("automatedDetection", true);
        legal.put("automatedDecision", "AUTOMATED_DECISION_PARTIALLY");
        Moderators.claimAndDecide(moderator, caseOf("terrorism", "sc-post-" + BULK), legal);
        Moderators.claimAndDecide(
                moderator,
                caseOf("scam", "sc-post-" + (BULK + 1)),
                Moderators.decision(
                        "ToS 2", List.of(Map.of("type", "label", "label", "scam-warning"), Map.of("type", "demote"))));
        Moderators.claimAndDecide(
                moderator,
                caseOf("spam", "sc-post-" + (BULK + 2)),
                Moderators.decision("ToS 3", List.of(Map.of("type", "suspend", "on", "author", "until", until))));
        Moderators.claimAndDecide(
                moderator,
                caseOf("terrorism", "sc-channel"),
                Moderators.decision("ToS 9", List.of(Map.of("type", "block"))));
        Moderators.claimAndDecide(
                moderator,
                caseOf("impersonation", "sc-media"),
                Moderators.decision("ToS 6", List.of(Map.of("type", "disable"))));
        Map<String, Object> other = Moderators.decision("ToS 8", List.of(Map.of("type", "remove")));
        other.put("contentType", List.of("CONTENT_TYPE_OTHER", "CONTENT_TYPE_SYNTHETIC_MEDIA"));
        other.put("contentTypeOther", "A sticker pack");
        other.put("explanation", "y".repeat(2000));
        other.put("facts", "z".repeat(5000));
        Moderators.claimAndDecide(moderator, caseOf("intellectual_property", "sc-post-" + (BULK + 3)), other);
        Moderators.claimAndDecide(
                moderator,
                caseOf("harassment", "acct-owner"),
                Moderators.decision("ToS 1", List.of(Map.of("type", "terminate"))));
    }

    static void bulkRemove() {
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            cases.add(caseOf("spam", "sc-post-" + i));
        }
        JsonNode r = moderator
                .postJson("/v1/review/bulk", Map.of("caseIds", cases, "decision", Moderators.remove("ToS 9 spam")))
                .json();
        assertThat(r.get("decided")).hasSize(BULK);
    }

    static List<JsonNode> exportAll(List<Integer> sizes) {
        List<JsonNode> all = new ArrayList<>();
        String after = "";
        while (true) {
            Http.Response page = app.http().get("/v1/sor/export?after=" + after);
            assertThat(page.status()).isEqualTo(200);
            JsonNode batch = page.json();
            assertThat(batch.size())
                    .as("the body is exactly a batch submission")
                    .isEqualTo(1);
            sizes.add(batch.get("statements").size());
            batch.get("statements").forEach(all::add);
            var next = page.raw().headers().firstValue("Fulcrum-Next-After");
            if (next.isEmpty()) {
                return all;
            }
            after = next.get();
        }
    }

    @Test
    void everyExportedStatementValidatesAndCarriesNoPersonalData() {
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> all = exportAll(sizes);
        long expected = app.count("statement_of_reasons");
        assertThat(all).hasSize((int) expected);
        assertThat(expected).isGreaterThan(BULK + 6);
        Set<String> puids = new HashSet<>();
        for (JsonNode s : all) {
            assertThat(DsaStatementSchema.violations(s)).as(s.toString()).isEmpty();
            assertThat(puids.add(s.get("puid").asText())).as("puid unique").isTrue();
            String text = s.toString();
            for (String p : PERSONAL) {
                assertThat(text).as("no personal data").doesNotContain(p);
            }
        }
        assertThat(all).anyMatch(s -> s.has("decision_account"));
        assertThat(all).anyMatch(s -> s.path("decision_ground").asText().equals("DECISION_GROUND_ILLEGAL_CONTENT"));
        assertThat(all).anyMatch(s -> s.path("content_type").toString().contains("CONTENT_TYPE_OTHER"));
        assertThat(all).anyMatch(s -> s.path("territorial_scope").toString().equals("[\"FR\"]"));
    }

    @Test
    void exportsAreSplitIntoBatchesOfAtMostOneHundred() {
        List<Integer> sizes = new ArrayList<>();
        exportAll(sizes);
        assertThat(sizes).allMatch(n -> n <= 100);
        assertThat(sizes.getFirst()).isEqualTo(100);
        assertThat(sizes).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aBatchOfOneHundredAndOneIsRefused() {
        Http.Response r = app.http().get("/v1/sor/export?limit=101");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("limit");
        List<Map<String, Object>> statements = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            statements.add(Map.of("puid", "p" + i));
        }
        assertThatThrownBy(() -> new Statements.Batch(statements))
                .isInstanceOf(FulcrumException.InvalidInput.class)
                .hasMessageContaining("at most 100");
        assertThat(new Statements.Batch(statements.subList(0, 100)).statements())
                .hasSize(100);
    }

    @Test
    void theSchemaCatchesBrokenStatements() throws Exception {
        JsonNode good = exportAll(new ArrayList<>()).getFirst();
        assertThat(DsaStatementSchema.violations(good)).isEmpty();
        for (String broken : List.of(
                "{\"puid\":\"bad puid!\"}",
                "{\"category\":\"STATEMENT_CATEGORY_NOPE\"}",
                "{\"content_date\":\"1999-12-31\"}",
                "{\"extra_field\":\"x\"}",
                "{\"automated_detection\":\"yes\"}",
                "{\"decision_facts\":\"" + "f".repeat(5001) + "\"}",
                "{\"territorial_scope\":[\"US\"]}")) {
            var copy = (com.fasterxml.jackson.databind.node.ObjectNode) good.deepCopy();
            copy.setAll((com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.mapper().readTree(broken));
            assertThat(DsaStatementSchema.violations(copy)).as(broken).isNotEmpty();
        }
        var none = (com.fasterxml.jackson.databind.node.ObjectNode) good.deepCopy();
        none.remove(List.of("decision_visibility", "decision_account"));
        assertThat(DsaStatementSchema.violations(none)).isNotEmpty();
    }
}

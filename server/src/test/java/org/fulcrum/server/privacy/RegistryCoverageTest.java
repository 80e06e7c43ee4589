package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.review.CaseNotes;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Export and erasure reach the tables the registry ties to a data subject, including those added
 * after the first fixed lists: the suspension that strikes triggered (strike_measure), what detection
 * found (detection_match), an event still waiting for its scan (detection_pending), and reviewers'
 * notes on the account's cases (case_note), on SQLite and PostgreSQL.
 */
class RegistryCoverageTest {
    static final String C = "acct-carol";
    static final String B = "acct-bob";

    @Nested
    class OnSqlite {
        @Test
        void exportShowsAndErasureRemovesStrikeMeasuresDetectionRecordsAndCaseNotes() throws Exception {
            try (PrivacyWorld w = PrivacyWorld.start()) {
                exportAndErase(w);
            }
        }
    }

    @Nested
    class OnPostgres {
        @Test
        void exportShowsAndErasureRemovesStrikeMeasuresDetectionRecordsAndCaseNotes() throws Exception {
            try (PrivacyWorld w = PrivacyWorld.onPostgres()) {
                exportAndErase(w);
            }
        }
    }

    private static void exportAndErase(PrivacyWorld w) throws InterruptedException {
        history(w);
        Set<String> ids = ids(w);

        Http.Response req = w.app.platform().postJson("/v1/privacy/requests", Map.of("kind", "export", "accountId", C));
        assertThat(req.status()).as(req.body()).isEqualTo(201);
        JsonNode sections = w.app.platform()
                .get("/v1/privacy/requests/" + req.json().get("id").asText() + "/export")
                .json()
                .get("sections");
        assertThat(refs(sections.get("strikeMeasure")))
                .as("the suspension carol's strikes triggered")
                .hasSize(1)
                .allMatch(r -> r.startsWith("strike_measure:"));
        assertThat(sections.at("/strikeMeasure/records/0/strikes").asInt()).isEqualTo(3);
        assertThat(refs(sections.get("detectionMatch")))
                .as("what the keyword rule found")
                .isNotEmpty();
        assertThat(sections.at("/detectionMatch/records/0/subject_id").asText()).isEqualTo("c-p1");
        assertThat(refs(sections.get("detectionPending"))).containsExactly("detection_pending:ev-c-p4");
        Set<String> exported = new HashSet<>();
        sections.forEach(s -> exported.addAll(refs(s)));
        List<String> missing = new ArrayList<>();
        for (StoreScan.Hit hit : StoreScan.scan(w.core(), ids)) {
            String ref = hit.table().equals("log_secret")
                    ? "log_entry:" + hit.ref().substring("log_secret:".length())
                    : hit.ref();
            if (!exported.contains(ref)) {
                missing.add(ref + "  " + hit.text());
            }
        }
        assertThat(missing).as("rows naming carol that the export lacks").isEmpty();

        Http.Response erased =
                w.app.platform().postJson("/v1/privacy/requests", Map.of("kind", "erasure", "accountId", C));
        assertThat(erased.status()).as(erased.body()).isEqualTo(201);
        assertThat(erased.json().get("outcome").asText()).isEqualTo("erased");
        assertThat(erased.json().at("/counts/strike_measure").asInt()).isEqualTo(1);
        assertThat(erased.json().at("/counts/detection_pending").asInt()).isEqualTo(1);
        assertThat(erased.json().at("/counts/case_note").asInt()).isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM strike_measure")).isZero();
        assertThat(w.count("SELECT COUNT(*) FROM detection_match WHERE subject_id LIKE 'c-p%'"))
                .isZero();
        assertThat(w.count("SELECT COUNT(*) FROM detection_pending WHERE event_id = 'ev-c-p4'"))
                .isZero();
        assertThat(w.count("SELECT COUNT(*) FROM case_note")).isZero();
        List<String> left = StoreScan.scan(w.core(), ids).stream()
                .map(h -> h.ref() + "  " + h.text())
                .toList();
        assertThat(left).as("rows still naming carol").isEmpty();
    }

    /**
     * Carol posts three times; a keyword rule finds one post, bob reports all three, each is removed,
     * and the third strike suspends her. A reviewer notes something on one case. Her fourth post is
     * left waiting for its scan.
     */
    private static void history(PrivacyWorld w) throws InterruptedException {
        Http.Response rule = w.admin.postJson(
                "/v1/detection/rules",
                Map.of(
                        "name",
                        "coin words",
                        "kind",
                        "keywords",
                        "patterns",
                        List.of("miracle coins"),
                        "policy",
                        "review",
                        "reason",
                        "scam"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account(C, "FR", "fr"));
        events.add(Events.account(B, "DE", "de"));
        events.add(post("c-p1", "miracle coins, double your savings"));
        events.add(post("c-p2", "text of c-p2"));
        events.add(post("c-p3", "text of c-p3"));
        w.events(events);
        assertThat(w.core().module(DetectionModule.class).detection().pipeline().awaitIdle(20_000))
                .isTrue();
        assertThat(w.count("SELECT COUNT(*) FROM detection_match WHERE subject_id = 'c-p1'"))
                .isPositive();

        String firstCase = null;
        for (String p : List.of("c-p1", "c-p2", "c-p3")) {
            String caseId = w.report(B, p, "Bob explains that " + p + " is a scam");
            firstCase = firstCase == null ? caseId : firstCase;
            w.decide(caseId, Moderators.remove("ToS 4.2"));
        }
        assertThat(w.count("SELECT COUNT(*) FROM strike_measure WHERE account_id = '" + C + "'"))
                .as("the third strike suspends carol")
                .isEqualTo(1);
        new CaseNotes(
                        w.core().module(StoreModule.class).db(),
                        w.core().module(ModerationModule.class).moderation().queues())
                .add(
                        "alice",
                        firstCase,
                        new CaseNotes.Draft("Posts the same offer every week.", List.of(), Optional.empty()));

        // Her fourth post is committed and its scan is still to do, as after a crash between the two units.
        w.events(List.of(post("c-p4", "text of c-p4")));
        assertThat(w.core().module(DetectionModule.class).detection().pipeline().awaitIdle(20_000))
                .isTrue();
        w.core()
                .module(StoreModule.class)
                .db()
                .write(tx -> tx.handle().createUpdate("""
                INSERT INTO detection_pending (event_id, received_at)
                SELECT event_id, received_at FROM content_event WHERE event_id = 'ev-c-p4'""").execute());
        assertThat(w.count("SELECT COUNT(*) FROM detection_pending WHERE event_id = 'ev-c-p4'"))
                .isEqualTo(1);
        w.awaitDelivered();
    }

    private static Map<String, Object> post(String id, String text) {
        Map<String, Object> e = Events.post("ev-" + id, id, "ch-c", text);
        e.put("authorId", C);
        return e;
    }

    /** Carol, her reporter key and everything she wrote. */
    private static Set<String> ids(PrivacyWorld w) {
        Set<String> ids = new LinkedHashSet<>(w.core()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT id FROM subject WHERE author_id = :a")
                        .bind("a", C)
                        .mapTo(String.class)
                        .list()));
        ids.add(C);
        ids.add("user:" + C);
        return ids;
    }

    private static List<String> refs(JsonNode section) {
        List<String> refs = new ArrayList<>();
        if (section != null) {
            section.get("records").forEach(r -> refs.add(r.get("ref").asText()));
        }
        return refs;
    }
}

package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.PrivacyModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.transparency.CanonicalJson;
import org.junit.jupiter.api.Test;

/**
 * Each class of data is purged at its deadline and not a millisecond before, on the test clock;
 * a hold keeps data past its deadline until the hold is released; every purged batch reaches the
 * transparency log with its class, counts and rule.
 */
class RetentionPurgeTest {

    PrivacyWorld world() throws java.io.IOException {
        return PrivacyWorld.start();
    }

    PrivacyWorld world(String retentionFile) throws java.io.IOException {
        return PrivacyWorld.withRetentionFile(retentionFile, false);
    }

    /** Whether the data of one class, made at the start, is still there. */
    private record Probe(String name, Instant deadline, String sql) {}

    @Test
    void everyClassIsPurgedAtItsDeadlineAndNotBefore() throws Exception {
        try (PrivacyWorld w = world()) {
            Instant t0 = w.start;
            // a rule in dry run: what it finds is recorded, nothing is done about it
            assertThat(w.admin
                            .postJson(
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
                                            "scam",
                                            "mode",
                                            "dry_run"))
                            .status())
                    .isEqualTo(201);
            Map<String, Object> found = Events.post("ev-p-detect", "p-detect", "ch-1", "miracle coins for all");
            found.put("authorId", "acct-writer");
            w.events(List.of(
                    Events.post("p-copy", "ch-1", "acct-writer", "FR", "fr", 10),
                    Events.post("p-held", "ch-1", "acct-writer", "FR", "fr", 10),
                    found));
            assertThat(w.core()
                            .module(DetectionModule.class)
                            .detection()
                            .pipeline()
                            .awaitIdle(20_000))
                    .isTrue();
            // the frames a video match would record beside it, purged with it
            w.core().module(StoreModule.class).db().write(tx -> tx.handle().execute("""
                            INSERT INTO video_match_frame (match_id, n, subject_id, bank_id, video, media_position,
                                query_frame, query_seconds, bank_frame, bank_seconds, distance, created_at)
                            SELECT id, 0, subject_id, 'bank', 'video', 0, 3, 3.0, 5, 5.0, 4, created_at
                            FROM detection_match WHERE subject_id = 'p-detect'"""));
            Instant holdUntil = t0.plus(Duration.ofDays(10));
            w.core()
                    .module(PrivacyModule.class)
                    .privacy()
                    .holds()
                    .place(
                            w.principal("legal.one"),
                            new Holds.Placement("p-held", holdUntil, "litigation about the post"));
            w.decide(w.report("rep-1", "p-notice", "rep-1 says this is a scam"), Moderators.noAction(false));
            String reportId = w.franked("acct-victim", "acct-sender", "conv-1", "send me money now")
                    .get("reportId")
                    .asText();
            String e2eCase = w.core()
                    .module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("""
                    SELECT i.case_id FROM notice n JOIN notice_item i ON i.notice_id = n.id WHERE n.external_ref = :r""")
                            .bind("r", reportId)
                            .mapTo(String.class)
                            .one());
            w.decide(e2eCase, Moderators.noAction(false));
            w.accountData("acct-data", "+33 6 00 00 00 01", "192.0.2.10", t0);
            String refused = w.refusedWithDocument();
            String disclosed = w.disclosed("acct-data");
            w.awaitDelivered();
            // a forged lawful request: refused, and kept only as its rejection record
            assertThat(new org.fulcrum.server.support.Http(w.core().baseUrl())
                            .postJson("/v1/lawful/requests", java.util.Map.of("jurisdiction", "FR"))
                            .status())
                    .isEqualTo(401);

            long notices = w.count("SELECT COUNT(*) FROM notice");
            assertThat(notices).isEqualTo(2);
            assertThat(w.count("SELECT COUNT(*) FROM preserved_item")).isEqualTo(3);
            List<Probe> probes = List.of(
                    new Probe("preserved evidence", holdUntil, "SELECT COUNT(*) FROM preserved_item"),
                    new Probe(
                            "content events",
                            due(t0, DataClass.content_events),
                            "SELECT COUNT(*) FROM content_event WHERE subject_id IN ('p-copy', 'p-held')"),
                    new Probe(
                            "content copies",
                            due(t0, DataClass.content_copies),
                            "SELECT COUNT(*) FROM subject_content WHERE subject_id IN ('p-copy', 'p-held')"),
                    new Probe(
                            "disclosure packages",
                            due(t0, DataClass.disclosure_packages),
                            "SELECT COUNT(*) FROM disclosure WHERE package IS NOT NULL AND request_id = '" + disclosed
                                    + "'"),
                    new Probe(
                            "reporter identities",
                            due(t0, DataClass.reporter_identities),
                            "SELECT COUNT(*) FROM notice WHERE notifier_email IS NOT NULL OR reporter_key LIKE 'user:%'"),
                    new Probe(
                            "franked-report evidence",
                            due(t0, DataClass.franked_report_evidence),
                            "SELECT COUNT(*) FROM e2e_report"),
                    new Probe("notices", due(t0, DataClass.notices), "SELECT COUNT(*) FROM notice"),
                    new Probe(
                            "request documents",
                            due(t0, DataClass.request_documents),
                            "SELECT COUNT(*) FROM lawful_document WHERE request_id = '" + refused + "'"),
                    new Probe(
                            "rejected requests",
                            due(t0, DataClass.rejected_requests),
                            "SELECT COUNT(*) FROM lawful_rejection"),
                    new Probe(
                            "account data",
                            due(t0, DataClass.account_data),
                            "SELECT COUNT(*) FROM account_private_data WHERE account_id = 'acct-data'"),
                    new Probe(
                            "audit trail",
                            due(t0, DataClass.audit_trail),
                            "SELECT COUNT(*) FROM audit WHERE action = 'hold.place'"),
                    new Probe(
                            "detection records",
                            due(t0, DataClass.detection_records),
                            "SELECT COUNT(*) FROM detection_match WHERE subject_id = 'p-detect'"),
                    new Probe(
                            "matched video frames",
                            due(t0, DataClass.detection_records),
                            "SELECT COUNT(*) FROM video_match_frame WHERE subject_id = 'p-detect'"),
                    new Probe(
                            "subject records",
                            due(t0, DataClass.subjects),
                            "SELECT COUNT(*) FROM subject WHERE id = 'p-copy'"),
                    new Probe(
                            "lawful request records",
                            due(t0, DataClass.lawful_records),
                            "SELECT COUNT(*) FROM lawful_request WHERE id = '" + refused + "'"),
                    new Probe(
                            "log commitment secrets",
                            due(t0, DataClass.log_commitment_secrets),
                            "SELECT COUNT(*) FROM log_secret s JOIN log_entry e ON e.idx = s.idx "
                                    + "WHERE e.kind = 'notice_received' AND s.details_key IS NOT NULL"));
            for (Probe p : probes) {
                assertThat(w.count(p.sql())).as(p.name() + " made at the start").isPositive();
            }
            List<Instant> deadlines =
                    probes.stream().map(Probe::deadline).distinct().sorted().toList();
            for (Instant deadline : deadlines) {
                w.at(deadline.minusMillis(1));
                w.purge();
                for (Probe p : probes) {
                    if (!p.deadline().isBefore(deadline)) {
                        assertThat(w.count(p.sql()))
                                .as(p.name() + " a millisecond before " + deadline)
                                .isPositive();
                    }
                }
                w.at(deadline);
                w.purge();
                for (Probe p : probes) {
                    if (p.deadline().equals(deadline)) {
                        assertThat(w.count(p.sql()))
                                .as(p.name() + " at its deadline " + deadline)
                                .isZero();
                    } else if (p.deadline().isAfter(deadline)) {
                        assertThat(w.count(p.sql()))
                                .as(p.name() + " before its deadline, at " + deadline)
                                .isPositive();
                    }
                }
            }
            for (DataClass c : DataClass.values()) {
                assertThat(w.count("SELECT COUNT(*) FROM purge_record WHERE data_class = '" + c + "'"))
                        .as("a purge record of " + c)
                        .isPositive();
            }
        }
    }

    private static Instant due(Instant anchor, DataClass c) {
        return Retention.due(anchor, c.defaultPeriod());
    }

    @Test
    void aHoldKeepsExpiredDataUntilItIsReleasedAndThePurgeIsLogged() throws Exception {
        try (PrivacyWorld w = world()) {
            w.events(List.of(
                    Events.post("h-1", "ch-h", "acct-h", "FR", "fr", 10),
                    Events.post("h-2", "ch-h", "acct-h", "FR", "fr", 10)));
            Hold hold = w.core()
                    .module(PrivacyModule.class)
                    .privacy()
                    .holds()
                    .place(
                            w.principal("legal.one"),
                            new Holds.Placement(
                                    "acct-h", w.start.plus(Duration.ofDays(365)), "preservation requested by a court"));
            w.awaitDelivered();
            assertThat(w.count("SELECT hold_until FROM subject WHERE id = 'acct-h'"))
                    .isEqualTo(hold.until().toEpochMilli());
            long logBefore = w.count("SELECT COUNT(*) FROM log_entry WHERE kind = 'purge'");

            w.at(w.start.plus(Duration.ofDays(100)));
            w.purge();
            assertThat(w.count("SELECT COUNT(*) FROM content_event WHERE subject_id LIKE 'h-%'"))
                    .as("events of an account's posts under hold")
                    .isEqualTo(2);
            assertThat(w.count("SELECT COUNT(*) FROM subject_content WHERE subject_id LIKE 'h-%'"))
                    .isEqualTo(2);
            assertThat(w.count("SELECT COUNT(*) FROM preserved_item WHERE hold_id = '" + hold.id() + "'"))
                    .isEqualTo(3);
            assertThat(w.count("SELECT COUNT(*) FROM log_entry WHERE kind = 'purge'"))
                    .isEqualTo(logBefore);

            w.core()
                    .module(PrivacyModule.class)
                    .privacy()
                    .holds()
                    .release(
                            w.principal("legal.one"),
                            hold.id(),
                            new Holds.Release("the court lifted the preservation"));
            assertThat(w.count("SELECT COUNT(*) FROM subject WHERE id = 'acct-h' AND hold_until IS NULL"))
                    .isEqualTo(1);
            List<PurgeRecord> purged = w.purge();
            assertThat(w.count("SELECT COUNT(*) FROM content_event WHERE subject_id LIKE 'h-%'"))
                    .isZero();
            assertThat(w.count("SELECT COUNT(*) FROM subject_content WHERE subject_id LIKE 'h-%'"))
                    .isZero();
            assertThat(w.count("SELECT COUNT(*) FROM preserved_item")).isZero();

            Map<DataClass, PurgeRecord> byClass = new java.util.EnumMap<>(DataClass.class);
            purged.forEach(r -> byClass.put(r.dataClass(), r));
            assertThat(byClass.get(DataClass.content_events).stores()).containsEntry("content_event", 2);
            assertThat(byClass.get(DataClass.preserved_evidence).stores()).containsEntry("preserved_item", 3);
            for (PurgeRecord r : purged) {
                byte[] leaf = w.core()
                        .module(StoreModule.class)
                        .db()
                        .read(h -> h.createQuery("SELECT data FROM log_entry WHERE idx = :i")
                                .bind("i", r.logIndex())
                                .mapTo(byte[].class)
                                .one());
                Map<String, Object> entry = CanonicalJson.parse(leaf);
                assertThat(entry.get("kind")).isEqualTo("purge");
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) entry.get("fields");
                assertThat(fields.get("class")).isEqualTo(r.dataClass().name());
                assertThat(((Number) fields.get("count")).longValue()).isEqualTo(r.purged());
                assertThat((String) fields.get("rule"))
                        .startsWith(r.dataClass().name() + ": " + r.dataClass().defaultPeriod());
                assertThat(new String(leaf, java.nio.charset.StandardCharsets.UTF_8))
                        .doesNotContain("h-1")
                        .doesNotContain("acct-h");
            }
        }
    }

    @Test
    void aPurgeCutShortCarriesOnAfterARestartInBatches() throws Exception {
        String yaml = """
                periods:
                  content_events: P7D
                purge_interval_minutes: 60
                purge_batch_size: 2
                purge_max_batches: 1
                """;
        try (PrivacyWorld w = world(yaml)) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(Events.post("r-" + i, "ch-r", "acct-r", "FR", "fr", 10));
            }
            w.events(events);
            w.at(w.start.plus(Period.ofDays(7).getDays(), java.time.temporal.ChronoUnit.DAYS));
            List<PurgeRecord> first = w.purge();
            assertThat(first)
                    .filteredOn(r -> r.dataClass() == DataClass.content_events)
                    .singleElement()
                    .satisfies(r -> assertThat(r.purged()).isEqualTo(2));
            assertThat(w.count("SELECT COUNT(*) FROM content_event WHERE subject_id LIKE 'r-%'"))
                    .isEqualTo(3);

            // A restart: a new process on the same data folder and database carries on.
            w.stopApp();
            try (org.fulcrum.server.App again =
                    org.fulcrum.server.App.create(w.core().config(), w.clock)) {
                List<PurgeRecord> second =
                        again.module(PrivacyModule.class).privacy().purge().run("test");
                assertThat(second)
                        .filteredOn(r -> r.dataClass() == DataClass.content_events)
                        .singleElement()
                        .satisfies(r -> assertThat(r.purged()).isEqualTo(2));
                List<PurgeRecord> third =
                        again.module(PrivacyModule.class).privacy().purge().run("test");
                assertThat(third)
                        .filteredOn(r -> r.dataClass() == DataClass.content_events)
                        .singleElement()
                        .satisfies(r -> assertThat(r.purged()).isEqualTo(1));
                assertThat(count(again, "SELECT COUNT(*) FROM content_event WHERE subject_id LIKE 'r-%'"))
                        .isZero();
                assertThat(count(again, "SELECT COUNT(*) FROM purge_record WHERE data_class = 'content_events'"))
                        .isEqualTo(3);
                assertThat(count(again, "SELECT COUNT(*) FROM log_entry WHERE kind = 'purge'"))
                        .isEqualTo(3);
            }
        }
    }

    private static long count(org.fulcrum.server.App app, String sql) {
        Long n = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery(sql).mapTo(Long.class).one());
        return n;
    }
}

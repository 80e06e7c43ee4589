package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.notice.NoticeIntake;
import org.fulcrum.server.notice.NoticeSubmission;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.review.DecisionRequest;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * The published report, computed from the log alone, equals a direct count over the state tables
 * for a generated history of thousands of notices, hundreds of decisions and signed requests.
 */
class ReportMatchesStateTest {
    private static final Json JSON = Json.strict();

    @Test
    void theReportEqualsADirectCountOverTheStateTables() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            Random random = new Random(11);
            for (int b = 0; b < 4; b++) {
                app.platform().postJson("/v1/platform/events", Events.batch(b * 100, 100, "hist"));
            }
            Reason[] reasons = {Reason.spam, Reason.hate_speech, Reason.terrorism, Reason.scam, Reason.harassment};
            NoticeIntake intake =
                    app.app().module(ModerationModule.class).moderation().notices();
            for (int chunk = 0; chunk < 40; chunk++) {
                app.app().module(StoreModule.class).db().write(tx -> {
                    for (int i = 0; i < 50; i++) {
                        int post = random.nextInt(400);
                        Reason reason = reasons[random.nextInt(reasons.length)];
                        intake.receive(
                                tx,
                                new NoticeIntake.Submitter(Source.user_report, "test", Optional.empty()),
                                new NoticeSubmission(
                                        List.of(new NoticeSubmission.Item(
                                                "hist-post-" + post, Optional.empty(), Optional.empty())),
                                        reason,
                                        Optional.of("seen in my feed"),
                                        Optional.empty(),
                                        Optional.of(new NoticeSubmission.Notifier(
                                                Optional.empty(),
                                                Optional.empty(),
                                                Optional.of("acct-r" + random.nextInt(300)))),
                                        true,
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty()));
                    }
                    return null;
                });
            }
            StaffSessions staff = new StaffSessions(app.app());
            staff.signIn("hist.moderator", Role.MODERATOR);
            String moderator = staff.principal("hist.moderator").actor();
            for (int i = 0; i < 300; i++) {
                boolean remove = i % 3 != 0;
                String subject = "hist-post-" + i;
                Optional<String> open = app.app()
                        .module(StoreModule.class)
                        .db()
                        .read(h -> h.createQuery("SELECT id FROM review_case WHERE subject_id = :s AND status = 'open'")
                                .bind("s", subject)
                                .mapTo(String.class)
                                .findFirst());
                DecisionRequest request = new DecisionRequest(
                        Optional.of("ToS 4.1"),
                        Optional.empty(),
                        Optional.empty(),
                        "reviewed by a person",
                        Optional.empty(),
                        remove
                                ? List.of(new DecisionRequest.ActionSpec(
                                        i % 2 == 0 ? ActionType.remove : ActionType.label,
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.of("misleading"),
                                        Optional.empty()))
                                : List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        Optional.empty());
                if (open.isPresent()) {
                    app.app()
                            .module(ModerationModule.class)
                            .moderation()
                            .cases()
                            .claim(moderator, open.get());
                    app.app()
                            .module(ModerationModule.class)
                            .moderation()
                            .decisions()
                            .decideCase(moderator, open.get(), request);
                } else {
                    app.app()
                            .module(ModerationModule.class)
                            .moderation()
                            .decisions()
                            .decideSubject(moderator, subject, request);
                }
            }
            lawfulRequests(app, random);

            long size = app.queryLong("SELECT size FROM log_state");
            Await.await(
                    "the report covers the whole log",
                    java.time.Duration.ofSeconds(10),
                    () -> app.reportedLogSize() >= size);
            JsonNode report = app.http().get("/v1/reports/transparency.json").json();

            // notices by source and by category
            assertThat(sumDays(report, "notices"))
                    .isEqualTo(countBy(app, "SELECT source, COUNT(*) FROM notice GROUP BY source"));
            assertThat(sumDays(report, "noticesByCategory"))
                    .isEqualTo(countBy(app, "SELECT category, COUNT(*) FROM notice GROUP BY category"));
            // decisions and actions
            Map<String, Long> decisions = countBy(app, """
                    SELECT CASE WHEN outcome = 'action' THEN 'restricted' ELSE 'no_action' END, COUNT(*)
                    FROM review_decision GROUP BY CASE WHEN outcome = 'action' THEN 'restricted' ELSE 'no_action' END""");
            assertThat(sumDays(report, "decisions")).isEqualTo(decisions);
            assertThat(sumDays(report, "actions"))
                    .isEqualTo(countBy(app, "SELECT type, COUNT(*) FROM enforcement_action GROUP BY type"));
            // lawful requests, per jurisdiction, for the year
            Map<String, Long> received = new HashMap<>();
            Map<String, Long> outcomes = new HashMap<>();
            long pending = 0;
            for (JsonNode byJurisdiction : report.at("/lawful/year")) {
                var it = byJurisdiction.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    received.merge(e.getKey(), e.getValue().get("received").asLong(), Long::sum);
                    e.getValue()
                            .get("outcomes")
                            .fields()
                            .forEachRemaining(
                                    o -> outcomes.merge(o.getKey(), o.getValue().asLong(), Long::sum));
                    pending += e.getValue().get("pending").asLong();
                }
            }
            assertThat(received)
                    .isEqualTo(countBy(app, "SELECT jurisdiction, COUNT(*) FROM lawful_request GROUP BY jurisdiction"));
            assertThat(outcomes)
                    .isEqualTo(countBy(app, "SELECT outcome, COUNT(*) FROM lawful_decision GROUP BY outcome"));
            assertThat(pending).isEqualTo(app.queryLong("""
                    SELECT COUNT(*) FROM lawful_request r WHERE NOT EXISTS (SELECT 1 FROM lawful_decision d
                    WHERE d.request_id = r.id AND d.outcome IN ('comply', 'comply_in_part', 'refuse'))"""));
            assertThat(received.values().stream().mapToLong(Long::longValue).sum())
                    .isGreaterThanOrEqualTo(60);
        }
    }

    private static void lawfulRequests(TestApp app, Random random) throws Exception {
        Authorities a = app.app().module(LawfulModule.class).lawful().authorities();
        HttpClient http = HttpClient.newHttpClient();
        for (String country : List.of("FR", "RU", "IR")) {
            String agency = a.createAgency(
                    "test",
                    new Authorities.NewAgency(
                            "Agency " + country,
                            country,
                            "police",
                            List.of(country),
                            "+00 " + country,
                            "desk@" + country.toLowerCase() + ".example"));
            a.verify("test", "agency", agency, "directory");
            String officer = a.createOfficer(
                    "test",
                    new Authorities.NewOfficer(
                            agency,
                            "Officer " + country,
                            "o@" + country.toLowerCase() + ".example",
                            "+00 1 " + country,
                            "hist.officer." + country.toLowerCase(),
                            Passwords.random(20)));
            a.verify("test", "officer", officer, "video call");
            Jwk signing = Jwk.newEd25519();
            a.addKey("test", officer, "sign", signing.x(), false);
            a.addKey("test", officer, "encrypt", Jwk.newX25519().x(), false);
            for (int i = 0; i < 20; i++) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("reference", country + "-" + i);
                body.put("jurisdiction", country);
                if (random.nextBoolean()) {
                    body.putAll(Map.of(
                            "instrument",
                            "generic_national_order",
                            "kind",
                            "hand_over_keys",
                            "issuingAuthority",
                            "Agency " + country,
                            "legalBasis",
                            "Law 1",
                            "reasons",
                            "decryption",
                            "territorialScope",
                            List.of(country),
                            "redress",
                            "none",
                            "deadlineAsked",
                            Instant.now().plusSeconds(86_400).toString()));
                } else {
                    body.putAll(Map.of(
                            "instrument",
                            "generic_national_order",
                            "kind",
                            "block_container",
                            "issuingAuthority",
                            "Agency " + country,
                            "legalBasis",
                            "Law 2",
                            "reasons",
                            "incitement",
                            "category",
                            "incitement",
                            "territorialScope",
                            List.of(country),
                            "redress",
                            "none",
                            "deadlineAsked",
                            Instant.now().plusSeconds(86_400).toString(),
                            "targets",
                            List.of(Map.of("locator", "hist-channel-" + (i % 7)))));
                }
                byte[] bytes = JSON.write(body).getBytes(StandardCharsets.UTF_8);
                String url = app.url() + "/v1/lawful/requests";
                HttpSignatures.Signed s = HttpSignatures.signRequest(
                        signing, "POST", url, bytes, Instant.now().getEpochSecond(), HttpSignatures.newNonce());
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Digest", s.contentDigest())
                                .header("Signature-Input", s.signatureInput())
                                .header("Signature", s.signature())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
            }
        }
    }

    private static Map<String, Long> sumDays(JsonNode report, String field) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode day : report.get("moderation")) {
            day.get(field)
                    .fields()
                    .forEachRemaining(e -> out.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
        return out;
    }

    private static Map<String, Long> countBy(TestApp app, String sql) {
        Map<String, Long> out = new HashMap<>();
        app.app()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery(sql)
                        .map((rs, c) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .list())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}

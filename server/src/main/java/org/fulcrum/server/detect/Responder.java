package org.fulcrum.server.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.notice.NoticeIntake;
import org.fulcrum.server.notice.NoticeReceipt;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.platform.EnforcementState;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.review.DecisionRequest;
import org.fulcrum.server.review.ModerationDecisions;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Acts on matches and records them, in the caller's transaction. The matches on one item are acted
 * on once, by the strongest policy among them: {@code review} files a notice from automated
 * detection; {@code remove} takes a fully automated decision (through moderation, so the statement
 * of reasons, strike and log entry follow, and enforcement reaches the outbox); and
 * {@code remove_preserve_report} also places a legal hold and files the notice on the priority
 * lane. Every match is recorded with its evidence and what was done, and counted for its bank or rule.
 */
final class Responder {
    private final NoticeIntake notices;
    private final ModerationDecisions decisions;
    private final Json json;

    Responder(NoticeIntake notices, ModerationDecisions decisions, Json json) {
        this.notices = notices;
        this.decisions = decisions;
        this.json = json;
    }

    /** Whether matches to act on are acted on, or only recorded (a retro-hunt's report, a failure). */
    enum Acting {
        act,
        report_only,
        failed
    }

    /** Records {@code hits} and acts on them as {@code acting} says; returns the outcome per subject. */
    Map<String, MatchOutcome> respond(Tx tx, List<Hit> hits, Optional<String> huntId, Acting how) {
        Map<String, List<Hit>> bySubject = new LinkedHashMap<>();
        for (Hit h : hits) {
            bySubject.computeIfAbsent(h.subjectId(), k -> new ArrayList<>()).add(withLabel(tx, h));
        }
        Map<String, MatchOutcome> outcomes = new LinkedHashMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        long now = tx.now().toEpochMilli();
        PreparedBatch batch = tx.handle().prepareBatch(INSERT);
        VideoMatchFrames.Batch frames = new VideoMatchFrames.Batch(tx);
        for (Map.Entry<String, List<Hit>> e : bySubject.entrySet()) {
            List<Hit> acting = e.getValue().stream()
                    .filter(h -> h.disposition() == Hit.Disposition.act)
                    .toList();
            MatchOutcome outcome = acting.isEmpty()
                    ? null
                    : how == Acting.act ? act(tx, e.getKey(), acting) : new MatchOutcome.NotActed(how.name());
            if (outcome != null) {
                outcomes.put(e.getKey(), outcome);
            }
            for (Hit h : e.getValue()) {
                MatchOutcome o = h.disposition() == Hit.Disposition.act
                        ? outcome
                        : new MatchOutcome.NotActed(h.disposition().name());
                frames.add(add(batch, tx, h, o, huntId, now), h, now);
                if (huntId.isEmpty() && h.detector().kind() != Detector.Kind.classifier) {
                    counts.computeIfAbsent(
                                    h.detector().kind() + ":" + h.detector().id(), k -> new long[1])[0]++;
                }
            }
        }
        if (batch.size() > 0) {
            batch.execute();
        }
        frames.execute();
        counts.forEach((key, n) -> {
            String[] kindId = key.split(":", 2);
            String table = kindId[0].equals("bank") ? "hash_bank" : "detect_rule";
            tx.handle()
                    .createUpdate("UPDATE " + table + " SET hits = hits + :n, last_hit_at = :now WHERE id = :id")
                    .bind("n", n[0])
                    .bind("now", now)
                    .bind("id", kindId[1])
                    .execute();
        });
        return outcomes;
    }

    private static Hit withLabel(Tx tx, Hit h) {
        if (h.detector().kind() != Detector.Kind.bank) {
            return h;
        }
        HashType type = HashType.valueOf((String) h.evidence().get("type"));
        Optional<String> label = Banks.label(
                tx.handle(), h.detector().id(), type, (String) h.evidence().get("hash"));
        if (label.isEmpty()) {
            return h;
        }
        Map<String, Object> evidence = new LinkedHashMap<>(h.evidence());
        evidence.put("label", label.get());
        return new Hit(h.eventId(), h.subjectId(), h.detector(), h.disposition(), h.distance(), evidence, h.frames());
    }

    private MatchOutcome act(Tx tx, String subjectId, List<Hit> hits) {
        Hit strongest = hits.stream()
                .max(Comparator.comparing((Hit h) -> h.detector().policy()))
                .orElseThrow();
        Detector d = strongest.detector();
        Optional<Subject> subject = Subjects.find(tx.handle(), subjectId);
        if (subject.isPresent() && subject.get().deletedByPlatform()) {
            return new MatchOutcome.NotActed("deleted");
        }
        if (subject.isPresent() && subject.get().state().visibility() != EnforcementState.Visibility.visible) {
            return new MatchOutcome.NotActed("already_removed");
        }
        String explanation = explain(hits);
        return switch (d.policy()) {
            case review ->
                noticed(notices.detected(
                        tx, new NoticeIntake.Detection(List.of(subjectId), d.reason(), d.label(), explanation, false)));
            case remove ->
                subject.isEmpty()
                        ? new MatchOutcome.NotActed("unknown_subject")
                        : new MatchOutcome.Removed(decide(tx, subjectId, d, hits, false), Optional.empty());
            case remove_preserve_report -> {
                if (subject.isEmpty()) {
                    yield noticed(notices.detected(
                            tx,
                            new NoticeIntake.Detection(List.of(subjectId), d.reason(), d.label(), explanation, true)));
                }
                String decision = decide(tx, subjectId, d, hits, true);
                NoticeReceipt r = notices.detected(
                        tx, new NoticeIntake.Detection(List.of(subjectId), d.reason(), d.label(), explanation, true));
                yield new MatchOutcome.Removed(decision, Optional.of(r.trackingId()));
            }
        };
    }

    private static MatchOutcome noticed(NoticeReceipt r) {
        return new MatchOutcome.Noticed(r.trackingId(), r.items().getFirst().caseId());
    }

    private String decide(Tx tx, String subjectId, Detector d, List<Hit> hits, boolean preserve) {
        List<DecisionRequest.ActionSpec> actions = new ArrayList<>();
        actions.add(new DecisionRequest.ActionSpec(
                ActionType.remove, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        if (preserve) {
            actions.add(new DecisionRequest.ActionSpec(
                    ActionType.preserve,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(tx.now().plus(Duration.ofDays(d.preserveDays())))));
        }
        List<DecisionRequest.ContentType> types = new ArrayList<>();
        if (hits.stream().anyMatch(h -> h.detector().kind() == Detector.Kind.bank)) {
            types.add(DecisionRequest.ContentType.CONTENT_TYPE_IMAGE);
        }
        if (hits.stream().anyMatch(h -> h.detector().kind() == Detector.Kind.rule)) {
            types.add(DecisionRequest.ContentType.CONTENT_TYPE_TEXT);
        }
        String clause = "Terms of service: " + d.reason().name().replace('_', ' ');
        String facts = "Detected automatically: " + facts(hits) + ". Removed without human review under the policy of "
                + d.kind() + " '" + d.name() + "'.";
        DecisionRequest r = new DecisionRequest(
                d.legalGround().isEmpty() ? Optional.of(clause) : Optional.empty(),
                d.legalGround(),
                Optional.empty(),
                facts,
                Optional.of(d.reason().category()),
                actions,
                Optional.empty(),
                Optional.empty(),
                true,
                Optional.of(DecisionRequest.AutomatedDecision.AUTOMATED_DECISION_FULLY),
                false,
                types.isEmpty() ? Optional.empty() : Optional.of(types),
                Optional.empty());
        return decisions.decideAutomatically(tx, subjectId, r).decision().id();
    }

    /** What matched, in words for the public statement: which detectors, never the item's own text. */
    private static String facts(List<Hit> hits) {
        List<String> parts = new ArrayList<>();
        for (Hit h : hits) {
            parts.add(
                    switch (h.detector().kind()) {
                        case bank ->
                            "its media matched a hash of known violating content in bank '"
                                    + h.detector().name() + "'";
                        case rule -> "its text matched rule '" + h.detector().name() + "'";
                        case classifier -> "classifier '" + h.detector().name() + "' scored it above its threshold";
                    });
        }
        String all = String.join("; ", parts);
        return all.length() > 4000 ? all.substring(0, 4000) + "…" : all;
    }

    /** What matched, with the evidence, for the reviewers who get the notice. */
    private String explain(List<Hit> hits) {
        StringBuilder sb = new StringBuilder("Automated detection.");
        for (Hit h : hits) {
            sb.append(' ').append(h.detector().label()).append(" matched");
            if (!h.evidence().isEmpty()) {
                sb.append(": ").append(evidenceInWords(h.evidence(), json));
            }
            sb.append('.');
        }
        return sb.length() > 4900 ? sb.substring(0, 4900) + "…" : sb.toString();
    }

    /**
     * A match's evidence as words, for people: {@code {"bank":"gifct","distance":3}} reads "bank gifct,
     * distance 3".
     */
    static String evidenceInWords(Map<String, Object> evidence, Json json) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : evidence.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(words(e.getKey())).append(' ').append(evidenceValue(e.getValue(), json));
        }
        return sb.toString();
    }

    /** An evidence key as words: {@code queryFramesMatchedPercent} reads "query frames matched percent". */
    static String words(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static String evidenceValue(Object v, Json json) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return v instanceof String || v instanceof Number || v instanceof Boolean ? String.valueOf(v) : json.write(v);
    }

    private static final String INSERT = """
            INSERT INTO detection_match (id, event_id, subject_id, detector_kind, detector_id, detector_name, reason,
                                         policy, distance, evidence, outcome, ref, hunt_id, created_at)
            VALUES (:id, :event, :subject, :kind, :detector, :name, :reason, :policy, :distance, :evidence,
                    :outcome, :ref, :hunt, :now)""";

    /** Adds {@code h} to {@code batch}; returns the match's id. */
    private String add(PreparedBatch batch, Tx tx, Hit h, MatchOutcome o, Optional<String> huntId, long now) {
        String id = Ids.next("dm", tx.clock());
        batch.bind("id", id)
                .bind("event", h.eventId().orElse(null))
                .bind("subject", h.subjectId())
                .bind("kind", h.detector().kind().name())
                .bind("detector", h.detector().id())
                .bind("name", h.detector().name())
                .bind("reason", h.detector().reason().name())
                .bind("policy", h.detector().policy().name())
                .bind("distance", h.distance().orElse(null))
                .bind("evidence", json.write(h.evidence()))
                .bind("outcome", o.name())
                .bind("ref", o.ref().orElse(null))
                .bind("hunt", huntId.orElse(null))
                .bind("now", now)
                .add();
        return id;
    }
}

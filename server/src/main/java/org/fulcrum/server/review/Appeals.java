package org.fulcrum.server.review;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.notice.ReporterReputation;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;
import org.jdbi.v3.core.Handle;

/**
 * Appeals (DSA Art. 20): open to the affected user and to the notifiers for six months after the
 * decision (by the injected clock), decided by a reviewer other than the one who decided. A
 * well-founded appeal reverses every action of the decision through the enforcement path (so the
 * reversal reaches the platform), withdraws its strikes and lifts any suspension they no longer
 * justify (see {@link StrikeWithdrawal}), corrects the notifiers' record, and
 * reopens the case when the decision was to take no action. The appellant is told the outcome and
 * the reason through the platform.
 */
public final class Appeals {
    private final Database db;
    private final Clock clock;
    private final DecisionReversal reversal;
    private final ReporterReputation reputation;
    private final Cases cases;
    private final Outbox outbox;
    private final TransparencyLog log;

    public Appeals(
            Database db,
            Clock clock,
            Enforcement enforcement,
            Strikes strikes,
            ReporterReputation reputation,
            Cases cases,
            Outbox outbox,
            TransparencyLog log) {
        this.db = db;
        this.clock = clock;
        this.reversal = new DecisionReversal(strikes, enforcement);
        this.reputation = reputation;
        this.cases = cases;
        this.outbox = outbox;
        this.log = log;
    }

    /** Who lodges an appeal: the platform on behalf of a user, or a trusted flagger for itself. */
    public sealed interface Lodger {
        String actor();

        record Platform(String actor) implements Lodger {}

        record Flagger(String actor, String flaggerId) implements Lodger {}
    }

    public Appeal lodge(Lodger who, Appeal.Request r) {
        return db.write(tx -> lodge(tx, who, r));
    }

    /** Lodges an appeal in {@code tx}: within the window, by someone entitled, once per appellant. */
    public Appeal lodge(Tx tx, Lodger who, Appeal.Request r) {
        Decision d = ModerationDecisions.find(tx.handle(), r.decisionId())
                .orElseThrow(() -> new FulcrumException.NotFound("decision " + r.decisionId()));
        Instant until = ModerationDecisions.appealUntil(d.createdAt());
        if (!tx.now().isBefore(until)) {
            throw new FulcrumException.Conflict("the appeal window of decision " + d.id() + " closed at " + until
                    + " (six months after the decision)");
        }
        if (d.reversedBy().isPresent()) {
            throw new FulcrumException.Conflict("decision " + d.id() + " was already reversed");
        }
        String ref = appellant(tx.handle(), who, r, d);
        boolean pending = tx.handle()
                        .createQuery("""
                        SELECT COUNT(*) FROM appeal WHERE decision_id = :d AND appellant_ref = :ref AND status = 'open'""")
                        .bind("d", d.id())
                        .bind("ref", ref)
                        .mapTo(Integer.class)
                        .one()
                > 0;
        if (pending) {
            throw new FulcrumException.Conflict("this appellant already has an open appeal on decision " + d.id());
        }
        String id = Ids.next("apl", clock);
        String language = StatementText.language(r.language());
        tx.handle()
                .createUpdate("""
                INSERT INTO appeal (id, decision_id, appellant_role, appellant_ref, submitter, explanation, language,
                                    status, created_at)
                VALUES (:id, :d, :role, :ref, :by, :expl, :lang, 'open', :now)""")
                .bind("id", id)
                .bind("d", d.id())
                .bind("role", r.appellant().name())
                .bind("ref", ref)
                .bind("by", who.actor())
                .bind("expl", r.explanation())
                .bind("lang", language)
                .bind("now", tx.now().toEpochMilli())
                .execute();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("appealId", id);
        details.put("decisionId", d.id());
        details.put("appellant", ref);
        log.append(
                tx,
                LogEntry.of(
                        EntryKind.appeal_received,
                        tx.now(),
                        null,
                        d.category().name(),
                        "received",
                        Map.of("appellant", r.appellant().name(), "decisionOutcome", d.outcome()),
                        details,
                        ref));
        return find(tx.handle(), id).orElseThrow();
    }

    /** Checks that the lodger may appeal as {@code r.appellant()}; returns the appellant's reference. */
    private static String appellant(Handle h, Lodger who, Appeal.Request r, Decision d) {
        return switch (who) {
            case Lodger.Platform p -> {
                String account = r.accountId()
                        .orElseThrow(
                                () -> new FulcrumException.InvalidInput("accountId", "name the appellant's account"));
                boolean allowed = switch (r.appellant()) {
                    case affected_user -> affected(h, d).map(account::equals).orElse(false);
                    case notifier -> reported(h, d, "user:" + account);
                };
                if (!allowed) {
                    throw new FulcrumException.Forbidden("account " + account + " is not the "
                            + r.appellant().name().replace('_', ' ') + " of decision " + d.id());
                }
                yield account;
            }
            case Lodger.Flagger f -> {
                if (r.appellant() != Appeal.Appellant.notifier || !reported(h, d, "flagger:" + f.flaggerId())) {
                    throw new FulcrumException.Forbidden("a trusted flagger appeals only decisions on its own notices");
                }
                yield "flagger:" + f.flaggerId();
            }
        };
    }

    private static Optional<String> affected(Handle h, Decision d) {
        Optional<Subject> s = Subjects.find(h, d.subjectId());
        return s.flatMap(x -> x.kind() == SubjectKind.account ? Optional.of(x.id()) : x.authorId());
    }

    private static boolean reported(Handle h, Decision d, String reporterKey) {
        return d.caseId().isPresent()
                && h.createQuery("""
                        SELECT COUNT(*) FROM case_reporter WHERE case_id = :c AND reporter_key = :k""")
                                .bind("c", d.caseId().get())
                                .bind("k", reporterKey)
                                .mapTo(Integer.class)
                                .one()
                        > 0;
    }

    /** Claims an appeal; the reviewer who took the decision may not. */
    public Appeal claim(String actor, String appealId) {
        return db.write(tx -> {
            Appeal a =
                    find(tx.handle(), appealId).orElseThrow(() -> new FulcrumException.NotFound("appeal " + appealId));
            Decision d = ModerationDecisions.find(tx.handle(), a.decisionId()).orElseThrow();
            refuseOriginalReviewer(actor, d);
            int n = tx.handle()
                    .createUpdate("""
                    UPDATE appeal SET assigned_to = :me, claimed_at = :now
                    WHERE id = :id AND status = 'open' AND (assigned_to IS NULL OR assigned_to = :me)""")
                    .bind("me", actor)
                    .bind("now", tx.now().toEpochMilli())
                    .bind("id", appealId)
                    .execute();
            if (n == 0) {
                throw new FulcrumException.Conflict(
                        "appeal " + appealId + " is decided or claimed by another reviewer");
            }
            Audit.record(tx, actor, "appeal.claim", "appeal:" + appealId, null, null);
            return find(tx.handle(), appealId).orElseThrow();
        });
    }

    private static void refuseOriginalReviewer(String actor, Decision d) {
        if (d.decidedBy().equals(actor)) {
            throw new FulcrumException.Forbidden(
                    "an appeal is decided by a reviewer other than the one who took " + "decision " + d.id());
        }
    }

    /**
     * Reversing would restore content that matched a hash bank and the reviewer has not confirmed a
     * second look at it: a conflict (409) naming the banks and how to confirm.
     */
    static FulcrumException.Conflict secondLookNeeded(String decisionId, List<String> banks) {
        return new FulcrumException.Conflict("second look required: the content of decision " + decisionId
                + " matched the hash bank" + (banks.size() > 1 ? "s " : " ") + String.join(", ", banks)
                + ", and reversing would restore it; look at it again and, if it should be restored, decide again"
                + " with secondLook: true");
    }

    /** The hash banks whose entries matched {@code subjectId}'s content, by name. */
    public static List<String> bankMatches(Handle h, String subjectId) {
        return h.createQuery("""
                        SELECT DISTINCT detector_name FROM detection_match
                        WHERE subject_id = :s AND detector_kind = 'bank' ORDER BY detector_name""").bind("s", subjectId).mapTo(String.class).list();
    }

    public Appeal decide(String actor, String appealId, Appeal.Ruling ruling) {
        return db.write(tx -> {
            Appeal a =
                    find(tx.handle(), appealId).orElseThrow(() -> new FulcrumException.NotFound("appeal " + appealId));
            Decision d = ModerationDecisions.find(tx.handle(), a.decisionId()).orElseThrow();
            refuseOriginalReviewer(actor, d);
            if (!a.status().equals("open")) {
                throw new FulcrumException.Conflict("appeal " + appealId + " is already decided");
            }
            if (a.assignedTo().map(x -> !x.equals(actor)).orElse(false)) {
                throw new FulcrumException.Conflict("appeal " + appealId + " is claimed by another reviewer");
            }
            boolean reverse = ruling.outcome() == Appeal.Outcome.reverse;
            if (reverse) {
                List<String> banks = bankMatches(tx.handle(), d.subjectId());
                if (!banks.isEmpty() && !ruling.lookedAgain()) {
                    throw secondLookNeeded(d.id(), banks);
                }
                reverse(tx, actor, a, d, ruling.reason());
                if (!banks.isEmpty()) {
                    Audit.record(
                            tx,
                            actor,
                            "appeal.second_look",
                            appealId,
                            null,
                            "reversed after a second look at content matching " + String.join(", ", banks));
                }
            }
            long now = tx.now().toEpochMilli();
            tx.handle()
                    .createUpdate("""
                    UPDATE appeal SET status = 'decided', outcome = :o, reason = :r, decided_by = :by, decided_at = :now
                    WHERE id = :id""")
                    .bind("o", ruling.outcome().name())
                    .bind("r", ruling.reason())
                    .bind("by", actor)
                    .bind("now", now)
                    .bind("id", appealId)
                    .execute();
            if (a.appellantRef().isPresent() && !a.appellantRef().get().startsWith("flagger:")) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("kind", "appeal_decided");
                payload.put("appealId", a.id());
                payload.put("decisionId", d.id());
                payload.put("recipientId", a.appellantRef().get());
                payload.put("outcome", ruling.outcome().name());
                payload.put("language", a.language());
                payload.put("text", StatementText.appealOutcome(a.language(), reverse, ruling.reason()));
                outbox.enqueueMessage(tx, Ids.next("apd", clock), d.subjectId(), payload);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("appealId", a.id());
            details.put("decisionId", d.id());
            details.put("decidedBy", actor);
            details.put("reason", ruling.reason());
            log.append(
                    tx,
                    LogEntry.of(
                            EntryKind.appeal_decided,
                            tx.now(),
                            null,
                            d.category().name(),
                            reverse ? "reversed" : "upheld",
                            Map.of("appellant", a.appellant().name()),
                            details,
                            a.appellantRef().orElse(null)));
            Audit.record(
                    tx,
                    actor,
                    "appeal.decide",
                    "appeal:" + appealId,
                    ruling.reason(),
                    ruling.outcome().name());
            return find(tx.handle(), appealId).orElseThrow();
        });
    }

    private void reverse(Tx tx, String actor, Appeal a, Decision d, String reason) {
        Handle h = tx.handle();
        String why = StatementBody.clip("Appeal " + a.id() + " upheld: " + reason, 500);
        reversal.reverse(tx, d.id(), DecisionReversal.Cause.appeal(a.id()), why, actor);
        if (d.caseId().isPresent()) {
            Case old = Cases.find(h, d.caseId().get()).orElseThrow();
            if (d.outcome().equals("no_action")) {
                String reopened = cases.reopen(tx, d.subjectId(), old, tx.now());
                reputation.reopened(tx, old.id(), reopened);
            } else {
                reputation.reversed(tx, old.id());
            }
        }
    }

    public Optional<Appeal> find(String id) {
        return db.read(h -> find(h, id));
    }

    static Optional<Appeal> find(Handle h, String id) {
        return h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Appeals against decisions on {@code subjectId}, newest first. */
    static List<Appeal> onSubject(Handle h, String subjectId) {
        return h.createQuery(SELECT + " WHERE decision_id IN (SELECT id FROM review_decision WHERE subject_id = :s)"
                        + " ORDER BY created_at DESC, id LIMIT 100")
                .bind("s", subjectId)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Appeals against decision {@code decisionId}, newest first. */
    static List<Appeal> onDecision(Handle h, String decisionId) {
        return h.createQuery(SELECT + " WHERE decision_id = :d ORDER BY created_at DESC, id LIMIT 100")
                .bind("d", decisionId)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Appeals, open ones oldest first, then decided ones newest first. */
    /** How many appeals wait for a reviewer, as the navigation shows it. */
    public long waiting() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM appeal WHERE status = 'open'")
                .mapTo(Long.class)
                .one());
    }

    public List<Appeal> list(Optional<String> status, int limit) {
        return db.read(h -> {
            var q = h.createQuery(SELECT + (status.isPresent() ? " WHERE status = :s" : "")
                            + " ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, "
                            + "CASE WHEN status = 'open' THEN created_at ELSE -decided_at END, id LIMIT :limit")
                    .bind("limit", limit);
            status.ifPresent(s -> q.bind("s", s));
            return q.map((rs, ctx) -> map(rs)).list();
        });
    }

    private static final String SELECT = """
            SELECT id, decision_id, appellant_role, appellant_ref, explanation, language, status, assigned_to, outcome,
                   reason, decided_by, decided_at, created_at FROM appeal""";

    private static Appeal map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Appeal(
                rs.getString("id"),
                rs.getString("decision_id"),
                Appeal.Appellant.valueOf(rs.getString("appellant_role")),
                Columns.optionalString(rs, "appellant_ref"),
                rs.getString("explanation"),
                rs.getString("language"),
                rs.getString("status"),
                Columns.optionalString(rs, "assigned_to"),
                Columns.optionalString(rs, "outcome").map(Appeal.Outcome::valueOf),
                Columns.optionalString(rs, "reason"),
                Columns.optionalString(rs, "decided_by"),
                Columns.optionalInstant(rs, "decided_at"),
                Columns.instant(rs, "created_at"));
    }
}

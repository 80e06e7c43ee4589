package org.fulcrum.server.review;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.notice.ReporterReputation;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;
import org.jdbi.v3.core.Handle;

/**
 * Takes decisions: on a claimed case, or on a subject on a moderator's own initiative. In one
 * transaction the decision is recorded, its actions go through {@link Enforcement} (state, action,
 * outbox), the case closes, the notices get their outcome (and notifiers any Art. 23 measure), the
 * author gets a strike (and any measure a threshold calls for, itself a decision), the statement
 * of reasons is issued and queued for the platform, the decision is appended to the transparency
 * log and the moderator's act to the audit trail.
 */
public final class ModerationDecisions {
    /** DSA Art. 20: decisions can be appealed for at least six months. */
    public static final Period APPEAL_WINDOW = Period.ofMonths(6);

    public static final String AUTOMATION = "automation";

    private final Database db;
    private final Clock clock;
    private final Enforcement enforcement;
    private final Strikes strikes;
    private final Statements statements;
    private final ReporterReputation reputation;
    private final StrikeMeasures measures;
    private final TransparencyLog log;

    public ModerationDecisions(
            Database db,
            Clock clock,
            Enforcement enforcement,
            Strikes strikes,
            Statements statements,
            ReporterReputation reputation,
            Outbox outbox,
            TransparencyLog log) {
        this.db = db;
        this.clock = clock;
        this.enforcement = enforcement;
        this.strikes = strikes;
        this.statements = statements;
        this.reputation = reputation;
        this.log = log;
        this.measures = new StrikeMeasures(this, outbox);
    }

    /**
     * What a decision did.
     *
     * @param decision the decision
     * @param actions the actions applied
     * @param statementId the statement of reasons issued, if the decision restricts
     * @param strike what the author's strike led to, if one was given
     * @param notifierMeasures Art. 23 measures the outcome triggered against notifiers
     * @param followUps decisions a strike threshold triggered (suspensions)
     */
    public record Decided(
            Decision decision,
            List<Action> actions,
            Optional<String> statementId,
            Optional<Strikes.Result> strike,
            List<ReporterReputation.Measure> notifierMeasures,
            List<String> followUps) {}

    /** The end of the appeal window of a decision taken at {@code decidedAt}. */
    public static Instant appealUntil(Instant decidedAt) {
        return decidedAt.atZone(ZoneOffset.UTC).plus(APPEAL_WINDOW).toInstant();
    }

    /** Decides a case the moderator holds a claim on. */
    public Decided decideCase(String actor, String caseId, DecisionRequest r) {
        return db.write(tx -> decideCase(tx, actor, caseId, r));
    }

    Decided decideCase(Tx tx, String actor, String caseId, DecisionRequest r) {
        Case c = Cases.find(tx.handle(), caseId).orElseThrow(() -> new FulcrumException.NotFound("case " + caseId));
        if (!c.open()) {
            throw new FulcrumException.Conflict("case " + caseId + " is already decided");
        }
        if (!c.claim().heldBy(actor, tx.now())) {
            throw new FulcrumException.Conflict("claim case " + caseId + " before deciding it");
        }
        Subject s = Subjects.find(tx.handle(), c.subjectId()).orElseThrow();
        boolean complete = tx.handle()
                        .createQuery("""
                        SELECT COUNT(*) FROM notice n JOIN notice_item i ON i.notice_id = n.id
                        WHERE i.case_id = :c AND n.art16_complete = 1""")
                        .bind("c", caseId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
        Urgency u = c.urgency();
        return apply(tx, actor, Optional.of(c), s, r, u.source().dsaSourceType(u.lane() == 1, complete), true);
    }

    /** Decides on a subject with no open case, on the moderator's own initiative. */
    public Decided decideSubject(String actor, String subjectId, DecisionRequest r) {
        return db.write(tx -> {
            Subject s = Subjects.find(tx.handle(), subjectId)
                    .orElseThrow(() -> new FulcrumException.NotFound("subject " + subjectId));
            if (Cases.hasOpenCase(tx.handle(), subjectId)) {
                throw new FulcrumException.Conflict("subject " + subjectId + " has an open case; decide the case");
            }
            return apply(tx, actor, Optional.empty(), s, r, "SOURCE_VOLUNTARY", true);
        });
    }

    /**
     * Takes a fully automated decision on a subject (a detection match) in the caller's transaction,
     * by the same path as a moderator's: actions, statement of reasons, strike and log entry.
     */
    public Decided decideAutomatically(Tx tx, String subjectId, DecisionRequest r) {
        Subject s = Subjects.find(tx.handle(), subjectId)
                .orElseThrow(() -> new FulcrumException.NotFound("subject " + subjectId));
        return apply(tx, AUTOMATION, Optional.empty(), s, r, "SOURCE_VOLUNTARY", true);
    }

    Decided apply(
            Tx tx,
            String actor,
            Optional<Case> c,
            Subject s,
            DecisionRequest r,
            String sourceType,
            boolean givesStrike) {
        Instant now = tx.now();
        r.until().ifPresent(u -> {
            if (!u.isAfter(now)) {
                throw new InvalidInput("until", "must be in the future");
            }
        });
        List<Action.Request> requests = new ArrayList<>();
        String decisionId = Ids.next("dec", clock);
        String reason =
                StatementBody.clip((r.illegal() ? "Illegal content: " : "Terms of service: ") + r.ground(), 500);
        for (int i = 0; i < r.actions().size(); i++) {
            DecisionRequest.ActionSpec a = r.actions().get(i);
            String field = "actions[" + i + "]";
            String target = switch (a.target()) {
                case subject -> s.id();
                case author ->
                    s.kind() == SubjectKind.account
                            ? s.id()
                            : s.authorId()
                                    .orElseThrow(
                                            () -> new InvalidInput(field + ".on", "the subject has no known author"));
                case container ->
                    s.containerId()
                            .orElseThrow(
                                    () -> new InvalidInput(field + ".on", "the subject is in no channel or group"));
            };
            List<String> countries = a.countries().orElse(a.type() == ActionType.geo_restrict ? r.scope() : List.of());
            Optional<Instant> until = a.until()
                    .or(() -> a.type() == ActionType.suspend || a.type() == ActionType.preserve
                            ? r.until()
                            : Optional.empty());
            until.ifPresent(u -> {
                if (!u.isAfter(now)) {
                    throw new InvalidInput(field + ".until", "must be in the future");
                }
            });
            try {
                requests.add(new Action.Request(
                        target,
                        a.type(),
                        countries,
                        a.label(),
                        until,
                        "moderation",
                        Optional.of(decisionId),
                        reason,
                        actor));
            } catch (InvalidInput e) {
                throw new InvalidInput(field + "." + e.field(), e.getMessage());
            }
        }
        boolean restricts = requests.stream().anyMatch(q -> StatementBody.owed(q.type()));
        insert(tx, decisionId, c, s, actor, r, sourceType, now);
        List<Action> actions = new ArrayList<>();
        for (Action.Request q : requests) {
            Action a = enforcement.apply(tx, q);
            actions.add(a);
            tx.handle()
                    .createUpdate("INSERT INTO decision_action (decision_id, action_id) VALUES (:d, :a)")
                    .bind("d", decisionId)
                    .bind("a", a.id())
                    .execute();
        }
        Decision d = find(tx.handle(), decisionId).orElseThrow();
        List<ReporterReputation.Measure> notifierMeasures = List.of();
        if (c.isPresent()) {
            tx.handle()
                    .createUpdate("""
                    UPDATE review_case SET status = 'decided', decided_at = :now, decision_id = :d WHERE id = :id""")
                    .bind("now", now.toEpochMilli())
                    .bind("d", decisionId)
                    .bind("id", c.get().id())
                    .execute();
            ReporterReputation.Outcome outcome = !actions.isEmpty()
                    ? ReporterReputation.Outcome.founded
                    : r.manifestlyUnfounded()
                            ? ReporterReputation.Outcome.manifestly_unfounded
                            : ReporterReputation.Outcome.unfounded;
            notifierMeasures = reputation.decided(tx, c.get().id(), outcome);
        }
        Optional<String> account = s.kind() == SubjectKind.account ? Optional.of(s.id()) : s.authorId();
        Optional<String> statementId = Optional.empty();
        if (restricts) {
            List<Action> restricting =
                    actions.stream().filter(a -> StatementBody.owed(a.type())).toList();
            String language = StatementText.language(account.flatMap(a -> Subjects.find(tx.handle(), a))
                    .flatMap(Subject::language)
                    .or(s::language));
            statementId = Optional.of(statements
                    .issue(tx, d, s, account, restricting, language, appealUntil(now))
                    .id());
        }
        Optional<Strikes.Result> strike = Optional.empty();
        List<String> followUps = new ArrayList<>();
        if (restricts
                && givesStrike
                && account.isPresent()
                && Subjects.find(tx.handle(), account.get())
                        .map(a -> a.kind() == SubjectKind.account)
                        .orElse(false)) {
            strike = Optional.of(strikes.add(tx, account.get(), d.category(), decisionId));
            measures.apply(tx, strike.get(), d).ifPresent(followUps::add);
        }
        appendLog(tx, d, c, actions, statementId);
        Audit.record(
                tx,
                actor,
                c.isPresent() ? "case.decide" : "subject.decide",
                c.map(x -> "case:" + x.id()).orElse("subject:" + s.id()),
                r.ground(),
                decisionId + " " + d.outcome());
        return new Decided(d, actions, statementId, strike, notifierMeasures, followUps);
    }

    private void insert(
            Tx tx,
            String id,
            Optional<Case> c,
            Subject s,
            String actor,
            DecisionRequest r,
            String sourceType,
            Instant now) {
        tx.handle()
                .createUpdate("""
                INSERT INTO review_decision (id, case_id, subject_id, decided_by, outcome, ground_kind, ground,
                                             explanation, category, facts, territorial_scope, until_at,
                                             automated_detection, automated_decision, manifestly_unfounded,
                                             source_type, content_type, content_type_other, created_at)
                VALUES (:id, :case, :subject, :by, :outcome, :gk, :ground, :expl, :category, :facts, :scope, :until,
                        :ad, :adec, :mu, :st, :ct, :cto, :now)""")
                .bind("id", id)
                .bind("case", c.map(Case::id).orElse(null))
                .bind("subject", s.id())
                .bind("by", actor)
                .bind("outcome", r.actions().isEmpty() ? "no_action" : "action")
                .bind("gk", r.illegal() ? "legal" : "policy")
                .bind("ground", r.ground())
                .bind("expl", r.explanation().orElse(null))
                .bind(
                        "category",
                        r.category()
                                .orElse(c.map(k -> k.urgency().category())
                                        .orElse(org.fulcrum.server.notice.DsaCategory.OTHER_VIOLATION_TC))
                                .name())
                .bind("facts", r.facts())
                .bind("scope", String.join(",", r.scope()))
                .bind("until", r.until().map(Instant::toEpochMilli).orElse(null))
                .bind("ad", r.automatedDetection() ? 1 : 0)
                .bind("adec", r.automation().name())
                .bind("mu", r.manifestlyUnfounded() ? 1 : 0)
                .bind("st", sourceType)
                .bind(
                        "ct",
                        String.join(
                                ",",
                                r.contentType().orElse(List.of()).stream()
                                        .map(Enum::name)
                                        .toList()))
                .bind("cto", r.contentTypeOther().orElse(null))
                .bind("now", now.toEpochMilli())
                .execute();
    }

    private void appendLog(Tx tx, Decision d, Optional<Case> c, List<Action> actions, Optional<String> statementId) {
        Map<String, Object> pub = new LinkedHashMap<>();
        pub.put("actions", actions.stream().map(a -> a.type().name()).toList());
        pub.put("groundKind", d.groundKind());
        pub.put("sourceType", d.sourceType());
        pub.put("automatedDetection", d.automatedDetection());
        pub.put("automatedDecision", d.automatedDecision().name());
        pub.put("territorialScope", d.territorialScope().isEmpty() ? "global" : "restricted");
        pub.put("manifestlyUnfounded", d.manifestlyUnfounded());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decisionId", d.id());
        c.ifPresent(x -> details.put("caseId", x.id()));
        details.put("subjectId", d.subjectId());
        details.put("decidedBy", d.decidedBy());
        details.put("ground", d.ground());
        details.put("actionIds", actions.stream().map(Action::id).toList());
        statementId.ifPresent(sid -> details.put("statementId", sid));
        log.append(
                tx,
                LogEntry.of(
                        EntryKind.moderation_decision,
                        d.createdAt(),
                        d.territorialScope().size() == 1 ? d.territorialScope().getFirst() : null,
                        d.category().name(),
                        d.outcome().equals("action") ? "restricted" : "no_action",
                        pub,
                        details,
                        d.subjectId()));
    }

    public Optional<Decision> find(String id) {
        return db.read(h -> find(h, id));
    }

    public static Optional<Decision> find(Handle h, String id) {
        return h.createQuery("SELECT " + Decision.COLUMNS + " FROM review_decision WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> Decision.map(rs))
                .findOne();
    }

    /** The ids of the actions a decision applied. */
    public static List<String> actionIds(Handle h, String decisionId) {
        return h.createQuery("SELECT action_id FROM decision_action WHERE decision_id = :d ORDER BY action_id")
                .bind("d", decisionId)
                .mapTo(String.class)
                .list();
    }
}

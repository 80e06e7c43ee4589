package org.fulcrum.server.lawful.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.request.LawfulLog;
import org.fulcrum.server.lawful.request.LawfulMetrics;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.RequestStatus;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.lawful.request.Verification;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.policy.Evaluation;
import org.fulcrum.server.policy.Facts;
import org.fulcrum.server.policy.Measure;
import org.fulcrum.server.policy.MeasureKind;
import org.fulcrum.server.policy.Need;
import org.fulcrum.server.policy.Outcome;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Decides requests: evaluates them against the policy in force, stores the facts, outcome and
 * trace with the policy version, logs the decision, and acts on it (executes within the caps,
 * holds for review, opens a disclosure, asks for clarification). Also executes measures a person
 * approved, and records a reviewer's refusal.
 */
public final class Decisions {
    /** Clocks this short (a TCO order's hour) cannot wait in line behind anything. */
    static final Duration ONE_HOUR = Duration.ofHours(1);

    private final Policies policies;
    private final LawfulLog log;
    private final Caps caps;
    private final Execution execution;
    private final Disclosures disclosures;
    private final LawfulMetrics metrics;
    private final Json json;

    public Decisions(
            Policies policies,
            LawfulLog log,
            Caps caps,
            Execution execution,
            Disclosures disclosures,
            LawfulMetrics metrics,
            Json json) {
        this.policies = policies;
        this.json = json;
        this.log = log;
        this.caps = caps;
        this.execution = execution;
        this.disclosures = disclosures;
        this.metrics = metrics;
    }

    /** A decision as stored. */
    public record Stored(
            String id,
            String outcome,
            Optional<String> principle,
            String policyVersion,
            Facts facts,
            Evaluation evaluation,
            String explanation,
            String decidedBy,
            Instant decidedAt) {}

    /** What deciding did. */
    public record Result(
            String decisionId,
            Evaluation evaluation,
            RequestStatus status,
            List<Action> actions,
            Optional<String> held) {}

    public Result decide(Tx tx, LawfulRequest r, String decidedBy) {
        Facts facts = RequestFacts.build(tx.handle(), r, policies.current());
        Evaluation ev = policies.evaluate(facts);
        String id = store(tx, r, facts, ev, decidedBy);
        Approvals.clear(tx, "execution:" + r.id());
        log.decided(tx, r, id, ev.outcome().name(), ev.principle(), decidedBy);
        List<Action> actions = List.of();
        Optional<String> held = Optional.empty();
        RequestStatus status = switch (ev.outcome()) {
            case Outcome.Refuse refuse -> RequestStatus.refused;
            case Outcome.Clarify clarify -> {
                clarify.questions().forEach(q -> Clarifications.ask(tx, r.id(), q, "policy"));
                yield RequestStatus.awaiting_clarification;
            }
            case Outcome.Escalate escalate ->
                escalate.needs().contains(Need.callback) ? RequestStatus.awaiting_callback : RequestStatus.in_review;
            case Outcome.Comply comply -> null;
            case Outcome.ComplyInPart part -> null;
        };
        if (status == null) {
            List<Measure> measures = measures(ev.outcome());
            List<Measure> enforce = enforcement(measures);
            List<Measure> disclose = measures.stream()
                    .filter(m -> m.kind() == MeasureKind.disclose)
                    .toList();
            if (!disclose.isEmpty()) {
                disclosures.open(tx, r, disclose);
            }
            if (!enforce.isEmpty() && !executed(tx.handle(), r.id())) {
                held = ProcessGate.blocked(tx.handle(), r, ev, ProcessGate.Path.enforcement)
                        .or(() -> caps.holdReason(tx, r, ev, enforce));
                if (held.isEmpty()) {
                    actions = execution.execute(tx, r, enforce, "automation");
                    Requests.autoExecuted(tx.handle(), r.id());
                } else if (onShortClock(r)) {
                    alertHeld(tx, r, held.get());
                }
            }
            status = settle(tx, r, ev, held.isPresent());
            if (held.isEmpty() && !disclose.isEmpty()) {
                // shown to reviewers with the decision: why the disclosure cannot be approved yet
                held = ProcessGate.blocked(tx.handle(), r, ev, ProcessGate.Path.disclosure);
            }
        }
        Requests.status(tx.handle(), r.id(), status, tx.now());
        Audit.record(
                tx,
                decidedBy,
                "request.decide",
                "request:" + r.id(),
                held.orElse(null),
                "outcome " + ev.outcome().name().replace('_', ' ') + ", request "
                        + status.name().replace('_', ' ')
                        + (actions.isEmpty()
                                ? ""
                                : ", " + actions.size() + (actions.size() == 1 ? " action" : " actions")));
        return new Result(id, ev, status, actions, held);
    }

    /**
     * Whatever adds review to an order on a one-hour clock raises an alert at once and puts the order
     * on top of the legal queue (alerted requests come first), so the hour is met by a person.
     */
    private void alertHeld(Tx tx, LawfulRequest r, String why) {
        int raised = tx.handle()
                .createUpdate("UPDATE lawful_request SET alerted_at = :now WHERE id = :id " + "AND alerted_at IS NULL")
                .bind("now", tx.now().toEpochMilli())
                .bind("id", r.id())
                .execute();
        if (raised > 0) {
            Audit.record(
                    tx,
                    "system",
                    "clock.alert",
                    "request:" + r.id(),
                    "held for review on a one-hour clock: " + why,
                    r.instrument().name());
            tx.afterCommit(metrics::alert);
        }
    }

    /** Executes held measures once enough distinct legal staff approved (one, or the tier's number). */
    public Result execute(Tx tx, LawfulRequest r, Principal.Staff staff, String reason) {
        if (!r.state().status().open()) {
            throw new FulcrumException.Conflict(
                    "request " + r.id() + " is " + r.state().status());
        }
        Stored d = latest(tx.handle(), json, r.id())
                .orElseThrow(() -> new FulcrumException.Conflict("request is not decided"));
        List<Measure> enforce = enforcement(measures(d.evaluation().outcome()));
        if (enforce.isEmpty()) {
            throw new FulcrumException.Conflict("the latest decision (" + d.outcome() + ") has nothing to execute");
        }
        if (executed(tx.handle(), r.id())) {
            throw new FulcrumException.Conflict("the measures of request " + r.id() + " were already executed");
        }
        Optional<String> blocked = ProcessGate.blocked(tx.handle(), r, d.evaluation(), ProcessGate.Path.enforcement);
        if (blocked.isPresent()) {
            throw new FulcrumException.Conflict(blocked.get());
        }
        int approvers = Approvals.approve(
                tx,
                staff,
                "execution:" + r.id(),
                reason,
                ProcessGate.approvalsCountFrom(tx.handle(), r, d.evaluation()));
        List<Action> actions = List.of();
        Optional<String> held = Optional.empty();
        if (approvers >= d.evaluation().process().approvals()) {
            actions = execution.execute(tx, r, enforce, staff.actor());
        } else {
            held = Optional.of(approvers + " of " + d.evaluation().process().approvals() + " approvals");
        }
        RequestStatus status =
                held.isPresent() ? RequestStatus.awaiting_approval : settle(tx, r, d.evaluation(), false);
        Requests.status(tx.handle(), r.id(), status, tx.now());
        return new Result(d.id(), d.evaluation(), status, actions, held);
    }

    /** Records a refusal by a person (a forged request, a call-back that failed, an invalid order). */
    public void refuseByReviewer(Tx tx, LawfulRequest r, String actor, String reason) {
        Facts facts = RequestFacts.build(tx.handle(), r, policies.current());
        Evaluation base = policies.evaluate(facts);
        Evaluation ev = new Evaluation(
                base.policyVersion(),
                new Outcome.Refuse("legal-review", "reviewer", reason),
                base.trace(),
                base.explanation() + "\nRefused by legal review: " + reason,
                Optional.empty(),
                base.tier(),
                base.process(),
                base.entity());
        String id = store(tx, r, facts, ev, actor);
        log.decided(tx, r, id, "refuse", Optional.empty(), actor);
        Requests.status(tx.handle(), r.id(), RequestStatus.refused, tx.now());
        Audit.record(tx, actor, "request.refuse", "request:" + r.id(), reason, null);
    }

    /** Where a complied request stands: waiting for call-back, approvals or review, or done. */
    public RequestStatus settle(Tx tx, LawfulRequest r, Evaluation ev, boolean enforcementHeld) {
        boolean needsCallback =
                ProcessGate.needsCallback(r, ev) && r.state().verification() != Verification.callback_confirmed;
        boolean disclosurePending = Disclosures.pending(tx.handle(), r.id()).isPresent();
        if ((enforcementHeld || disclosurePending) && needsCallback) {
            return RequestStatus.awaiting_callback;
        }
        if (enforcementHeld) {
            return ev.process().approvals() > 1 ? RequestStatus.awaiting_approval : RequestStatus.in_review;
        }
        if (disclosurePending) {
            // a disclosure still missing a reviewer's finding is escalated, not waiting for approvers
            return ProcessGate.blocked(tx.handle(), r, ev, ProcessGate.Path.disclosure)
                            .isPresent()
                    ? RequestStatus.in_review
                    : RequestStatus.awaiting_approval;
        }
        return RequestStatus.completed;
    }

    public static List<Measure> measures(Outcome o) {
        return switch (o) {
            case Outcome.Comply c -> c.measures();
            case Outcome.ComplyInPart p -> p.measures();
            case Outcome.Refuse r -> List.of();
            case Outcome.Clarify c -> List.of();
            case Outcome.Escalate e -> List.of();
        };
    }

    public static List<Measure> enforcement(List<Measure> measures) {
        return measures.stream()
                .filter(m -> m.kind() != MeasureKind.disclose && m.kind() != MeasureKind.none)
                .toList();
    }

    public static boolean executed(Handle h, String requestId) {
        return h.createQuery("SELECT COUNT(*) FROM enforcement_action WHERE origin = 'lawful' AND origin_ref = :r")
                        .bind("r", requestId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    private String store(Tx tx, LawfulRequest r, Facts facts, Evaluation ev, String by) {
        String id = Ids.next("ld", tx.clock());
        tx.handle()
                .createUpdate("""
                INSERT INTO lawful_decision (id, request_id, outcome, principle, policy_version, facts, result, trace,
                                             explanation, decided_by, decided_at)
                VALUES (:id, :r, :o, :p, :v, :facts, :result, :trace, :e, :by, :at)""")
                .bind("id", id)
                .bind("r", r.id())
                .bind("o", ev.outcome().name())
                .bind("p", ev.principle().orElse(null))
                .bind("v", ev.policyVersion())
                .bind("facts", json.write(facts))
                .bind("result", json.write(ev))
                .bind("trace", json.write(ev.trace()))
                .bind("e", ev.explanation())
                .bind("by", by)
                .bind("at", tx.now().toEpochMilli())
                .execute();
        return id;
    }

    /** The latest decision on {@code requestId}, its facts and result read with {@code json}. */
    public static Optional<Stored> latest(Handle h, Json json, String requestId) {
        return h.createQuery(SELECT + " WHERE request_id = :r ORDER BY decided_at DESC, id DESC LIMIT 1")
                .bind("r", requestId)
                .map(stored(json))
                .findOne();
    }

    /** Every decision on {@code requestId}, oldest first, read with {@code json}. */
    public static List<Stored> all(Handle h, Json json, String requestId) {
        return h.createQuery(SELECT + " WHERE request_id = :r ORDER BY decided_at, id")
                .bind("r", requestId)
                .map(stored(json))
                .list();
    }

    /** Decision {@code decisionId}, read with {@code json}. */
    public static Optional<Stored> find(Handle h, Json json, String decisionId) {
        return h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", decisionId)
                .map(stored(json))
                .findOne();
    }

    /** Whether the request's instrument gives it an hour or less. */
    private static boolean onShortClock(LawfulRequest r) {
        return r.instrument().clock(r.submission(), r.clock().receivedAt()).compareTo(ONE_HOUR) <= 0;
    }

    private static final String SELECT = """
            SELECT id, outcome, principle, policy_version, facts, result, explanation, decided_by, decided_at
            FROM lawful_decision""";

    private static RowMapper<Stored> stored(Json json) {
        return (rs, ctx) -> {
            try {
                return new Stored(
                        rs.getString("id"),
                        rs.getString("outcome"),
                        Columns.optionalString(rs, "principle"),
                        rs.getString("policy_version"),
                        json.read(rs.getString("facts"), Facts.class),
                        json.read(rs.getString("result"), Evaluation.class),
                        rs.getString("explanation"),
                        rs.getString("decided_by"),
                        Columns.instant(rs, "decided_at"));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a stored decision is unreadable", e);
            }
        };
    }
}

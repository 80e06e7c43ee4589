package org.fulcrum.server.platform;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;

/**
 * The one enforcement path. Moderation decisions, executed orders and detection matches all come
 * here, inside their own transaction: the subject's state changes, the action is recorded, and the
 * outbox entry that tells the platform is written, all or nothing.
 */
public final class Enforcement {
    private final Outbox outbox;
    private final Clock clock;
    private final List<ActionListener> listeners;
    private final Json json;

    /** The outbox this enforcement writes to, for messages that travel with its actions. */
    public Outbox outbox() {
        return outbox;
    }

    /** An enforcement path that tells no one of its actions beyond the outbox. */
    public Enforcement(Outbox outbox, Clock clock, Json json) {
        this(outbox, clock, json, List.of());
    }

    /** An enforcement path that tells {@code listeners}, in order, of every action it applies. */
    public Enforcement(Outbox outbox, Clock clock, Json json, List<ActionListener> listeners) {
        this.json = json;
        this.outbox = outbox;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /** Told of every action inside its transaction (the transparency log appends here). */
    public interface ActionListener {
        void applied(Tx tx, Action action, Subject before, EnforcementState after);
    }

    /** Applies {@code request} in {@code tx}; the subject must be known. */
    public Action apply(Tx tx, Action.Request request) {
        Subject subject = Subjects.find(tx.handle(), request.subjectId())
                .orElseThrow(() -> new FulcrumException.NotFound("subject " + request.subjectId()));
        check(subject, request.type());
        EnforcementState next = next(subject.state(), request);
        Action action = new Action(
                Ids.next("act", clock),
                subject.id(),
                request.type(),
                request.countries(),
                request.label(),
                request.until(),
                request.origin(),
                request.originRef(),
                request.reason(),
                request.actor(),
                Optional.empty(),
                tx.now());
        record(tx, action, subject, next);
        return action;
    }

    /** Reverses an earlier action with its reversal type; the reversal is itself an action. */
    public Action reverse(
            Tx tx, String actionId, String origin, Optional<String> originRef, String reason, String actor) {
        Action original = find(tx, actionId).orElseThrow(() -> new FulcrumException.NotFound("action " + actionId));
        ActionType reversal = original.type().reversal();
        if (reversal == null) {
            throw new FulcrumException.Conflict("action " + actionId + " is itself a reversal");
        }
        boolean alreadyReversed = tx.handle()
                        .createQuery("SELECT COUNT(*) FROM enforcement_action WHERE reverses = :id")
                        .bind("id", actionId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
        if (alreadyReversed) {
            throw new FulcrumException.Conflict("action " + actionId + " was already reversed");
        }
        Subject subject = Subjects.find(tx.handle(), original.subjectId()).orElseThrow();
        Action.Request request = new Action.Request(
                original.subjectId(),
                reversal,
                original.countries(),
                original.label(),
                Optional.empty(),
                origin,
                originRef,
                reason,
                actor);
        EnforcementState next = next(subject.state(), request);
        Action action = new Action(
                Ids.next("act", clock),
                subject.id(),
                reversal,
                original.countries(),
                original.label(),
                Optional.empty(),
                origin,
                originRef,
                reason,
                actor,
                Optional.of(actionId),
                tx.now());
        record(tx, action, subject, next);
        return action;
    }

    private void record(Tx tx, Action action, Subject before, EnforcementState next) {
        Subjects.writeState(tx.handle(), before.id(), next, tx.now().toEpochMilli());
        tx.handle()
                .createUpdate("""
                INSERT INTO enforcement_action (id, subject_id, type, params, origin, origin_ref, reason, actor,
                                                reverses, created_at)
                VALUES (:id, :subject, :type, :params, :origin, :ref, :reason, :actor, :reverses, :at)""")
                .bind("id", action.id())
                .bind("subject", action.subjectId())
                .bind("type", action.type().name())
                .bind(
                        "params",
                        json.write(new Params(
                                action.countries(),
                                action.label(),
                                action.until().map(Object::toString))))
                .bind("origin", action.origin())
                .bind("ref", action.originRef().orElse(null))
                .bind("reason", action.reason())
                .bind("actor", action.actor())
                .bind("reverses", action.reverses().orElse(null))
                .bind("at", action.at().toEpochMilli())
                .execute();
        outbox.enqueue(tx, action, next);
        for (ActionListener l : listeners) {
            l.applied(tx, action, before, next);
        }
    }

    private record Params(List<String> countries, Optional<String> label, Optional<String> until) {}

    public Optional<Action> find(Tx tx, String actionId) {
        return tx.handle().createQuery("""
                        SELECT id, subject_id, type, params, origin, origin_ref, reason, actor, reverses, created_at
                        FROM enforcement_action WHERE id = :id""").bind("id", actionId).map(rows(json)).findOne();
    }

    /** The actions a decision, order or match caused ({@code origin}, {@code originRef}), oldest first. */
    public static List<Action> caused(org.jdbi.v3.core.Handle h, Json json, String origin, String originRef) {
        return h.createQuery("""
                        SELECT id, subject_id, type, params, origin, origin_ref, reason, actor, reverses, created_at
                        FROM enforcement_action WHERE origin = :origin AND origin_ref = :ref ORDER BY created_at, id""")
                .bind("origin", origin)
                .bind("ref", originRef)
                .map(rows(json))
                .list();
    }

    private static org.jdbi.v3.core.mapper.RowMapper<Action> rows(Json json) {
        return (rs, ctx) -> {
            Params p = readParams(json, rs.getString("params"));
            return new Action(
                    rs.getString("id"),
                    rs.getString("subject_id"),
                    ActionType.valueOf(rs.getString("type")),
                    p.countries(),
                    p.label(),
                    p.until().map(java.time.Instant::parse),
                    rs.getString("origin"),
                    Columns.optionalString(rs, "origin_ref"),
                    rs.getString("reason"),
                    rs.getString("actor"),
                    Columns.optionalString(rs, "reverses"),
                    Columns.instant(rs, "created_at"));
        };
    }

    private static Params readParams(Json json, String stored) {
        try {
            return json.read(stored, Params.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored action parameters are unreadable", e);
        }
    }

    private static void check(Subject subject, ActionType type) {
        boolean accountOnly = switch (type) {
            case suspend, terminate, unsuspend, reinstate -> true;
            default -> false;
        };
        if (accountOnly && subject.kind() != SubjectKind.account) {
            throw new FulcrumException.InvalidInput("type", type + " applies to accounts, not " + subject.kind());
        }
        if ((type == ActionType.block || type == ActionType.unblock)
                && !subject.kind().isContainer()) {
            throw new FulcrumException.InvalidInput(
                    "type", type + " applies to channels and groups, not " + subject.kind());
        }
    }

    static EnforcementState next(EnforcementState s, Action.Request r) {
        SortedSet<String> countries = new TreeSet<>(s.restrictedCountries());
        SortedSet<String> labels = new TreeSet<>(s.labels());
        var vis = s.visibility();
        var demoted = s.demoted();
        var status = s.accountStatus();
        var suspendedUntil = s.suspendedUntil();
        var holdUntil = s.holdUntil();
        switch (r.type()) {
            case remove -> vis = EnforcementState.Visibility.removed;
            case disable -> vis = EnforcementState.Visibility.disabled;
            case block -> vis = EnforcementState.Visibility.blocked;
            case restore, unblock -> vis = EnforcementState.Visibility.visible;
            case geo_restrict -> countries.addAll(r.countries());
            case lift_geo_restriction -> countries.removeAll(r.countries());
            case label -> labels.add(r.label().orElseThrow());
            case unlabel -> labels.remove(r.label().orElseThrow());
            case demote -> demoted = true;
            case undemote -> demoted = false;
            case suspend -> {
                status = EnforcementState.AccountStatus.suspended;
                suspendedUntil = r.until();
            }
            case unsuspend, reinstate -> {
                status = EnforcementState.AccountStatus.active;
                suspendedUntil = Optional.empty();
            }
            case terminate -> {
                status = EnforcementState.AccountStatus.terminated;
                suspendedUntil = Optional.empty();
            }
            case preserve -> holdUntil = later(holdUntil, r.until());
            case release_hold -> holdUntil = Optional.empty();
        }
        return new EnforcementState(vis, countries, labels, demoted, status, suspendedUntil, holdUntil);
    }

    private static Optional<java.time.Instant> later(Optional<java.time.Instant> a, Optional<java.time.Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isAfter(b.get()) ? a : b;
    }
}

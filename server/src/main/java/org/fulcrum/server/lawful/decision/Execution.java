package org.fulcrum.server.lawful.decision;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.lawful.request.ContentOrder;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.policy.Measure;
import org.fulcrum.server.store.Tx;

/**
 * Executes the enforcement measures policy allowed through the one enforcement path, in the
 * caller's transaction: state, action record and outbox entry together. A removal under an
 * instrument with a preservation period (a TCO order: 6 months) also puts the content under legal hold.
 */
public final class Execution {
    private final Enforcement enforcement;

    public Execution(Enforcement enforcement) {
        this.enforcement = enforcement;
    }

    List<Action> execute(Tx tx, LawfulRequest r, List<Measure> measures, String actor) {
        List<Action> actions = new ArrayList<>();
        String reason = r.instrument().title() + ", ref. " + r.reference() + " (" + r.jurisdiction() + ")";
        Instant now = tx.now();
        for (Measure m : measures) {
            switch (m.kind()) {
                case remove -> {
                    actions.add(
                            apply(tx, r, m.target(), ActionType.remove, List.of(), Optional.empty(), reason, actor));
                    r.instrument()
                            .preservation()
                            .ifPresent(p -> actions.add(apply(
                                    tx,
                                    r,
                                    m.target(),
                                    ActionType.preserve,
                                    List.of(),
                                    Optional.of(plus(now, p)),
                                    reason + ": removed content preserved",
                                    actor)));
                }
                case geo_restrict ->
                    actions.add(apply(
                            tx,
                            r,
                            m.target(),
                            ActionType.geo_restrict,
                            m.countries(),
                            Optional.empty(),
                            reason,
                            actor));
                case block ->
                    actions.add(apply(tx, r, m.target(), ActionType.block, List.of(), Optional.empty(), reason, actor));
                case suspend ->
                    actions.add(apply(
                            tx,
                            r,
                            m.target(),
                            ActionType.suspend,
                            List.of(),
                            Optional.of(suspendUntil(r).orElse(plus(now, Period.ofDays(30)))),
                            reason,
                            actor));
                case preserve ->
                    actions.add(apply(
                            tx,
                            r,
                            m.target(),
                            ActionType.preserve,
                            List.of(),
                            Optional.of(plus(now, r.instrument().preservation().orElse(Period.ofDays(90)))),
                            reason,
                            actor));
                case disclose, none -> {
                    // disclosures go through four-eyes approval, not the enforcement path
                }
            }
        }
        return actions;
    }

    private Action apply(
            Tx tx,
            LawfulRequest r,
            String subject,
            ActionType type,
            List<String> countries,
            Optional<Instant> until,
            String reason,
            String actor) {
        return enforcement.apply(
                tx,
                new Action.Request(
                        subject,
                        type,
                        countries,
                        Optional.empty(),
                        until,
                        "lawful",
                        Optional.of(r.id()),
                        reason,
                        actor));
    }

    static Instant plus(Instant t, Period p) {
        return t.atZone(ZoneOffset.UTC).plus(p).toInstant();
    }

    /** The end of a suspension a content order asks for; only content orders suspend. */
    private static Optional<Instant> suspendUntil(LawfulRequest r) {
        return r.submission() instanceof ContentOrder order ? order.suspendUntil() : Optional.empty();
    }
}

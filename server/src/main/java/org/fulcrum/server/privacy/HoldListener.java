package org.fulcrum.server.privacy;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.platform.EnforcementState;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.store.Tx;

/**
 * Records a legal hold for every preserve action of the enforcement path (a preservation order, the
 * preservation a TCO removal order brings, a moderation decision), in the action's transaction, with
 * who placed it, why, from what and until when, and captures its evidence; a release_hold action
 * releases the hold it reverses, or every hold on the subject. Holds placed by staff through
 * {@link Holds} write their own records. The enforcement path is built with it.
 */
public final class HoldListener implements Enforcement.ActionListener {
    private final Clock clock;
    private final Json json;

    public HoldListener(Clock clock, Json json) {
        this.clock = clock;
        this.json = json;
    }

    @Override
    public void applied(Tx tx, Action action, Subject before, EnforcementState after) {
        if (action.origin().equals(Holds.ORIGIN)) {
            return;
        }
        if (action.type() == ActionType.preserve) {
            placed(tx, action);
        } else if (action.type() == ActionType.release_hold) {
            released(tx, action);
        }
    }

    private void placed(Tx tx, Action action) {
        Hold.Source source = Hold.Source.ofOrigin(action.origin());
        Optional<String> instrument = source == Hold.Source.order
                ? action.originRef()
                        .flatMap(ref -> tx.handle()
                                .createQuery("SELECT instrument FROM lawful_request WHERE id = :id")
                                .bind("id", ref)
                                .mapTo(String.class)
                                .findOne())
                : Optional.empty();
        String id = Ids.next("lh", clock);
        HoldStore.insert(
                tx,
                id,
                action.subjectId(),
                source,
                action.originRef(),
                Optional.of(action.id()),
                instrument,
                action.reason(),
                action.actor(),
                action.until().orElseThrow());
        Evidence.capture(tx, clock, json, id, action.subjectId());
    }

    private void released(Tx tx, Action action) {
        List<String> ids = action.reverses()
                .map(reversed -> tx.handle()
                        .createQuery("""
                                SELECT id FROM legal_hold WHERE action_id = :a AND released_at IS NULL""")
                        .bind("a", reversed)
                        .mapTo(String.class)
                        .list())
                .orElseGet(() -> HoldStore.active(tx.handle(), action.subjectId(), tx.now()).stream()
                        .map(Hold::id)
                        .toList());
        for (String id : ids) {
            HoldStore.release(tx, id, action.actor(), action.reason());
        }
    }
}

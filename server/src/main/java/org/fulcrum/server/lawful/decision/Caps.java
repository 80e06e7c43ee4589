package org.fulcrum.server.lawful.decision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.lawful.request.Flags;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.LawfulSettings;
import org.fulcrum.server.lawful.request.Verification;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.policy.Evaluation;
import org.fulcrum.server.policy.Measure;
import org.fulcrum.server.policy.MeasureKind;
import org.fulcrum.server.store.Tx;

/**
 * The automatic-execution caps (SPEC 2.5): an order is executed without a person only when it
 * came signed or through the portal from a verified officer, the jurisdiction's tier allows it,
 * no anomaly blocks it, its issuer is below the hourly volume, and every item is below the reach
 * limit. Otherwise a person reviews it within its deadline. Says why when it holds an order.
 */
public final class Caps {
    /** Anomaly flags that stop automatic execution. */
    static final List<String> BLOCKING_FLAGS = List.of(Flags.UNUSUAL_VOLUME, Flags.LOW_REPUTATION);

    /**
     * Measures executed automatically even for a new officer or key: they run against a clock (a TCO
     * order's hour) or keep data without disclosing it; each such request is marked on the legal queue.
     */
    static final Set<MeasureKind> RUN_FOR_NEW_SENDERS =
            EnumSet.of(MeasureKind.remove, MeasureKind.geo_restrict, MeasureKind.preserve);

    private final LawfulSettings settings;

    public Caps(LawfulSettings settings) {
        this.settings = settings;
    }

    /** Whether the request came from an officer or a key still new (see {@code registry.Anomalies}). */
    static boolean newSender(LawfulRequest r) {
        return r.state().flags().contains(Flags.NEW_OFFICER)
                || r.state().flags().contains(Flags.NEW_KEY);
    }

    /** Why the measures must wait for a person, or empty when they may be executed now. */
    Optional<String> holdReason(Tx tx, LawfulRequest r, Evaluation ev, List<Measure> measures) {
        if (r.lane() == Lane.manual) {
            return Optional.of("requests entered by staff are never executed automatically");
        }
        if (!r.state().verification().trusted()) {
            return Optional.of("the sender's onboarding is not verified");
        }
        if (ev.process().humanReview()) {
            return Optional.of(
                    "the safeguards tier of " + r.jurisdiction() + " (" + ev.tier() + ") requires human review");
        }
        if (ev.process().callback() && r.state().verification() != Verification.callback_confirmed) {
            return Optional.of("the safeguards tier of " + r.jurisdiction() + " requires call-back verification");
        }
        if (ev.process().approvals() > 1) {
            return Optional.of("the safeguards tier of " + r.jurisdiction() + " requires "
                    + ev.process().approvals() + " approvals");
        }
        long since = tx.now().minus(Duration.ofHours(1)).toEpochMilli();
        int executed = tx.handle()
                .createQuery("""
                        SELECT COUNT(*) FROM lawful_request
                        WHERE agency_id = :a AND auto_executed = 1 AND received_at > :since""")
                .bind("a", r.parties().agencyId().orElse(""))
                .bind("since", since)
                .mapTo(Integer.class)
                .one();
        if (executed >= settings.volumePerIssuerPerHour()) {
            return Optional.of("the issuing agency reached " + settings.volumePerIssuerPerHour()
                    + " automatic executions in the last hour");
        }
        List<String> blocking = new ArrayList<>(r.state().flags());
        blocking.retainAll(BLOCKING_FLAGS);
        if (!blocking.isEmpty()) {
            return Optional.of("anomalies: " + String.join(", ", blocking));
        }
        if (newSender(r) && measures.stream().anyMatch(m -> !RUN_FOR_NEW_SENDERS.contains(m.kind()))) {
            return Optional.of(
                    "a new officer or a new key: its first requests are looked at by a person before "
                            + "blocking or suspending anything (removals, restrictions and preservations on a clock still run)");
        }
        for (Measure m : measures) {
            Optional<Subject> subject = Subjects.find(tx.handle(), m.target());
            long reach = subject.map(Subject::audience).orElse(0L);
            if (reach > settings.reachLimit()) {
                return Optional.of("item " + m.target() + " reaches " + reach + ", above the automatic limit of "
                        + settings.reachLimit());
            }
        }
        return Optional.empty();
    }
}

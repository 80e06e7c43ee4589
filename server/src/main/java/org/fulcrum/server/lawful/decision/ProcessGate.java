package org.fulcrum.server.lawful.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.RequestStatus;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.lawful.request.Verification;
import org.fulcrum.server.policy.Evaluation;
import org.fulcrum.server.policy.Finding;
import org.fulcrum.server.policy.Findings;
import org.jdbi.v3.core.Handle;

/**
 * The one gate every execution path passes (automatic execution, a reviewer's execution of
 * removals, restrictions, suspensions and preservations, and each disclosure approval): the
 * process the jurisdiction's tier, the lane and an emergency set must be complete before anything
 * is executed. A request its authority withdrew is never executed. A required call-back must have confirmed the request; no question to the authority
 * may be open; a disclosure to a jurisdiction whose tier asks for it needs a reviewer's recorded
 * finding that the case is not political persecution. Approvals count only from the moment the
 * request last became what is approved (the call-back that confirmed it, the authority's latest
 * answer), so an approval given before either must be given again.
 */
public final class ProcessGate {
    private ProcessGate() {}

    /** What is about to be executed. */
    public enum Path {
        enforcement,
        disclosure
    }

    /** Whether the request must be confirmed by call-back through a contact on file before it executes. */
    static boolean needsCallback(LawfulRequest r, Evaluation ev) {
        return r.lane() == Lane.manual || r.state().emergency() || ev.process().callback();
    }

    /** Why {@code path} may not execute now, or empty when the process is complete. */
    public static Optional<String> blocked(Handle h, LawfulRequest r, Evaluation ev, Path path) {
        // read afresh: the row in hand may predate a withdrawal committed since
        RequestStatus now = Requests.currentStatus(h, r.id()).orElse(r.state().status());
        if (now == RequestStatus.withdrawn) {
            return Optional.of(Withdrawals.WORDING + "; nothing is executed");
        }
        if (r.state().verification() == Verification.callback_failed) {
            return Optional.of("the call-back did not confirm this request; nothing is executed");
        }
        if (needsCallback(r, ev) && r.state().verification() != Verification.callback_confirmed) {
            return Optional.of("this request must be verified by call-back through a contact on file before "
                    + (path == Path.disclosure ? "anything is disclosed" : "it is executed") + " ("
                    + why(r, ev) + ")");
        }
        if (Clarifications.of(h, r.id()).stream().anyMatch(c -> c.answeredAt().isEmpty())) {
            return Optional.of("a question to the authority is open; nothing is executed until it answers");
        }
        if (path == Path.disclosure && ev.process().persecutionFinding()) {
            List<String> missing = missingFindings(h, r);
            if (!missing.isEmpty()) {
                return Optional.of("the safeguards tier of " + r.jurisdiction() + " (" + ev.tier() + ") needs a "
                        + "reviewer's recorded finding, for this request, that the conduct is a crime the principles "
                        + "recognise and that the target is not a journalist, activist or political opponent "
                        + "(finding \"none\"): missing for " + missing);
            }
        }
        return Optional.empty();
    }

    /** The accounts of a disclosure without a finding of "none" recorded for this very request as their latest. */
    static List<String> missingFindings(Handle h, LawfulRequest r) {
        List<String> missing = new ArrayList<>();
        for (String account : r.submission().accounts()) {
            boolean found = Findings.latest(h, account)
                    .filter(f -> f.finding() == Finding.none
                            && f.requestId().map(r.id()::equals).orElse(false))
                    .isPresent();
            if (!found) {
                missing.add(account);
            }
        }
        return missing;
    }

    /**
     * From when approvals of the request count: the confirming call-back when one is needed, and the
     * authority's latest answer to a clarification, whichever is later.
     */
    public static Instant approvalsCountFrom(Handle h, LawfulRequest r, Evaluation ev) {
        Instant from = Instant.EPOCH;
        if (needsCallback(r, ev)) {
            for (Callbacks.Callback c : Callbacks.of(h, r.id())) {
                if (c.confirmed() && c.at().isAfter(from)) {
                    from = c.at();
                }
            }
        }
        for (Clarifications.Clarification c : Clarifications.of(h, r.id())) {
            if (c.answeredAt().isPresent() && c.answeredAt().get().isAfter(from)) {
                from = c.answeredAt().get();
            }
        }
        return from;
    }

    private static String why(LawfulRequest r, Evaluation ev) {
        if (r.lane() == Lane.manual) {
            return "entered by staff";
        }
        if (r.state().emergency()) {
            return "an emergency request";
        }
        return "the safeguards tier of " + r.jurisdiction() + " (" + ev.tier() + ") requires it";
    }
}

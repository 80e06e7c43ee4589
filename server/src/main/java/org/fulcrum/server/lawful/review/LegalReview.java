package org.fulcrum.server.lawful.review;

import java.util.List;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.decision.Callbacks;
import org.fulcrum.server.lawful.decision.Clarifications;
import org.fulcrum.server.lawful.decision.Decisions;
import org.fulcrum.server.lawful.decision.Disclosures;
import org.fulcrum.server.lawful.intake.LawfulIntake;
import org.fulcrum.server.lawful.request.Flags;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.RequestStatus;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.lawful.request.Verification;
import org.fulcrum.server.policy.Finding;
import org.fulcrum.server.policy.Findings;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * What legal staff do with a request: record a finding on a target, verify by call-back, ask the
 * authority to clarify, approve execution or disclosure, refuse, or reconsider after the policy
 * changed. Every step is audited; a step that changes the facts decides the request again.
 */
public final class LegalReview {
    private final Database db;
    private final Decisions decisions;
    private final Disclosures disclosures;
    private final Json json;

    public LegalReview(Database db, Decisions decisions, Disclosures disclosures, Json json) {
        this.db = db;
        this.json = json;
        this.decisions = decisions;
        this.disclosures = disclosures;
    }

    private static void requireLegal(Principal.Staff staff) {
        if (!staff.has(Role.LEGAL)) {
            throw new FulcrumException.Forbidden("this needs the legal role");
        }
    }

    private static String reason(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new FulcrumException.InvalidInput(field, "is required");
        }
        Check.text(field, value, max);
        return value.strip();
    }

    private LawfulRequest open(Tx tx, String requestId) {
        LawfulRequest r = Requests.require(tx.handle(), json, requestId);
        if (!r.state().status().open()) {
            throw new FulcrumException.Conflict(
                    "request " + requestId + " is " + r.state().status());
        }
        return r;
    }

    /** Records a reviewer's finding on one of the request's targets, then decides again. */
    public Decisions.Result finding(
            Principal.Staff staff, String requestId, String subjectId, Finding finding, String why) {
        requireLegal(staff);
        String because = reason("why", why, 2000);
        return db.write(tx -> {
            LawfulRequest r = open(tx, requestId);
            boolean named = Requests.targets(tx.handle(), requestId).stream()
                            .anyMatch(t -> t.subjectId().map(subjectId::equals).orElse(false))
                    || r.submission().accounts().contains(subjectId);
            if (!named) {
                throw new FulcrumException.InvalidInput(
                        "subjectId", subjectId + " is not a target of request " + requestId);
            }
            Findings.record(tx, subjectId, finding, staff.actor(), because, requestId);
            return decisions.decide(tx, Requests.require(tx.handle(), json, requestId), staff.actor());
        });
    }

    /** Records a call-back through a contact on file; a confirmation verifies the request, a failure refuses it. */
    public RequestStatus callback(
            Principal.Staff staff, String requestId, String contact, boolean confirmed, String note) {
        requireLegal(staff);
        String what = reason("note", note, 2000);
        return db.write(tx -> {
            LawfulRequest r = open(tx, requestId);
            List<String> onFile = Callbacks.contactsOnFile(tx.handle(), r);
            if (contact == null || !onFile.contains(contact.strip())) {
                throw new FulcrumException.InvalidInput(
                        "contact",
                        "call back through a contact on file " + onFile + ", never one given in the request");
            }
            Callbacks.record(tx, requestId, contact.strip(), confirmed, what, staff.actor());
            Audit.record(
                    tx,
                    staff.actor(),
                    confirmed ? "callback.confirmed" : "callback.failed",
                    "request:" + requestId,
                    what,
                    contact.strip());
            if (!confirmed) {
                Requests.verification(tx.handle(), requestId, Verification.callback_failed, tx.now());
                Requests.addFlag(tx.handle(), r, Flags.FORGED, tx.now());
                decisions.refuseByReviewer(
                        tx,
                        Requests.require(tx.handle(), json, requestId),
                        staff.actor(),
                        "call-back through " + contact.strip() + " did not confirm the request");
                return RequestStatus.refused;
            }
            Requests.verification(tx.handle(), requestId, Verification.callback_confirmed, tx.now());
            return decisions
                    .decide(tx, Requests.require(tx.handle(), json, requestId), staff.actor())
                    .status();
        });
    }

    /** Asks the authority a question; the clock stops until it answers. */
    public void clarify(Principal.Staff staff, String requestId, String question) {
        requireLegal(staff);
        String q = reason("question", question, 2000);
        db.write(tx -> {
            open(tx, requestId);
            Clarifications.ask(tx, requestId, q, staff.actor());
            Requests.status(tx.handle(), requestId, RequestStatus.awaiting_clarification, tx.now());
            Audit.record(tx, staff.actor(), "request.clarify", "request:" + requestId, q, null);
            return null;
        });
    }

    /** The authority's answer: restarts the clock, may name the targets anew, and decides again. */
    public Decisions.Result answer(String actor, String requestId, String answer, List<Submission.Target> targets) {
        String a = reason("answer", answer, 10_000);
        if (targets != null && targets.size() > Submission.MAX_TARGETS) {
            throw new FulcrumException.InvalidInput(
                    "targets", "must name at most " + Submission.MAX_TARGETS + " items");
        }
        return db.write(tx -> {
            LawfulRequest r = open(tx, requestId);
            if (Clarifications.answer(tx, requestId, a) == 0) {
                throw new FulcrumException.Conflict("request " + requestId + " has no open question");
            }
            if (targets != null && !targets.isEmpty()) {
                tx.handle()
                        .createUpdate("DELETE FROM lawful_target WHERE request_id = :r")
                        .bind("r", requestId)
                        .execute();
                for (int i = 0; i < targets.size(); i++) {
                    Requests.insertTarget(
                            tx.handle(),
                            requestId,
                            i,
                            targets.get(i).locator(),
                            LawfulIntake.resolve(tx.handle(), targets.get(i)));
                }
            }
            Audit.record(tx, actor, "request.answer", "request:" + requestId, null, r.reference());
            return decisions.decide(tx, Requests.require(tx.handle(), json, requestId), actor);
        });
    }

    /** Approves execution of the measures policy allowed and the caps held back. */
    public Decisions.Result execute(Principal.Staff staff, String requestId, String why) {
        requireLegal(staff);
        String because = reason("reason", why, 2000);
        return db.write(tx -> decisions.execute(tx, open(tx, requestId), staff, because));
    }

    /** Approves the pending disclosure; the second distinct legal approver executes it. */
    public Disclosures.Approval approveDisclosure(Principal.Staff staff, String requestId, String why) {
        requireLegal(staff);
        String because = reason("reason", why, 2000);
        return db.write(tx -> {
            LawfulRequest r = open(tx, requestId);
            var d = Decisions.latest(tx.handle(), json, requestId)
                    .orElseThrow(() -> new FulcrumException.Conflict("request is not decided"));
            Disclosures.Approval a = disclosures.approve(tx, staff, r, d.evaluation(), because);
            if (a.executed()) {
                boolean held =
                        !Decisions.enforcement(Decisions.measures(d.evaluation().outcome()))
                                        .isEmpty()
                                && !Decisions.executed(tx.handle(), requestId);
                Requests.status(tx.handle(), requestId, decisions.settle(tx, r, d.evaluation(), held), tx.now());
            }
            return a;
        });
    }

    /** Refuses a request for a reason of the reviewer's (a forged or invalid order). */
    public void refuse(Principal.Staff staff, String requestId, String why) {
        requireLegal(staff);
        String because = reason("reason", why, 2000);
        db.write(tx -> {
            decisions.refuseByReviewer(tx, open(tx, requestId), staff.actor(), because);
            return null;
        });
    }

    /** Decides again against the policy now in force (after the files changed, say). */
    public Decisions.Result reconsider(Principal.Staff staff, String requestId) {
        requireLegal(staff);
        return db.write(tx -> decisions.decide(tx, open(tx, requestId), staff.actor()));
    }
}

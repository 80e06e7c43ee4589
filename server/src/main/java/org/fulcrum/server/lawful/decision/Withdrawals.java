package org.fulcrum.server.lawful.decision;

import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.request.LawfulLog;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.RequestStatus;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.store.Database;
import org.jdbi.v3.core.Handle;

/**
 * An authority withdrawing its own request (through the signed API or the portal) before anything
 * was executed: the request closes as {@code withdrawn}, its clock stops with the time it ran, a
 * pending disclosure and any approvals given for it lapse, and the withdrawal is audited and logged
 * publicly. Once a measure was executed or data disclosed, a withdrawal is refused: what was done
 * cannot be undone by the sender, and the record must say so.
 */
public final class Withdrawals {
    /** The words every view uses for the state. */
    static final String WORDING = "withdrawn by the authority";

    private final Database db;
    private final LawfulLog log;
    private final Json json;

    public Withdrawals(Database db, LawfulLog log, Json json) {
        this.db = db;
        this.json = json;
        this.log = log;
    }

    /** Withdraws {@code requestId} for {@code actor} ({@code officer:…}); the reason is kept in the audit trail. */
    public void withdraw(String actor, String requestId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new FulcrumException.InvalidInput("reason", "is required");
        }
        Check.text("reason", reason, 2000);
        String why = reason.strip();
        db.write(tx -> {
            LawfulRequest r = Requests.require(tx.handle(), json, requestId);
            if (executed(tx.handle(), requestId)) {
                throw new FulcrumException.Conflict(
                        "request " + requestId + " was already executed; a withdrawal cannot undo what was done");
            }
            if (!r.state().status().open()) {
                throw new FulcrumException.Conflict("request " + requestId + " is "
                        + r.state().status() + "; only a request still open can be withdrawn");
            }
            Requests.status(tx.handle(), requestId, RequestStatus.withdrawn, tx.now());
            for (Disclosures.Disclosure d : Disclosures.of(tx.handle(), requestId)) {
                if (d.status().equals("pending")) {
                    tx.handle()
                            .createUpdate("UPDATE disclosure SET status = 'withdrawn' WHERE id = :id")
                            .bind("id", d.id())
                            .execute();
                    Approvals.clear(tx, "disclosure:" + d.id());
                }
            }
            Approvals.clear(tx, "execution:" + requestId);
            Audit.record(
                    tx,
                    actor,
                    "request.withdraw",
                    "request:" + requestId,
                    why,
                    r.state().status().name() + " -> withdrawn");
            log.withdrawn(tx, r);
            return null;
        });
    }

    /** Whether a measure of the request was executed or any of its data disclosed. */
    public static boolean executed(Handle h, String requestId) {
        return Decisions.executed(h, requestId)
                || h.createQuery("SELECT COUNT(*) FROM disclosure WHERE request_id = :r AND status = 'executed'")
                                .bind("r", requestId)
                                .mapTo(Integer.class)
                                .one()
                        > 0;
    }
}

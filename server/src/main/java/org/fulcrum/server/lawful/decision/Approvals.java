package org.fulcrum.server.lawful.decision;

import java.time.Instant;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.store.Tx;

/**
 * Four-eyes approvals by legal staff (separation of duties, SPEC 2.5). An approval counts only if
 * its author holds the legal role when approving and when counting; one person counts once,
 * however often they try, and only if given after the request last changed (see {@link ProcessGate}).
 * Runs inside the single writer, so counting and executing are atomic.
 */
final class Approvals {
    private Approvals() {}

    /**
     * Records {@code staff}'s approval of {@code target}; returns how many distinct legal staff have
     * approved since {@code since}. An approval older than {@code since} (given before the call-back or
     * the authority's latest answer) no longer counts; approving again re-confirms it.
     */
    static int approve(Tx tx, Principal.Staff staff, String target, String reason, Instant since) {
        if (!holdsLegal(tx, staff.id())) {
            throw new FulcrumException.Forbidden("only staff holding the legal role may approve");
        }
        boolean already = tx.handle()
                        .createQuery("""
                        SELECT COUNT(*) FROM lawful_approval WHERE target = :t AND staff_id = :s AND approved_at >= :since""")
                        .bind("t", target)
                        .bind("s", staff.id())
                        .bind("since", since.toEpochMilli())
                        .mapTo(Integer.class)
                        .one()
                > 0;
        if (already) {
            throw new FulcrumException.Conflict(
                    "you have already approved this; a second, different legal " + "staff member must approve");
        }
        tx.handle()
                .createUpdate("DELETE FROM lawful_approval WHERE target = :t AND staff_id = :s")
                .bind("t", target)
                .bind("s", staff.id())
                .execute();
        tx.handle()
                .createUpdate("INSERT INTO lawful_approval (target, staff_id, approved_at) VALUES (:t, :s, :at)")
                .bind("t", target)
                .bind("s", staff.id())
                .bind("at", tx.now().toEpochMilli())
                .execute();
        Audit.record(tx, staff.actor(), "approve", target, reason, null);
        return count(tx, target, since);
    }

    /** Distinct approvers of {@code target} since {@code since} who hold the legal role now and are not disabled. */
    static int count(Tx tx, String target, Instant since) {
        return tx.handle()
                .createQuery("""
                        SELECT COUNT(DISTINCT a.staff_id) FROM lawful_approval a
                        JOIN staff_role r ON r.staff_id = a.staff_id AND r.role = 'legal' AND r.approved_by IS NOT NULL
                        JOIN staff s ON s.id = a.staff_id AND s.disabled = 0
                        WHERE a.target = :t AND a.approved_at >= :since""")
                .bind("t", target)
                .bind("since", since.toEpochMilli())
                .mapTo(Integer.class)
                .one();
    }

    static void clear(Tx tx, String target) {
        tx.handle()
                .createUpdate("DELETE FROM lawful_approval WHERE target = :t")
                .bind("t", target)
                .execute();
    }

    static boolean holdsLegal(Tx tx, String staffId) {
        return tx.handle()
                        .createQuery("""
                        SELECT COUNT(*) FROM staff_role r JOIN staff s ON s.id = r.staff_id
                        WHERE r.staff_id = :s AND r.role = 'legal' AND r.approved_by IS NOT NULL AND s.disabled = 0""")
                        .bind("s", staffId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }
}

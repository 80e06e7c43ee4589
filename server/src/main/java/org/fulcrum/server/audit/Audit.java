package org.fulcrum.server.audit;

import org.fulcrum.server.core.Ids;
import org.fulcrum.server.store.Tx;

/**
 * The audit trail: who did what, to what, when and why. Written in the same transaction as the
 * change it records, so there is no change without its record.
 */
public final class Audit {
    private Audit() {}

    public static void record(Tx tx, String actor, String action, String target, String reason, String details) {
        tx.handle()
                .createUpdate("""
                INSERT INTO audit (id, at, actor, action, target, reason, details)
                VALUES (:id, :at, :actor, :action, :target, :reason, :details)""")
                .bind("id", Ids.next("au", tx.clock()))
                .bind("at", tx.now().toEpochMilli())
                .bind("actor", actor)
                .bind("action", action)
                .bind("target", target)
                .bind("reason", reason)
                .bind("details", details)
                .execute();
    }
}

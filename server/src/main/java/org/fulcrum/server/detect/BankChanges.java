package org.fulcrum.server.detect;

import java.util.List;
import java.util.UUID;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes bank changes into the sequence every node follows ({@code bank_change}), in the
 * transaction of the change. Each row names the process that made it ({@link #origin()}: the node
 * id and a random suffix, so two processes misconfigured with one node id still see each other's
 * changes); that process has applied the change already and skips the row when it polls.
 */
final class BankChanges {
    /** What a row of the sequence says. */
    enum Op {
        /** A hash joined the bank. */
        add,
        /** A hash left the bank. */
        remove,
        /** The bank was created or its settings changed. */
        settings,
        /** The bank was deleted with its hashes. */
        drop
    }

    private final String origin;

    BankChanges(String nodeId) {
        this.origin = nodeId + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The process whose changes these are. */
    String origin() {
        return origin;
    }

    /** Records a change to the bank itself (created, settings changed, deleted). */
    void bank(Tx tx, String bankId, Op op) {
        long seq = reserve(tx, 1);
        tx.handle()
                .createUpdate("""
                INSERT INTO bank_change (seq, bank_id, op, origin, created_at) VALUES (:seq, :bank, :op, :origin, :now)""")
                .bind("seq", seq)
                .bind("bank", bankId)
                .bind("op", op.name())
                .bind("origin", origin)
                .bind("now", tx.now().toEpochMilli())
                .execute();
    }

    /** Records hashes added to or removed from a bank, one row each. */
    void hashes(Tx tx, String bankId, Op op, List<BankHash> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        long last = reserve(tx, hashes.size());
        long seq = last - hashes.size() + 1;
        PreparedBatch batch = tx.handle().prepareBatch("""
                INSERT INTO bank_change (seq, bank_id, op, type, hash, origin, created_at)
                VALUES (:seq, :bank, :op, :type, :hash, :origin, :now)""");
        long now = tx.now().toEpochMilli();
        for (BankHash h : hashes) {
            batch.bind("seq", seq++)
                    .bind("bank", bankId)
                    .bind("op", op.name())
                    .bind("type", h.hashType().name())
                    .bind("hash", h.hash())
                    .bind("origin", origin)
                    .bind("now", now)
                    .add();
        }
        batch.execute();
    }

    /** Reserves {@code n} sequence numbers; returns the last. The row lock orders concurrent changes. */
    private static long reserve(Tx tx, int n) {
        return tx.handle()
                .createQuery("UPDATE bank_change_counter SET last = last + :n WHERE id = 1 RETURNING last")
                .bind("n", n)
                .mapTo(Long.class)
                .one();
    }
}

package org.fulcrum.server.transparency;

import java.util.ArrayList;
import java.util.List;
import org.fulcrum.server.store.Tx;
import org.fulcrum.tlog.merkle.Frontier;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The log entries appended by the units of one transaction, written together just before it
 * commits: one read of the tree's frontier, the new stored hashes computed in memory, and one
 * batch insert per table. Indexes are handed out at append time; the first append of a transaction
 * locks the log's size row (on PostgreSQL this serialises appenders across nodes), and a unit that
 * rolls back takes its entries, always the last ones, back out of the buffer (and, if its append
 * took the lock, the lock and the size it read with it). Once the
 * transaction has committed, the new upper-level hashes are handed to the in-memory
 * {@link LogHashes} (by whichever unit of the group runs its commit hook first).
 */
final class PendingAppends implements Tx.GroupResource {
    private final LogHashes hashes;
    private long base = -1;
    private final List<Row> rows = new ArrayList<>();
    private Frontier.Appended appended;
    private boolean published;

    PendingAppends(LogHashes hashes) {
        this.hashes = hashes;
    }

    /** One buffered entry with its private commitment secrets (null for reveals). */
    record Row(
            byte[] data,
            EntryKind kind,
            long at,
            String subjectRef,
            Long sealedUntil,
            byte[] detailsKey,
            String details,
            byte[] publicKey,
            String publicFields) {}

    long add(Tx tx, Row row) {
        if (base < 0) {
            base = tx.handle()
                    .createQuery("UPDATE log_state SET size = size WHERE id = 1 RETURNING size")
                    .mapTo(Long.class)
                    .one();
            // The lock belongs to this unit's savepoint: rolled back (a failure, a deadlock victim run
            // again later), the row is unlocked and its size may move, so the next appender of the
            // transaction locks it and reads it again.
            tx.onRollback(() -> base = -1);
        }
        int mark = rows.size();
        tx.onRollback(() -> truncate(mark));
        tx.afterCommit(this::publish);
        rows.add(row);
        return base + mark;
    }

    private void truncate(int mark) {
        while (rows.size() > mark) {
            rows.removeLast();
        }
    }

    /** Hands the committed hashes to the in-memory upper levels, once per transaction. */
    private void publish() {
        if (appended != null && !published) {
            published = true;
            hashes.committed(appended.firstIndex(), appended.hashes());
        }
    }

    @Override
    public void beforeCommit(Handle h) {
        if (rows.isEmpty()) {
            return;
        }
        List<byte[]> leafHashes = new ArrayList<>(rows.size());
        for (Row r : rows) {
            leafHashes.add(Rfc6962.leafHash(r.data()));
        }
        appended = Frontier.load(base, hashes.reader(h)).append(leafHashes);
        PreparedBatch stored = h.prepareBatch("INSERT INTO log_hash (idx, hash) VALUES (:idx, :hash)");
        for (int i = 0; i < appended.hashes().size(); i++) {
            stored.bind("idx", appended.firstIndex() + i)
                    .bind("hash", appended.hashes().get(i))
                    .add();
        }
        stored.execute();
        PreparedBatch entries = h.prepareBatch("""
                INSERT INTO log_entry (idx, data, kind, at, subject_ref, sealed_until)
                VALUES (:idx, :data, :kind, :at, :subject, :sealed)""");
        PreparedBatch secrets = h.prepareBatch("""
                INSERT INTO log_secret (idx, details_key, details, public_key, public_fields)
                VALUES (:idx, :dk, :details, :pk, :pub)""");
        boolean anySecret = false;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            long idx = base + i;
            entries.bind("idx", idx)
                    .bind("data", r.data())
                    .bind("kind", r.kind().name())
                    .bind("at", r.at())
                    .bind("subject", r.subjectRef())
                    .bind("sealed", r.sealedUntil())
                    .add();
            if (r.detailsKey() != null) {
                secrets.bind("idx", idx)
                        .bind("dk", r.detailsKey())
                        .bind("details", r.details())
                        .bind("pk", r.publicKey())
                        .bind("pub", r.publicFields())
                        .add();
                anySecret = true;
            }
        }
        entries.execute();
        if (anySecret) {
            secrets.execute();
        }
        h.createUpdate("UPDATE log_state SET size = :size WHERE id = 1")
                .bind("size", base + rows.size())
                .execute();
    }
}

package org.fulcrum.server.transparency;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.fulcrum.server.store.Tx;
import org.fulcrum.tlog.merkle.Frontier;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.jdbi.v3.core.Handle;

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

    private static final String STORE_HASH = "INSERT INTO log_hash (idx, hash) VALUES (?, ?)";
    private static final String STORE_ENTRY = """
            INSERT INTO log_entry (idx, data, kind, at, subject_ref, sealed_until) VALUES (?, ?, ?, ?, ?, ?)""";
    private static final String STORE_SECRET = """
            INSERT INTO log_secret (idx, details_key, details, public_key, public_fields) VALUES (?, ?, ?, ?, ?)""";

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
        // Plain JDBC batches: one statement per table for the whole group, no per-row binding machinery.
        try (PreparedStatement stored = h.getConnection().prepareStatement(STORE_HASH);
                PreparedStatement entries = h.getConnection().prepareStatement(STORE_ENTRY);
                PreparedStatement secrets = h.getConnection().prepareStatement(STORE_SECRET)) {
            for (int i = 0; i < appended.hashes().size(); i++) {
                stored.setLong(1, appended.firstIndex() + i);
                stored.setBytes(2, appended.hashes().get(i));
                stored.addBatch();
            }
            stored.executeBatch();
            boolean anySecret = false;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                long idx = base + i;
                entries.setLong(1, idx);
                entries.setBytes(2, r.data());
                entries.setString(3, r.kind().name());
                entries.setLong(4, r.at());
                entries.setString(5, r.subjectRef());
                if (r.sealedUntil() == null) {
                    entries.setNull(6, Types.BIGINT);
                } else {
                    entries.setLong(6, r.sealedUntil());
                }
                entries.addBatch();
                if (r.detailsKey() != null) {
                    secrets.setLong(1, idx);
                    secrets.setBytes(2, r.detailsKey());
                    secrets.setString(3, r.details());
                    secrets.setBytes(4, r.publicKey());
                    secrets.setString(5, r.publicFields());
                    secrets.addBatch();
                    anySecret = true;
                }
            }
            entries.executeBatch();
            if (anySecret) {
                secrets.executeBatch();
            }
        } catch (SQLException e) {
            throw new Tx.SqlFailure(STORE_ENTRY, e);
        }
        h.createUpdate("UPDATE log_state SET size = :size WHERE id = 1")
                .bind("size", base + rows.size())
                .execute();
    }
}

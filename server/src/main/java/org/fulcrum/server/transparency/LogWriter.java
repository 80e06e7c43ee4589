package org.fulcrum.server.transparency;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.web.Json;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredHashIndex;
import org.fulcrum.tlog.merkle.StoredTree;

/**
 * The transparency log's append path. Inside the caller's transaction it takes the next index
 * ({@code UPDATE ... RETURNING}, which also serialises appenders across cluster nodes on
 * PostgreSQL), writes the leaf, the new stored hashes and the private commitment secrets. If the
 * transaction rolls back, nothing of the entry remains.
 */
public final class LogWriter implements TransparencyLog {
    private static final SecureRandom RANDOM = new SecureRandom();
    private volatile Runnable onAppend = () -> { };

    void onAppend(Runnable hook) {
        this.onAppend = hook;
    }

    @Override
    public long append(Tx tx, LogEntry entry) {
        byte[] detailsKey = key();
        byte[] data;
        byte[] publicKey = null;
        if (entry.sealedUntil().isPresent()) {
            publicKey = key();
            data = EntryCodec.sealed(entry, detailsKey, publicKey);
        } else {
            data = EntryCodec.plain(entry, detailsKey);
        }
        long index = appendLeaf(tx, data, entry.sealedUntil().isPresent() ? EntryKind.sealed : entry.kind(),
                entry.time(), entry.subjectRef().orElse(null), entry.sealedUntil().orElse(null));
        tx.handle().createUpdate("""
                INSERT INTO log_secret (idx, details_key, details, public_key, public_fields)
                VALUES (:idx, :dk, :details, :pk, :pub)""")
                .bind("idx", index).bind("dk", detailsKey).bind("details", Json.write(entry.details()))
                .bind("pk", publicKey)
                .bind("pub", publicKey == null ? null : Json.write(EntryCodec.publicPart(entry)))
                .execute();
        return index;
    }

    /** Appends raw leaf bytes; returns the index. */
    long appendLeaf(Tx tx, byte[] data, EntryKind kind, Instant at, String subjectRef, Instant sealedUntil) {
        var h = tx.handle();
        long size = h.createQuery("UPDATE log_state SET size = size + 1 WHERE id = 1 RETURNING size")
                .mapTo(Long.class).one();
        long index = size - 1;
        List<byte[]> hashes = StoredTree.storedHashes(index, Rfc6962.leafHash(data), new SqlHashReader(h));
        long first = StoredHashIndex.count(index);
        var batch = h.prepareBatch("INSERT INTO log_hash (idx, hash) VALUES (:idx, :hash)");
        for (int i = 0; i < hashes.size(); i++) {
            batch.bind("idx", first + i).bind("hash", hashes.get(i)).add();
        }
        batch.execute();
        h.createUpdate("""
                INSERT INTO log_entry (idx, data, kind, at, subject_ref, sealed_until)
                VALUES (:idx, :data, :kind, :at, :subject, :sealed)""")
                .bind("idx", index).bind("data", data).bind("kind", kind.name()).bind("at", at.toEpochMilli())
                .bind("subject", subjectRef).bind("sealed", sealedUntil == null ? null : sealedUntil.toEpochMilli())
                .execute();
        tx.afterCommit(onAppend);
        return index;
    }

    /**
     * Publishes the public fields of every sealed entry whose secrecy order has expired, as reveal
     * entries that anyone can check against the sealed commitment. Returns how many were revealed.
     */
    public int revealDue(Tx tx) {
        record Due(long idx, byte[] publicKey, String publicFields) {
        }
        List<Due> due = tx.handle().createQuery("""
                        SELECT e.idx, s.public_key, s.public_fields FROM log_entry e JOIN log_secret s ON s.idx = e.idx
                        WHERE e.kind = 'sealed' AND e.revealed_by IS NULL AND e.sealed_until <= :now
                        ORDER BY e.idx LIMIT 1000""")
                .bind("now", tx.now().toEpochMilli())
                .map((rs, ctx) -> new Due(rs.getLong(1), rs.getBytes(2), rs.getString(3))).list();
        List<Long> revealed = new ArrayList<>();
        for (Due d : due) {
            Map<String, Object> pub = CanonicalJson.parse(d.publicFields().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long r = appendLeaf(tx, EntryCodec.reveal(d.idx(), pub, d.publicKey()), EntryKind.reveal, tx.now(), null, null);
            tx.handle().createUpdate("UPDATE log_entry SET revealed_by = :r WHERE idx = :idx")
                    .bind("r", r).bind("idx", d.idx()).execute();
            revealed.add(r);
        }
        return revealed.size();
    }

    /**
     * Erases the commitment secrets and details of every entry about {@code subjectRef}: the public
     * log stays intact and verifiable, but no longer links to the subject. Returns how many entries.
     */
    public int eraseSecrets(Tx tx, String subjectRef) {
        int n = tx.handle().createUpdate("""
                UPDATE log_secret SET details_key = NULL, details = NULL
                WHERE idx IN (SELECT idx FROM log_entry WHERE subject_ref = :s)""")
                .bind("s", subjectRef).execute();
        tx.handle().createUpdate("UPDATE log_entry SET subject_ref = NULL WHERE subject_ref = :s")
                .bind("s", subjectRef).execute();
        return n;
    }

    private static byte[] key() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }
}

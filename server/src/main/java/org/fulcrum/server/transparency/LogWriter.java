package org.fulcrum.server.transparency;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Tx;

/**
 * The transparency log's append path. Inside the caller's transaction it hands out the next index
 * and buffers the leaf and its private commitment secrets; just before the transaction commits,
 * every entry of the transaction is written with its stored hashes in one batch
 * ({@link PendingAppends}). If the unit rolls back, nothing of the entry remains.
 */
public final class LogWriter implements TransparencyLog {
    /** Sealed entries whose order expired, soonest first, read from the index of unrevealed sealed entries. */
    static final String REVEAL_DUE = """
            SELECT e.idx, s.public_key, s.public_fields FROM log_entry e JOIN log_secret s ON s.idx = e.idx
            WHERE e.kind = 'sealed' AND e.revealed_by IS NULL AND e.sealed_until <= :now
            ORDER BY e.sealed_until, e.idx LIMIT 1000""";

    private final LogHashes hashes;
    private final Json json;
    private volatile Runnable onAppend = () -> {};

    public LogWriter(LogHashes hashes, Json json) {
        this.json = json;
        this.hashes = hashes;
    }

    /** The log's stored hashes, for reading proofs. */
    public LogHashes hashes() {
        return hashes;
    }

    void onAppend(Runnable hook) {
        this.onAppend = hook;
    }

    @Override
    public long append(Tx tx, LogEntry entry) {
        return append(tx, entry, Commitment.of(entry.details(), json));
    }

    @Override
    public long append(Tx tx, LogEntry entry, Commitment commitment) {
        if (!commitment.covers(entry)) {
            throw new IllegalArgumentException("the commitment is to other details than the entry's");
        }
        byte[] data;
        byte[] publicKey = null;
        if (entry.sealedUntil().isPresent()) {
            publicKey = Commitment.freshKey();
            data = EntryCodec.sealed(entry, commitment.hex(), publicKey);
        } else {
            data = EntryCodec.plain(entry, commitment.hex());
        }
        PendingAppends.Row row = new PendingAppends.Row(
                data,
                entry.sealedUntil().isPresent() ? EntryKind.sealed : entry.kind(),
                entry.time().toEpochMilli(),
                entry.subjectRef().orElse(null),
                entry.sealedUntil().map(Instant::toEpochMilli).orElse(null),
                commitment.key(),
                commitment.stored(),
                publicKey,
                publicKey == null ? null : json.write(EntryCodec.publicPart(entry)));
        return add(tx, row);
    }

    @Override
    public long append(Tx tx, EntryDraft draft, Map<String, ?> values) {
        Commitment c = draft.commitment();
        return add(
                tx,
                new PendingAppends.Row(
                        draft.bytes(values),
                        draft.kind(),
                        draft.time().toEpochMilli(),
                        draft.subjectRef().orElse(null),
                        null,
                        c.key(),
                        c.stored(),
                        null,
                        null));
    }

    private long add(Tx tx, PendingAppends.Row row) {
        long index = tx.shared(PendingAppends.class, () -> new PendingAppends(hashes))
                .add(tx, row);
        tx.afterCommit(onAppend);
        return index;
    }

    /**
     * Publishes the public fields of every sealed entry whose secrecy order has expired, as reveal
     * entries that anyone can check against the sealed commitment. Returns how many were revealed.
     */
    public int revealDue(Tx tx) {
        record Due(long idx, byte[] publicKey, String publicFields) {}
        List<Due> due = tx.handle()
                .createQuery(REVEAL_DUE)
                .bind("now", tx.now().toEpochMilli())
                .map((rs, ctx) -> new Due(rs.getLong("idx"), rs.getBytes("public_key"), rs.getString("public_fields")))
                .list();
        List<Long> revealed = new ArrayList<>();
        for (Due d : due) {
            Map<String, Object> pub =
                    CanonicalJson.parse(d.publicFields().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long r = add(
                    tx,
                    new PendingAppends.Row(
                            EntryCodec.reveal(d.idx(), pub, d.publicKey()),
                            EntryKind.reveal,
                            tx.now().toEpochMilli(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null));
            tx.handle()
                    .createUpdate("UPDATE log_entry SET revealed_by = :r WHERE idx = :idx")
                    .bind("r", r)
                    .bind("idx", d.idx())
                    .execute();
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
                WHERE idx IN (SELECT idx FROM log_entry WHERE subject_ref = :s)""").bind("s", subjectRef).execute();
        tx.handle()
                .createUpdate("UPDATE log_entry SET subject_ref = NULL WHERE subject_ref = :s")
                .bind("s", subjectRef)
                .execute();
        return n;
    }
}

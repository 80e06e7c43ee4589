package org.fulcrum.server.detect;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Hash banks: create, change, delete, add and remove hashes ({@link BankItems} adds them by media
 * item, {@link BankExport} writes them out). Every change is
 * one durable unit with its audit record and a new bank version; the in-memory {@link BankIndex}
 * follows after the commit.
 */
public final class Banks {
    /** Most hashes one JSON request may add or remove (imports are bounded by their own line limit). */
    public static final int MAX_HASHES_PER_REQUEST = 10_000;

    private final Database db;
    private final Clock clock;
    private final BankIndex index;
    private final BankChanges changes;

    /**
     * @param nodeId this node's id, recorded with every change so the other nodes know whose it is
     *     (a command run beside the servers passes its own name)
     */
    public Banks(Database db, Clock clock, BankIndex index, String nodeId) {
        this.db = db;
        this.clock = clock;
        this.index = index;
        this.changes = new BankChanges(nodeId);
    }

    /** The sequence this node's changes are written to. */
    BankChanges changes() {
        return changes;
    }

    /**
     * What a change to a bank's hashes did.
     *
     * @param bank the bank after the change
     * @param changed hashes added (or removed)
     * @param unchanged hashes already present (or already absent)
     */
    public record Changed(Bank bank, int changed, int unchanged) {}

    /** A hash as stored in a bank. */
    public record StoredHash(
            HashType type,
            String hash,
            Optional<String> label,
            Optional<String> source,
            String addedBy,
            Instant addedAt) {}

    public List<Bank> list() {
        return db.read(h -> h.createQuery("SELECT " + Bank.COLUMNS + " FROM hash_bank ORDER BY name")
                .map((rs, ctx) -> Bank.map(rs))
                .list());
    }

    public Bank find(String id) {
        return db.read(h -> find(h, id)).orElseThrow(() -> new FulcrumException.NotFound("bank " + id));
    }

    /** The bank named {@code name}, if any. */
    public Optional<Bank> byName(String name) {
        return db.read(h -> h.createQuery("SELECT " + Bank.COLUMNS + " FROM hash_bank WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) -> Bank.map(rs))
                .findOne());
    }

    /** The bank {@code id} as the caller's transaction sees it. */
    public static Optional<Bank> find(Handle h, String id) {
        return h.createQuery("SELECT " + Bank.COLUMNS + " FROM hash_bank WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> Bank.map(rs))
                .findOne();
    }

    public Bank create(String actor, BankSpec spec) {
        String id = Ids.next("bank", clock);
        return Applied.write(db, tx -> {
            uniqueName(tx, spec.name(), Optional.empty());
            long now = tx.now().toEpochMilli();
            tx.handle()
                    .createUpdate("""
                    INSERT INTO hash_bank (id, name, description, kind, signal, policy, reason, legal_ground, threshold,
                                           video_query_percent, video_banked_percent, preserve_days, enabled, created_by,
                                           created_at, updated_at)
                    VALUES (:id, :name, :description, :kind, :signal, :policy, :reason, :legal, :threshold, :queryPercent,
                            :bankedPercent, :preserve, :enabled, :by, :now, :now)""")
                    .bind("id", id)
                    .bind("by", actor)
                    .bind("now", now)
                    .bind("signal", spec.signalOrDefault().name())
                    .bindMap(settings(spec))
                    .execute();
            Bank bank = find(tx.handle(), id).orElseThrow();
            changes.bank(tx, id, BankChanges.Op.settings);
            Audit.record(tx, actor, "bank.create", "bank:" + id, null, describe(bank));
            tx.afterCommit(() -> index.put(bank));
            return bank;
        });
    }

    public Bank update(String actor, String id, BankSpec spec) {
        return Applied.write(db, tx -> {
            Bank before = find(tx.handle(), id).orElseThrow(() -> new FulcrumException.NotFound("bank " + id));
            if (before.kind() != spec.kind()) {
                throw new FulcrumException.InvalidInput("kind", "a bank's kind cannot change; create another bank");
            }
            if (spec.signal().isPresent() && spec.signal().get() != before.signal()) {
                throw new FulcrumException.InvalidInput("signal", "a bank's signal cannot change; create another bank");
            }
            if (before.signal() == BankSignal.image
                    && (spec.videoQueryPercent().isPresent()
                            || spec.videoBankedPercent().isPresent())) {
                throw new FulcrumException.InvalidInput(
                        spec.videoQueryPercent().isPresent() ? "videoQueryPercent" : "videoBankedPercent",
                        "only a video bank has frame shares");
            }
            uniqueName(tx, spec.name(), Optional.of(id));
            tx.handle()
                    .createUpdate("""
                    UPDATE hash_bank SET name = :name, description = :description, policy = :policy, reason = :reason,
                           legal_ground = :legal, threshold = :threshold, video_query_percent = :queryPercent,
                           video_banked_percent = :bankedPercent, preserve_days = :preserve, enabled = :enabled,
                           version = version + 1, updated_at = :now
                    WHERE id = :id""")
                    .bind("id", id)
                    .bind("now", tx.now().toEpochMilli())
                    .bindMap(settings(spec))
                    .execute();
            Bank after = find(tx.handle(), id).orElseThrow();
            changes.bank(tx, id, BankChanges.Op.settings);
            Audit.record(tx, actor, "bank.update", "bank:" + id, null, describe(before) + " -> " + describe(after));
            tx.afterCommit(() -> index.put(after));
            return after;
        });
    }

    public void delete(String actor, String id, String reason) {
        Applied.write(db, tx -> {
            Bank bank = find(tx.handle(), id).orElseThrow(() -> new FulcrumException.NotFound("bank " + id));
            tx.handle()
                    .createUpdate("DELETE FROM bank_video_frame WHERE bank_id = :id")
                    .bind("id", id)
                    .execute();
            tx.handle()
                    .createUpdate("DELETE FROM bank_hash WHERE bank_id = :id")
                    .bind("id", id)
                    .execute();
            changes.bank(tx, id, BankChanges.Op.drop);
            tx.handle()
                    .createUpdate("DELETE FROM hash_bank WHERE id = :id")
                    .bind("id", id)
                    .execute();
            Audit.record(
                    tx,
                    actor,
                    "bank.delete",
                    "bank:" + id,
                    reason,
                    describe(bank) + ", " + bank.hashCount() + " hashes");
            tx.afterCommit(() -> index.dropped(id));
            return null;
        });
    }

    /**
     * Adds hashes ({@code how} says whether by API or by import, for the audit trail). Each hash
     * added is an item of its own.
     */
    public Changed add(String actor, String id, List<BankHash> hashes, String how) {
        return Applied.write(db, tx -> add(tx, actor, id, hashes, how));
    }

    /**
     * Adds hashes within the caller's transaction (a hash-sharing feed's batch and its cursor, say);
     * the in-memory index follows after the commit.
     */
    public Changed add(Tx tx, String actor, String id, List<BankHash> hashes, String how) {
        accepts(find(tx.handle(), id).orElseThrow(() -> new FulcrumException.NotFound("bank " + id)), hashes);
        long last = reserveItems(tx, hashes.size());
        long first = last - hashes.size() + 1;
        return insert(tx, actor, id, hashes, how, i -> first + i);
    }

    /** Reserves {@code n} item ids; returns the last of them. */
    static long reserveItems(Tx tx, int n) {
        return tx.handle()
                .createQuery("UPDATE bank_item_counter SET last = last + :n WHERE id = 1 RETURNING last")
                .bind("n", Math.max(n, 0))
                .mapTo(Long.class)
                .one();
    }

    Changed insert(
            Tx tx,
            String actor,
            String id,
            List<BankHash> hashes,
            String how,
            java.util.function.IntToLongFunction itemIds) {
        PreparedBatch batch = tx.handle().prepareBatch("""
                INSERT INTO bank_hash (bank_id, type, hash, label, source, added_by, added_at, item_id)
                VALUES (:bank, :type, :hash, :label, :source, :by, :now, :item) ON CONFLICT DO NOTHING""");
        long now = tx.now().toEpochMilli();
        for (int i = 0; i < hashes.size(); i++) {
            BankHash h = hashes.get(i);
            batch.bind("bank", id)
                    .bind("type", h.hashType().name())
                    .bind("hash", h.hash())
                    .bind("label", h.label().orElse(null))
                    .bind("source", h.source().orElse(null))
                    .bind("by", actor)
                    .bind("now", now)
                    .bind("item", itemIds.applyAsLong(i))
                    .add();
        }
        int[] counts = hashes.isEmpty() ? new int[0] : batch.execute();
        List<BankHash> added = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                added.add(hashes.get(i));
            }
        }
        BankVideoFrames.store(tx, id, added);
        changes.hashes(tx, id, BankChanges.Op.add, added);
        Bank after = bump(tx, id, added.size());
        Audit.record(
                tx,
                actor,
                "bank.hashes.add",
                "bank:" + id,
                how,
                added.size() + " added, " + (hashes.size() - added.size()) + " already present" + sample(added));
        tx.afterCommit(() -> index.added(after, added));
        return new Changed(after, added.size(), hashes.size() - added.size());
    }

    public Changed remove(String actor, String id, List<BankHash> hashes, String reason) {
        return Applied.write(db, tx -> remove(tx, actor, id, hashes, reason));
    }

    /** Removes hashes within the caller's transaction; the in-memory index follows after the commit. */
    public Changed remove(Tx tx, String actor, String id, List<BankHash> hashes, String reason) {
        {
            find(tx.handle(), id).orElseThrow(() -> new FulcrumException.NotFound("bank " + id));
            List<BankHash> removed = new ArrayList<>();
            for (BankHash h : hashes) {
                int n = tx.handle()
                        .createUpdate("DELETE FROM bank_hash WHERE bank_id = :b AND type = :t AND hash = :h")
                        .bind("b", id)
                        .bind("t", h.hashType().name())
                        .bind("h", h.hash())
                        .execute();
                if (n > 0) {
                    removed.add(h);
                    if (h.hashType() == HashType.vpdq) {
                        BankVideoFrames.delete(tx, id, h.hash());
                    }
                }
            }
            changes.hashes(tx, id, BankChanges.Op.remove, removed);
            // What was said of an item goes with its last hash.
            tx.handle().createUpdate("""
                    DELETE FROM bank_item WHERE bank_id = :b
                      AND NOT EXISTS (SELECT 1 FROM bank_hash WHERE bank_hash.item_id = bank_item.id)""").bind("b", id).execute();
            Bank after = bump(tx, id, -removed.size());
            Audit.record(
                    tx,
                    actor,
                    "bank.hashes.remove",
                    "bank:" + id,
                    reason,
                    removed.size() + " removed, " + (hashes.size() - removed.size()) + " absent" + sample(removed));
            tx.afterCommit(() -> index.removed(after, removed));
            return new Changed(after, removed.size(), hashes.size() - removed.size());
        }
    }

    /** Refuses hashes the bank's signal does not hold, and vPDQ hashes without their frames. */
    static void accepts(Bank bank, List<BankHash> hashes) {
        for (int i = 0; i < hashes.size(); i++) {
            BankHash h = hashes.get(i);
            if (!bank.signal().holds(h.hashType())) {
                throw new FulcrumException.InvalidInput(
                        "hashes[" + i + "].type", "a " + bank.signal() + " bank holds no " + h.hashType() + " hashes");
            }
            if (h.hashType() == HashType.vpdq && h.frames().isEmpty()) {
                throw new FulcrumException.InvalidInput(
                        "hashes[" + i + "].frames", "a vpdq hash is added with its frames");
            }
        }
    }

    private static Bank bump(Tx tx, String id, int delta) {
        tx.handle()
                .createUpdate("""
                UPDATE hash_bank SET hash_count = hash_count + :d, version = version + 1, updated_at = :now
                WHERE id = :id""")
                .bind("d", delta)
                .bind("now", tx.now().toEpochMilli())
                .bind("id", id)
                .execute();
        return find(tx.handle(), id).orElseThrow();
    }

    public List<StoredHash> hashes(String id, int limit, int offset) {
        find(id);
        return db.read(h -> h.createQuery("""
                        SELECT type, hash, label, source, added_by, added_at FROM bank_hash WHERE bank_id = :b
                        ORDER BY type, hash LIMIT :limit OFFSET :offset""")
                .bind("b", id)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> new StoredHash(
                        HashType.valueOf(rs.getString("type")),
                        rs.getString("hash"),
                        Optional.ofNullable(rs.getString("label")),
                        Optional.ofNullable(rs.getString("source")),
                        rs.getString("added_by"),
                        Instant.ofEpochMilli(rs.getLong("added_at"))))
                .list());
    }

    /** The label of a banked hash, for the evidence of a match. */
    static Optional<String> label(Handle h, String bankId, HashType type, String hash) {
        return h.createQuery("SELECT label FROM bank_hash WHERE bank_id = :b AND type = :t AND hash = :h")
                .bind("b", bankId)
                .bind("t", type.name())
                .bind("h", hash)
                .mapTo(String.class)
                .findOne();
    }

    private static void uniqueName(Tx tx, String name, Optional<String> except) {
        boolean taken = tx.handle()
                        .createQuery("SELECT COUNT(*) FROM hash_bank WHERE name = :n AND id <> :id")
                        .bind("n", name)
                        .bind("id", except.orElse(""))
                        .mapTo(Integer.class)
                        .one()
                > 0;
        if (taken) {
            throw new FulcrumException.Conflict("a bank named '" + name + "' already exists");
        }
    }

    private static java.util.Map<String, Object> settings(BankSpec s) {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        m.put("name", s.name());
        m.put("description", s.description().orElse(""));
        m.put("kind", s.kind().name());
        m.put("policy", s.policy().map(Enum::name).orElse(null));
        m.put("reason", s.reason().map(Enum::name).orElse(null));
        m.put("legal", s.legalGround().orElse(null));
        m.put("threshold", s.thresholdOrDefault());
        m.put("queryPercent", s.videoSharesOrDefault().queryPercent());
        m.put("bankedPercent", s.videoSharesOrDefault().bankedPercent());
        m.put("preserve", s.preserveDaysOrDefault());
        m.put("enabled", s.enabled().orElse(true) ? 1 : 0);
        return m;
    }

    private static String describe(Bank b) {
        return b.name() + " (" + b.kind() + b.policy().map(p -> ", " + p).orElse("")
                + b.reason().map(r -> ", " + r).orElse("") + ", threshold " + b.threshold()
                + (b.signal() == BankSignal.video
                        ? ", frames found " + b.videoShares().queryPercent() + "% of the content's, "
                                + b.videoShares().bankedPercent() + "% of the banked video's"
                        : "")
                + (b.enabled() ? ", enabled" : ", disabled") + ")";
    }

    private static String sample(List<BankHash> hashes) {
        if (hashes.isEmpty()) {
            return "";
        }
        List<String> first = hashes.stream().limit(20).map(BankHash::key).toList();
        return ": " + String.join(" ", first) + (hashes.size() > 20 ? " …" : "");
    }
}

package org.fulcrum.server.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.vpdq.VpdqFeature;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Hash banks: create, change, delete, add and remove hashes, import and export. Every change is
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

    /**
     * What adding one media item's hashes did.
     *
     * @param itemId the item's id: new, or the item one of the hashes already belonged to
     * @param changed the change to the bank
     */
    public record AddedItem(long itemId, Changed changed) {}

    /**
     * Adds the hashes of one media item (its PDQ and its MD5, say) under one item id. A hash the
     * bank already holds keeps its place; the others join its item.
     */
    public AddedItem addItem(String actor, String id, List<BankHash> hashes, String how, ItemNote said) {
        return Applied.write(db, tx -> {
            accepts(find(tx.handle(), id).orElseThrow(() -> new FulcrumException.NotFound("bank " + id)), hashes);
            Optional<Long> existing = Optional.empty();
            for (BankHash h : hashes) {
                existing = itemOf(tx.handle(), id, h.hashType(), h.hash());
                if (existing.isPresent()) {
                    break;
                }
            }
            long item = existing.isPresent() ? existing.get() : reserveItems(tx, 1);
            Changed changed = insert(tx, actor, id, hashes, how, i -> item);
            if (said.note().isPresent() || said.metadata().isPresent()) {
                Item before =
                        item(tx.handle(), id, item).orElse(new Item(item, id, Optional.empty(), Optional.empty(), 0));
                saveItem(
                        tx,
                        new Item(
                                item,
                                id,
                                said.note().or(before::note),
                                said.metadata().or(before::metadata),
                                before.disabledUntil()));
            }
            return new AddedItem(item, changed);
        });
    }

    /**
     * What a client says of an item when it banks it.
     *
     * @param note a short note (at most 255 characters)
     * @param metadata a JSON object: the client's own content id and URI, and free JSON
     */
    public record ItemNote(Optional<String> note, Optional<String> metadata) {
        public static final ItemNote NONE = new ItemNote(Optional.empty(), Optional.empty());

        public ItemNote {
            note = Fields.text("note", note, 255);
            metadata = metadata == null ? Optional.empty() : metadata;
            if (metadata.map(String::length).orElse(0) > 16_384) {
                throw new FulcrumException.InvalidInput("metadata", "must be at most 16 KiB of JSON");
            }
        }
    }

    /**
     * A bank item: the hashes of one media item, and what was said of it.
     *
     * @param id the item id (HMA's content id)
     * @param bankId its bank
     * @param note the note, if any
     * @param metadata the metadata JSON object, if any
     * @param disabledUntil until when (epoch seconds) the item does not match through the
     *     hash-matching API's lookups; 0: it matches
     */
    public record Item(long id, String bankId, Optional<String> note, Optional<String> metadata, long disabledUntil) {}

    /** An item of a bank, if it still has hashes there. */
    public Optional<Item> item(String bankId, long itemId) {
        return db.read(h -> item(h, bankId, itemId));
    }

    private static Optional<Item> item(Handle h, String bankId, long itemId) {
        boolean hasHashes = h.createQuery("SELECT COUNT(*) FROM bank_hash WHERE bank_id = :b AND item_id = :i")
                        .bind("b", bankId)
                        .bind("i", itemId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
        if (!hasHashes) {
            return Optional.empty();
        }
        return Optional.of(h.createQuery("""
                        SELECT note, metadata, disabled_until FROM bank_item WHERE bank_id = :b AND id = :i""")
                .bind("b", bankId)
                .bind("i", itemId)
                .map((rs, ctx) -> new Item(
                        itemId,
                        bankId,
                        Optional.ofNullable(rs.getString("note")),
                        Optional.ofNullable(rs.getString("metadata")),
                        rs.getLong("disabled_until")))
                .findOne()
                .orElse(new Item(itemId, bankId, Optional.empty(), Optional.empty(), 0)));
    }

    /** The items of {@code itemIds} that lookups skip now (switched off until a later time). */
    public java.util.Set<Long> disabled(java.util.Collection<Long> itemIds, Instant now) {
        if (itemIds.isEmpty()) {
            return java.util.Set.of();
        }
        return db.read(h -> java.util.Set.copyOf(
                h.createQuery("SELECT id FROM bank_item WHERE disabled_until > :now AND id IN (<ids>)")
                        .bind("now", now.getEpochSecond())
                        .bindList("ids", List.copyOf(itemIds))
                        .mapTo(Long.class)
                        .list()));
    }

    /**
     * Changes what is said of an item: until when it is switched off, and its note ({@code note}
     * empty leaves it, a present empty value clears it).
     */
    public Item updateItem(
            String actor, String bankId, long itemId, Optional<Long> disabledUntil, Optional<Optional<String>> note) {
        return db.write(tx -> {
            Item before = item(tx.handle(), bankId, itemId)
                    .orElseThrow(() -> new FulcrumException.NotFound("item " + itemId + " of bank " + bankId));
            Item after = new Item(
                    itemId,
                    bankId,
                    note.isPresent() ? note.get() : before.note(),
                    before.metadata(),
                    disabledUntil.orElse(before.disabledUntil()));
            saveItem(tx, after);
            Audit.record(
                    tx,
                    actor,
                    "bank.item.update",
                    "bank:" + bankId,
                    null,
                    "item " + itemId
                            + (after.disabledUntil() > 0
                                    ? ", off until " + Instant.ofEpochSecond(after.disabledUntil())
                                    : "")
                            + (note.isPresent() ? ", note " + (after.note().isPresent() ? "set" : "cleared") : ""));
            return after;
        });
    }

    private static void saveItem(Tx tx, Item item) {
        tx.handle()
                .createUpdate("""
                INSERT INTO bank_item (id, bank_id, note, metadata, disabled_until, updated_at)
                VALUES (:id, :bank, :note, :metadata, :until, :now)
                ON CONFLICT (id) DO UPDATE SET note = excluded.note, metadata = excluded.metadata,
                       disabled_until = excluded.disabled_until, updated_at = excluded.updated_at""")
                .bind("id", item.id())
                .bind("bank", item.bankId())
                .bind("note", item.note().orElse(null))
                .bind("metadata", item.metadata().orElse(null))
                .bind("until", item.disabledUntil())
                .bind("now", tx.now().toEpochMilli())
                .execute();
    }

    /** The item a banked hash belongs to. */
    public static Optional<Long> itemOf(Handle h, String bankId, HashType type, String hash) {
        return h.createQuery("SELECT item_id FROM bank_hash WHERE bank_id = :b AND type = :t AND hash = :h")
                .bind("b", bankId)
                .bind("t", type.name())
                .bind("h", hash)
                .mapTo(Long.class)
                .findOne();
    }

    /** The hashes of one item in a bank, by type. */
    public List<BankHash> itemHashes(String bankId, long itemId) {
        return db.read(h -> h.createQuery("""
                        SELECT type, hash FROM bank_hash WHERE bank_id = :b AND item_id = :i ORDER BY type""")
                .bind("b", bankId)
                .bind("i", itemId)
                .map((rs, ctx) -> new BankHash(
                        rs.getString("hash"),
                        Optional.of(HashType.valueOf(rs.getString("type"))),
                        Optional.empty(),
                        Optional.empty()))
                .list());
    }

    /** Removes every hash of one item (and what was said of it); how many hashes went. */
    public int removeItem(String actor, String bankId, long itemId, String reason) {
        List<BankHash> hashes = itemHashes(bankId, itemId);
        if (hashes.isEmpty()) {
            return 0;
        }
        return remove(actor, bankId, hashes, reason).changed();
    }

    /** Reserves {@code n} item ids; returns the last of them. */
    private static long reserveItems(Tx tx, int n) {
        return tx.handle()
                .createQuery("UPDATE bank_item_counter SET last = last + :n WHERE id = 1 RETURNING last")
                .bind("n", Math.max(n, 0))
                .mapTo(Long.class)
                .one();
    }

    private Changed insert(
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
        frames(tx, id, added);
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
                        tx.handle()
                                .createUpdate("DELETE FROM bank_video_frame WHERE bank_id = :b AND video = :v")
                                .bind("b", id)
                                .bind("v", h.hash())
                                .execute();
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
    private static void accepts(Bank bank, List<BankHash> hashes) {
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

    /** Stores the frames of the vPDQ hashes just added. */
    private static void frames(Tx tx, String bankId, List<BankHash> added) {
        PreparedBatch batch = null;
        for (BankHash h : added) {
            if (h.hashType() != HashType.vpdq) {
                continue;
            }
            if (batch == null) {
                batch = tx.handle().prepareBatch("""
                        INSERT INTO bank_video_frame (bank_id, video, n, frame, quality, hash, seconds)
                        VALUES (:bank, :video, :n, :frame, :quality, :hash, :seconds)""");
            }
            List<VpdqFeature> features = h.features();
            for (int n = 0; n < features.size(); n++) {
                VpdqFeature f = features.get(n);
                batch.bind("bank", bankId)
                        .bind("video", h.hash())
                        .bind("n", n)
                        .bind("frame", f.frameNumber())
                        .bind("quality", f.quality())
                        .bind("hash", f.hash().toHex())
                        .bind("seconds", f.timestamp())
                        .add();
            }
        }
        if (batch != null) {
            batch.execute();
        }
    }

    /** The frames of a banked video, in order. */
    static List<VpdqFeature> frames(Handle h, String bankId, String video) {
        return h.createQuery("""
                        SELECT frame, quality, hash, seconds FROM bank_video_frame WHERE bank_id = :b AND video = :v
                        ORDER BY n""")
                .bind("b", bankId)
                .bind("v", video)
                .map((rs, ctx) -> new VpdqFeature(
                        rs.getLong("frame"),
                        rs.getInt("quality"),
                        PdqHash.fromHex(rs.getString("hash")),
                        rs.getDouble("seconds")))
                .list();
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

    /** Writes the bank as CSV with header, or as hex per line of one type; streams from the store. */
    public void export(String id, boolean csv, Optional<HashType> type, Writer out) {
        find(id);
        db.read(h -> h.inTransaction(tx -> {
            if (csv) {
                write(out, BankFormat.CSV_HEADER + "\n");
            }
            var query = tx.createQuery("SELECT type, hash, label, source FROM bank_hash WHERE bank_id = :b"
                            + (type.isPresent() ? " AND type = :type" : "") + " ORDER BY type, hash")
                    .bind("b", id);
            type.ifPresent(t -> query.bind("type", t.name()));
            query.setFetchSize(10_000)
                    .map((rs, ctx) -> csv
                            ? BankFormat.csvRow(
                                    HashType.valueOf(rs.getString("type")),
                                    rs.getString("hash"),
                                    Optional.ofNullable(rs.getString("label")),
                                    Optional.ofNullable(rs.getString("source")))
                            : rs.getString("hash"))
                    .useStream(rows -> rows.forEach(line -> write(out, line + "\n")));
            return null;
        }));
    }

    /**
     * Writes the bank's videos in the vPDQ file form {@link BankFormat#parseVideos} reads: per
     * video a {@code # video,hash,label,source} line, then its frames in the reference's form.
     */
    public void exportVideos(String id, Writer out) {
        find(id);
        db.read(h -> h.inTransaction(tx -> {
            List<String[]> videos = tx.createQuery("""
                            SELECT hash, label, source FROM bank_hash WHERE bank_id = :b AND type = 'vpdq' ORDER BY hash""")
                    .bind("b", id)
                    .map((rs, ctx) ->
                            new String[] {rs.getString("hash"), rs.getString("label"), rs.getString("source")})
                    .list();
            for (String[] v : videos) {
                write(
                        out,
                        BankFormat.VIDEO_HEADER + "," + v[0] + "," + BankFormat.quote(v[1] == null ? "" : v[1]) + ","
                                + BankFormat.quote(v[2] == null ? "" : v[2]) + "\n");
                for (VpdqFeature f : frames(tx, id, v[0])) {
                    write(out, f.toLine() + "\n");
                }
            }
            return null;
        }));
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

    private static void write(Writer out, String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

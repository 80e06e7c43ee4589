package org.fulcrum.server.detect;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * Bank items: the hashes of one media item (its PDQ and its MD5, say) banked under one item id, and
 * what was said of the item ({@code bank_item}: a note, metadata, until when it is switched off).
 * The hash-matching API's "content" is an item. Hashes are added and removed through {@link Banks},
 * so an item's change is a bank change like any other.
 */
public final class BankItems {
    private final Database db;
    private final Banks banks;

    public BankItems(Database db, Banks banks) {
        this.db = db;
        this.banks = banks;
    }

    /**
     * What adding one media item's hashes did.
     *
     * @param itemId the item's id: new, or the item one of the hashes already belonged to
     * @param changed the change to the bank
     */
    public record AddedItem(long itemId, Banks.Changed changed) {}

    /**
     * Adds the hashes of one media item (its PDQ and its MD5, say) under one item id. A hash the
     * bank already holds keeps its place; the others join its item.
     */
    public AddedItem addItem(String actor, String id, List<BankHash> hashes, String how, ItemNote said) {
        return Applied.write(db, tx -> {
            Banks.accepts(
                    Banks.find(tx.handle(), id).orElseThrow(() -> new FulcrumException.NotFound("bank " + id)), hashes);
            Optional<Long> existing = Optional.empty();
            for (BankHash h : hashes) {
                existing = itemOf(tx.handle(), id, h.hashType(), h.hash());
                if (existing.isPresent()) {
                    break;
                }
            }
            long item = existing.isPresent() ? existing.get() : Banks.reserveItems(tx, 1);
            Banks.Changed changed = banks.insert(tx, actor, id, hashes, how, i -> item);
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
    public Set<Long> disabled(Collection<Long> itemIds, Instant now) {
        if (itemIds.isEmpty()) {
            return Set.of();
        }
        return db.read(
                h -> Set.copyOf(h.createQuery("SELECT id FROM bank_item WHERE disabled_until > :now AND id IN (<ids>)")
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
        return banks.remove(actor, bankId, hashes, reason).changed();
    }
}

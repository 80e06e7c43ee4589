package org.fulcrum.server.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.fulcrum.pdq.Match;
import org.fulcrum.pdq.MultiIndexHashIndex;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.store.Database;

/**
 * Every bank in memory: a multi-index Hamming index of its PDQ hashes and hash sets of its MD5 and
 * SHA-256 hashes. Changes made on this node are applied after their commit (on the writer thread,
 * in commit order), so a hash is matchable for new content as soon as its write is acknowledged.
 * Applying a change twice is harmless (a PDQ hash is removed before it is added), which lets a
 * reload that raced with a change be corrected by the next one. Readers never block writers.
 */
public final class BankIndex {
    private final Map<String, Loaded> banks = new ConcurrentHashMap<>();

    /** One bank's hashes. The PDQ index keeps every hash under id 0: a bank holds a hash once. */
    static final class Loaded {
        volatile Bank bank;
        final MultiIndexHashIndex pdq;
        final Set<String> md5 = ConcurrentHashMap.newKeySet();
        final Set<String> sha256 = ConcurrentHashMap.newKeySet();

        Loaded(Bank bank, int expected) {
            this.bank = bank;
            this.pdq = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, expected);
        }
    }

    /**
     * A media item found in a bank.
     *
     * @param bank the bank
     * @param type which of the item's hashes matched
     * @param bankedHash the hash in the bank that matched (for PDQ, the nearest one)
     * @param distance the Hamming distance for PDQ, 0 for exact digests
     * @param mediaId the platform's id of the item, if it gave one
     */
    public record BankMatch(Bank bank, HashType type, String bankedHash, int distance, Optional<String> mediaId) {
    }

    /** Loads every bank from the database (at start, and on reload). */
    public void loadAll(Database db) {
        List<Bank> stored = db.read(h -> h.createQuery("SELECT " + Bank.COLUMNS + " FROM hash_bank")
                .map((rs, ctx) -> Bank.map(rs)).list());
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (Bank b : stored) {
            ids.add(b.id());
            reload(db, b);
        }
        banks.keySet().retainAll(ids);
    }

    /** Rebuilds one bank from the database and swaps it in. */
    void reload(Database db, Bank bank) {
        Loaded fresh = new Loaded(bank, (int) Math.min(bank.hashCount(), Integer.MAX_VALUE - 16));
        List<PdqHash> pdq = new ArrayList<>();
        db.read(h -> h.inTransaction(tx -> {
            tx.createQuery("SELECT type, hash FROM bank_hash WHERE bank_id = :b").bind("b", bank.id())
                    .setFetchSize(10_000)
                    .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)})
                    .useStream(rows -> rows.forEach(r -> {
                        switch (HashType.valueOf(r[0])) {
                            case pdq -> pdq.add(PdqHash.fromHex(r[1]));
                            case md5 -> fresh.md5.add(r[1]);
                            case sha256 -> fresh.sha256.add(r[1]);
                        }
                    }));
            return null;
        }));
        fresh.pdq.addAll(new long[pdq.size()], pdq);
        banks.put(bank.id(), fresh);
    }

    /** The bank's settings changed (or it is new). */
    void put(Bank bank) {
        banks.compute(bank.id(), (id, loaded) -> {
            if (loaded == null) {
                return new Loaded(bank, 0);
            }
            if (bank.version() >= loaded.bank.version()) {
                loaded.bank = bank;
            }
            return loaded;
        });
    }

    void added(Bank bank, Collection<BankHash> hashes) {
        Loaded l = banks.get(bank.id());
        if (l == null) {
            return;
        }
        for (BankHash h : hashes) {
            switch (h.hashType()) {
                case pdq -> {
                    PdqHash p = PdqHash.fromHex(h.hash());
                    l.pdq.remove(0, p);
                    l.pdq.add(0, p);
                }
                case md5 -> l.md5.add(h.hash());
                case sha256 -> l.sha256.add(h.hash());
            }
        }
        put(bank);
    }

    void removed(Bank bank, Collection<BankHash> hashes) {
        Loaded l = banks.get(bank.id());
        if (l == null) {
            return;
        }
        for (BankHash h : hashes) {
            switch (h.hashType()) {
                case pdq -> l.pdq.remove(0, PdqHash.fromHex(h.hash()));
                case md5 -> l.md5.remove(h.hash());
                case sha256 -> l.sha256.remove(h.hash());
            }
        }
        put(bank);
    }

    void dropped(String bankId) {
        banks.remove(bankId);
    }

    /** The version of each loaded bank, for comparing with the stored ones. */
    Map<String, Long> versions() {
        Map<String, Long> out = new java.util.HashMap<>();
        banks.forEach((id, l) -> out.put(id, l.bank.version()));
        return out;
    }

    /** Whether any enabled bank is loaded (so events without media need not look). */
    boolean isEmpty() {
        return banks.isEmpty();
    }

    /** Every enabled bank {@code media} matches, allow banks included. */
    public List<BankMatch> match(ContentEvent.MediaRef media) {
        return match(media, Bank::enabled);
    }

    /** Every bank {@code include} accepts that {@code media} matches. */
    List<BankMatch> match(ContentEvent.MediaRef media, Predicate<Bank> include) {
        List<BankMatch> out = new ArrayList<>(0);
        PdqHash needle = media.pdq().map(PdqHash::fromHex).orElse(null);
        for (Loaded l : banks.values()) {
            Bank b = l.bank;
            if (!include.test(b)) {
                continue;
            }
            if (needle != null && l.pdq.size() > 0) {
                List<Match> found = l.pdq.query(needle, b.threshold());
                if (!found.isEmpty()) {
                    Match m = found.getFirst();
                    out.add(new BankMatch(b, HashType.pdq, m.hash().toHex(), m.distance(), media.mediaId()));
                    continue;
                }
            }
            if (media.md5().map(l.md5::contains).orElse(false)) {
                out.add(new BankMatch(b, HashType.md5, media.md5().get(), 0, media.mediaId()));
            } else if (media.sha256().map(l.sha256::contains).orElse(false)) {
                out.add(new BankMatch(b, HashType.sha256, media.sha256().get(), 0, media.mediaId()));
            }
        }
        return out;
    }

    /**
     * Every banked hash that {@code hex} matches, in every loaded bank whether enabled or not: for
     * PDQ each hash within the bank's threshold (not only the nearest), for digests the equal one.
     */
    public List<BankMatch> lookup(HashType type, String hex) {
        List<BankMatch> out = new ArrayList<>();
        PdqHash needle = type == HashType.pdq ? PdqHash.fromHex(hex) : null;
        for (Loaded l : banks.values()) {
            Bank b = l.bank;
            switch (type) {
                case pdq -> {
                    for (Match m : l.pdq.query(needle, b.threshold())) {
                        out.add(new BankMatch(b, type, m.hash().toHex(), m.distance(), Optional.empty()));
                    }
                }
                case md5 -> {
                    if (l.md5.contains(hex)) {
                        out.add(new BankMatch(b, type, hex, 0, Optional.empty()));
                    }
                }
                case sha256 -> {
                    if (l.sha256.contains(hex)) {
                        out.add(new BankMatch(b, type, hex, 0, Optional.empty()));
                    }
                }
            }
        }
        return out;
    }

    /** A bank's hash count in memory, for tests and the console. */
    public long size(String bankId) {
        Loaded l = banks.get(bankId);
        return l == null ? 0 : l.pdq.size() + l.md5.size() + l.sha256.size();
    }
}

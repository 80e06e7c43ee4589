package org.fulcrum.pdq;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;

/**
 * Exact Hamming search by multi-index hashing (Norouzi, Punjani and Fleet). The 256 bits are cut
 * into {@code m} slots (default 11: three of 24 bits, then eight of 23), each with an inverted index
 * from the slot's value to the entries holding it. If two hashes differ in at most {@code T} bits,
 * then for radii with {@code sum(r_s + 1) >= T + 1} some slot {@code s} differs in at most
 * {@code r_s} bits (pigeonhole); so probing every slot at its radius and checking the full distance
 * of every entry found returns exactly the entries within {@code T}, the same set as brute force.
 * At {@code T = 31} and 11 slots ten slots are probed at radius 2 and one at radius 1.
 *
 * <p>Why 11 slots: Meta's reference uses 16 slots of 16 bits (radius 1), whose buckets hold about
 * {@code n / 65536} entries each, about 150 at 10 million, so a query checks some 40,000 random
 * entries. Wider slots make buckets nearly empty at that size but need more probes per slot; 23-24
 * bits at radius 2 needs about 2,800 probes and checks about 3,300 entries at 10 million (see the
 * benchmarks). A slot's directory uses only the top {@code bits} of its value, with {@code bits}
 * following the entry count (about one entry per key; 2^23 keys at 10 million), which keeps the
 * table small for small indexes and stays exact (a truncated slot differs in no more bits).
 *
 * <p>Each slot has two tables: a compact one ({@link PackedSlot}: positions bit-packed with the
 * low bits of their key, sorted into buckets; about 3.7 bytes per entry at 10 million) holding the
 * entries present at the last compaction, and a small growable one ({@link SlotTable}) for those
 * added since. Adds and removes are incremental. Readers share a read lock; a writer holds the
 * write lock only for the few array writes of one add or remove, so an added entry is matchable
 * when {@link #add} returns. A removed entry leaves the growable table at once and is skipped in
 * the compact one (its position is no longer live) until the next compaction. A removal finds its
 * entry through slot 0. Many copies of one hash (a blank image, under as many ids) share a bucket:
 * removing them all at once with {@link #removeAll(long[], List)} reads each about once; one by one,
 * the first removal that reads {@link #CROWD_FROM} entries or more lists the hash's copies by id
 * (a {@link Crowd}), and from then on each removal takes its copy from that list in a few reads,
 * in any order, and leaves its cells where they are, skipped as not live, until the next
 * compaction: its position is not reused before then. The growable tables
 * start small and are rebuilt wider as they fill, so an index just compacted holds almost nothing
 * beside its compact tables. The writer compacts when the growable tables hold more than an eighth
 * of the compact ones' entries, or removals pass a quarter, or removals of entries in the compact
 * tables have read about as many cells of the growable ones as a compaction reads keys; {@link
 * #compact} does it on demand.
 *
 * <p>Compaction rebuilds one slot at a time and drops that slot's old table before building the
 * new one, so it never needs more memory than the index will hold afterwards plus one slot's
 * transient: at 10 million entries a second copy of even one slot is 38 MB, and a second copy of
 * all of them is 415 MB. While a slot is being rebuilt queries leave it out and spread the
 * threshold over the other slots (some probed at a radius one higher), which keeps the pigeonhole
 * bound and so the exact result, at about twice the cost for that while. {@link #addAll(int,
 * IntToLongFunction, IntFunction)} loads many entries that way: appended to the entries, then each
 * slot's table built once. When probing would cost more than scanning (tiny indexes, thresholds
 * far above 31) the query scans the entries instead.
 */
public final class MultiIndexHashIndex implements HashIndex {
    /** Slot count used by {@link #MultiIndexHashIndex()}. */
    public static final int DEFAULT_SLOTS = 11;

    private static final int MIN_KEY_BITS = 12;

    /** Entries from which {@link #slotsFor} answers 10 slots rather than 11 (2^25, about 33.5M). */
    static final int TEN_SLOTS_FROM = 1 << 25;

    /**
     * The slot count for an index expected to hold {@code expectedSize} entries: multi-index hashing
     * costs least with about 256 / log2(n) slots, so that each slot's key is about as wide as the
     * entries are many, which gives 11 slots up to about 33M entries and 10 above. Measured at 100M
     * (BENCHMARKS.md): 10 slots check 14,790 hashes a query against about 30,000 with 11, and cost a
     * quarter less CPU.
     */
    public static int slotsFor(long expectedSize) {
        return expectedSize >= TEN_SLOTS_FROM ? 10 : DEFAULT_SLOTS;
    }

    /**
     * Entries one removal reads in slot 0's tables from which the copies of its hash are listed by id
     * ({@link Crowd}), if there are at least {@link #CROWD_AT_LEAST} of them.
     */
    static final int CROWD_FROM = 64;

    /** Copies of a hash worth a {@link Crowd}: fewer cost few reads to find among themselves. */
    static final int CROWD_AT_LEAST = 16;

    /** Stands for a slot's compact table while it is rebuilt; never probed. */
    private static final PackedSlot RELEASED = PackedSlot.build(MIN_KEY_BITS, 0, 0, p -> -1);

    private final int slots;
    private final int[] slotStart;
    private final int[] slotWidth;
    private final PackedSlot[] compact;
    private final SlotTable[] recent;
    /** Entries in the growable tables, and the most they may hold before a compaction. */
    private int recentCount;

    private int recentCapacity;
    /** Entries removed since the last compaction: an upper bound on what the compact tables list in vain. */
    private int removedSinceCompaction;

    private int compactCount;
    /** Entries of the compact tables and cells of the growable ones that removals have read. */
    private long removalReads;

    /**
     * Cells of the growable tables read since the last compaction by removals whose entry was not
     * there, but in the compact tables.
     */
    private long missedReads;
    /** The live copies of each crowded hash by id, for removals one by one; see {@link #CROWD_FROM}. */
    private final Map<PdqHash, Crowd> crowds = new HashMap<>();

    /** Compactions so far, for tests of what triggers them. */
    private long compactions;

    /** The slot whose compact table is being rebuilt, which queries leave out; -1 if none. */
    private int rebuilding = -1;

    private final HashStore store = new HashStore();
    private final StampedLock lock = new StampedLock();
    private final Object writer = new Object();
    private final boolean scanWhenCheaper;

    /** An empty index with the default layout. */
    public MultiIndexHashIndex() {
        this(DEFAULT_SLOTS, 0);
    }

    /**
     * An empty index with {@code slots} slots (8..32). {@code expectedSize} is a hint that no longer
     * changes anything: tables grow by compaction, which sizes them for the entries they hold.
     */
    public MultiIndexHashIndex(int slots, int expectedSize) {
        this(slots, expectedSize, true);
    }

    MultiIndexHashIndex(int slots, int expectedSize, boolean scanWhenCheaper) {
        if (slots < 8 || slots > 32) {
            throw new IllegalArgumentException("slot count must be 8..32, got " + slots);
        }
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expected size must not be negative");
        }
        this.slots = slots;
        this.scanWhenCheaper = scanWhenCheaper;
        this.slotStart = new int[slots];
        this.slotWidth = new int[slots];
        int base = PdqHash.BITS / slots;
        int wider = PdqHash.BITS % slots;
        for (int s = 0, start = 0; s < slots; s++) {
            slotWidth[s] = base + (s < wider ? 1 : 0);
            slotStart[s] = start;
            start += slotWidth[s];
        }
        this.compact = new PackedSlot[slots];
        this.recent = new SlotTable[slots];
        for (int s = 0; s < slots; s++) {
            int bits = keyBits(0, slotWidth[s]);
            compact[s] = PackedSlot.build(bits, 0, 0, p -> -1);
        }
        freshRecent();
    }

    /**
     * Empty growable tables at their smallest: sizing them for the {@code compactCount / 8} entries
     * that may come before the next compaction would hold 46 MB at 10 million before any arrives.
     */
    private void freshRecent() {
        recentCapacity = Math.max(1024, compactCount / 8);
        for (int s = 0; s < slots; s++) {
            recent[s] = new SlotTable(keyBits(0, slotWidth[s]), 64);
        }
        recentCount = 0;
    }

    /**
     * Rebuilds the growable tables with directories for twice their entries once they pass about
     * 1.5 entries per key; each is built beside the live one and swapped in, so queries stay exact.
     */
    private void growRecent() {
        if (keyBits(recentCount, slotWidth[0]) <= recent[0].bits) {
            return;
        }
        int[] positions = recent[0].positions(recentCount);
        for (int s = 0; s < slots; s++) {
            int bits = keyBits(2L * recentCount, slotWidth[s]);
            SlotTable grown = new SlotTable(bits, positions.length / 2);
            for (int pos : positions) {
                grown.add(keyAt(s, bits, pos), pos);
            }
            long stamp = lock.writeLock();
            recent[s] = grown;
            lock.unlockWrite(stamp);
        }
    }

    /** Directory bits for {@code n} entries: about 1.5 entries per key at most, within the slot's width. */
    private static int keyBits(long n, int width) {
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, (n * 2 + 2) / 3) - 1);
        return Math.max(Math.min(MIN_KEY_BITS, width), Math.min(bits, width));
    }

    /**
     * Key bits of a compact table for {@code n} entries: one more than a growable table's, within
     * the slot's width. A compact table pays one residual bit per entry for it (its directory
     * follows the entry count, not the key width) and a query checks about half as many entries.
     */
    private static int packedKeyBits(long n, int width) {
        return Math.min(width, keyBits(n, width) + 1);
    }

    @Override
    public void add(long id, PdqHash hash) {
        synchronized (writer) {
            long stamp = lock.writeLock();
            try {
                int pos = store.add(id, hash);
                for (int s = 0; s < slots; s++) {
                    SlotTable t = recent[s];
                    t.add(key(s, t.bits, hash.w0(), hash.w1(), hash.w2(), hash.w3()), pos);
                }
                recentCount++;
                if (!crowds.isEmpty()) {
                    Crowd crowd = crowds.get(hash);
                    if (crowd != null) {
                        crowd.add(id, pos);
                    }
                }
            } finally {
                lock.unlockWrite(stamp);
            }
            maintain();
        }
    }

    @Override
    public boolean remove(long id, PdqHash hash) {
        synchronized (writer) {
            long stamp = lock.writeLock();
            try {
                Crowd crowd = crowds.isEmpty() ? null : crowds.get(hash);
                if (crowd != null) {
                    removalReads++;
                    int pos = crowd.take(id);
                    if (pos < 0) {
                        return false;
                    }
                    // Its cells stay listed, skipped as not live, until the next compaction.
                    store.retire(pos);
                    removedSinceCompaction++;
                    if (crowd.size() == 0) {
                        crowds.remove(hash);
                    }
                } else if (!removeListed(id, hash)) {
                    return false;
                }
            } finally {
                lock.unlockWrite(stamp);
            }
            maintain();
            return true;
        }
    }

    /**
     * Removes {@code (id, hash)} found through slot 0's tables, growable ones first; answers whether
     * it was there. A search that read {@link #CROWD_FROM} entries or more, found or not, lists the
     * hash's other copies by id for the removals to come. Holds the write lock.
     */
    private boolean removeListed(long id, PdqHash hash) {
        long before = removalReads;
        int pos = findRecent(id, hash);
        if (pos < 0) {
            missedReads += removalReads - before;
        }
        if (pos >= 0) {
            for (int s = 0; s < slots; s++) {
                SlotTable t = recent[s];
                removalReads += t.remove(key(s, t.bits, hash.w0(), hash.w1(), hash.w2(), hash.w3()), pos);
            }
            recentCount--;
        } else {
            // Not in the growable tables, so listed only in the compact ones.
            PackedSlot c = compact[0];
            pos = c.find(key(0, c.bits, hash.w0(), hash.w1(), hash.w2(), hash.w3()), store, id, hash);
            removalReads += c.lastReads;
            if (pos < 0) {
                // Asked for a copy that is not there: the next such question is answered from the list.
                if (removalReads - before >= CROWD_FROM) {
                    listCrowd(hash);
                }
                return false;
            }
            removedSinceCompaction++;
        }
        store.remove(pos);
        if (removalReads - before >= CROWD_FROM) {
            listCrowd(hash);
        }
        return true;
    }

    /**
     * Lists the live copies of {@code hash} by id, from slot 0's growable block and compact bucket
     * of its key, if there are at least {@link #CROWD_AT_LEAST}. A position may be listed in both
     * (a compact table still lists a removed entry whose position an added one reuses): it is
     * taken once. Holds the write lock.
     */
    private void listCrowd(PdqHash hash) {
        IntStream.Builder listed = IntStream.builder();
        SlotTable t = recent[0];
        int e = t.dir[key(0, t.bits, hash.w0(), hash.w1(), hash.w2(), hash.w3())];
        int cells = e < 0 ? 1 : e > 0 ? SlotTable.count(t.pool[e]) : 0;
        for (int i = 0; i < cells; i++) {
            listed.add(e < 0 ? -e - 1 : t.pool[e + 1 + i]);
        }
        PackedSlot c = compact[0];
        c.forEach(key(0, c.bits, hash.w0(), hash.w1(), hash.w2(), hash.w3()), listed::add);
        int[] copies = listed.build()
                .filter(pos -> store.isLive(pos) && store.sameHash(pos, hash))
                .distinct()
                .toArray();
        if (copies.length < CROWD_AT_LEAST) {
            return;
        }
        Crowd crowd = new Crowd(copies.length);
        for (int pos : copies) {
            crowd.add(store.id(pos), pos);
        }
        crowds.put(hash, crowd);
    }

    /**
     * Removes many entries: {@link #removeAll(int, IntToLongFunction, IntFunction)} over the two
     * lists.
     */
    public int removeAll(long[] ids, List<PdqHash> hashes) {
        if (ids.length != hashes.size()) {
            throw new IllegalArgumentException(ids.length + " ids for " + hashes.size() + " hashes");
        }
        return removeAll(ids.length, i -> ids[i], hashes::get);
    }

    /**
     * Removes {@code count} entries, the {@code i}th being {@code (ids(i), hashes(i))}, as many
     * calls of {@link #remove} would (a pair given twice removes two copies); returns how many
     * were there to remove. The pairs are grouped by hash, and each hash's entries are read once
     * for the whole group: removing the {@code k} copies of a hash that many entries share reads
     * about {@code k} entries in any order, where one by one in an order other than the one they
     * are listed in each removal reads the copies still listed before it. The write lock is taken
     * for one hash at a time.
     */
    public int removeAll(int count, IntToLongFunction ids, IntFunction<PdqHash> hashes) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        Pair[] pairs = new Pair[count];
        for (int i = 0; i < count; i++) {
            pairs[i] = new Pair(hashes.apply(i), ids.applyAsLong(i));
        }
        Arrays.sort(pairs, Pair.ORDER);
        int removed = 0;
        synchronized (writer) {
            for (int from = 0, to; from < count; from = to) {
                PdqHash hash = pairs[from].hash;
                to = from + 1;
                while (to < count && pairs[to].hash.equals(hash)) {
                    to++;
                }
                long[] wanted = new long[to - from];
                for (int i = from; i < to; i++) {
                    wanted[i - from] = pairs[i].id;
                }
                long stamp = lock.writeLock();
                try {
                    removed += removeGroup(hash, wanted);
                } finally {
                    lock.unlockWrite(stamp);
                }
                maintain();
            }
        }
        return removed;
    }

    /** One pair of a {@link #removeAll} batch. */
    private record Pair(PdqHash hash, long id) {
        static final Comparator<Pair> ORDER = Comparator.<Pair>comparingLong(p -> p.hash.w0())
                .thenComparingLong(p -> p.hash.w1())
                .thenComparingLong(p -> p.hash.w2())
                .thenComparingLong(p -> p.hash.w3())
                .thenComparingLong(Pair::id);
    }

    /**
     * Removes an entry of {@code hash} for each of the {@code wanted} ids (sorted) that has one,
     * growable tables first; returns how many. Holds the write lock.
     */
    private int removeGroup(PdqHash hash, long[] wanted) {
        // The group reads the copies once anyway; a later removal one by one lists them again.
        crowds.remove(hash);
        // An id given c times is wanted until c entries are taken for it: claimed[i] counts those
        // taken for the run of copies of wanted[i] that starts at i.
        int[] claimed = new int[wanted.length];
        LongPredicate wants = id -> unclaimed(wanted, claimed, id) >= 0;
        LongConsumer claim = id -> claimed[unclaimed(wanted, claimed, id)]++;
        int[] taken = new int[Math.min(wanted.length, 16)];
        int n = 0;
        SlotTable t0 = recent[0];
        int e = t0.dir[key(0, t0.bits, hash.w0(), hash.w1(), hash.w2(), hash.w3())];
        int cells = e < 0 ? 1 : e > 0 ? SlotTable.count(t0.pool[e]) : 0;
        removalReads += cells;
        for (int i = 0; i < cells && n < wanted.length; i++) {
            int pos = e < 0 ? -e - 1 : t0.pool[e + 1 + i];
            long id = store.id(pos);
            if (store.isLive(pos) && wants.test(id) && store.sameHash(pos, hash)) {
                claim.accept(id);
                if (n == taken.length) {
                    taken = Arrays.copyOf(taken, Math.min(wanted.length, n * 2));
                }
                taken[n++] = pos;
            }
        }
        if (n > 0) {
            IntPredicate gone = positions(taken, n);
            for (int s = 0; s < slots; s++) {
                SlotTable t = recent[s];
                removalReads += t.removeAll(key(s, t.bits, hash.w0(), hash.w1(), hash.w2(), hash.w3()), gone);
            }
            recentCount -= n;
        }
        int fromRecent = n;
        if (n < wanted.length) {
            PackedSlot c = compact[0];
            int[][] out = {taken};
            int[] got = {n};
            removalReads += c.take(
                    key(0, c.bits, hash.w0(), hash.w1(), hash.w2(), hash.w3()),
                    store,
                    hash,
                    wants,
                    claim,
                    wanted.length - n,
                    pos -> {
                        if (got[0] == out[0].length) {
                            out[0] = Arrays.copyOf(out[0], Math.min(wanted.length, got[0] * 2));
                        }
                        out[0][got[0]++] = pos;
                    });
            taken = out[0];
            n = got[0];
            removedSinceCompaction += n - fromRecent;
        }
        for (int i = 0; i < n; i++) {
            store.remove(taken[i]);
        }
        return n;
    }

    /** Whether a position is one of the first {@code n} of {@code positions}: a set by open addressing. */
    private static IntPredicate positions(int[] positions, int n) {
        int[] cells = new int[Integer.highestOneBit(Math.max(1, n) * 2) * 2];
        int mask = cells.length - 1;
        for (int i = 0; i < n; i++) {
            int h = (positions[i] * 0x9E3779B9) >>> 8 & mask;
            while (cells[h] != 0) {
                h = (h + 1) & mask;
            }
            cells[h] = positions[i] + 1;
        }
        return p -> {
            for (int h = (p * 0x9E3779B9) >>> 8 & mask; cells[h] != 0; h = (h + 1) & mask) {
                if (cells[h] == p + 1) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Where the run of copies of {@code id} starts in {@code wanted} (sorted), if fewer entries
     * than its copies have been {@code claimed} for it; -1 otherwise.
     */
    private static int unclaimed(long[] wanted, int[] claimed, long id) {
        int lo = 0;
        int hi = wanted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (wanted[mid] < id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int next = lo + (lo < wanted.length ? claimed[lo] : 0);
        return next < wanted.length && wanted[next] == id ? lo : -1;
    }

    /** The position of {@code (id, hash)} in the growable tables, found through slot 0's; -1 if none. */
    private int findRecent(long id, PdqHash hash) {
        SlotTable t = recent[0];
        int e = t.dir[key(0, t.bits, hash.w0(), hash.w1(), hash.w2(), hash.w3())];
        // A copy of a crowded hash removed one by one stays listed, not live, until the next compaction.
        if (e < 0) {
            removalReads++;
            return store.isLive(-e - 1) && store.holds(-e - 1, id, hash) ? -e - 1 : -1;
        }
        if (e > 0) {
            int[] pool = t.pool;
            for (int i = 1, n = SlotTable.count(pool[e]); i <= n; i++) {
                if (store.isLive(pool[e + i]) && store.holds(pool[e + i], id, hash)) {
                    removalReads += i;
                    return pool[e + i];
                }
            }
            removalReads += SlotTable.count(pool[e]);
        }
        return -1;
    }

    /** Adds many entries: {@link #addAll(int, IntToLongFunction, IntFunction)} over the two lists. */
    public void addAll(long[] ids, List<PdqHash> hashes) {
        if (ids.length != hashes.size()) {
            throw new IllegalArgumentException(ids.length + " ids for " + hashes.size() + " hashes");
        }
        addAll(ids.length, i -> ids[i], hashes::get);
    }

    /**
     * Adds {@code count} entries, the {@code i}th being {@code (ids(i), hashes(i))}, read once each
     * in order, so a caller can generate or decode them without holding them all. A batch that is
     * large against the index is a bulk load: the entries are appended (their storage sized once)
     * and every slot's compact table is rebuilt once, slot by slot, instead of growing the tables
     * entry by entry; the peak is then the index's final size plus one slot being built. A small
     * batch is added entry by entry. The entries are all matchable when this returns.
     */
    public void addAll(int count, IntToLongFunction ids, IntFunction<PdqHash> hashes) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        synchronized (writer) {
            if (count < Math.max(1024, store.count() / 4)) {
                for (int i = 0; i < count; i++) {
                    add(ids.applyAsLong(i), hashes.apply(i));
                }
                return;
            }
            // No slot table lists the new positions until compaction rebuilds it; a query may find
            // one through a slot already rebuilt, which is a live entry within its threshold.
            long stamp = lock.writeLock();
            try {
                // Appended without passing through add(): a crowd would miss them, so all are dropped.
                crowds.clear();
                store.reserve(count);
            } finally {
                lock.unlockWrite(stamp);
            }
            for (int from = 0; from < count; from += HashStore.CHUNK) {
                stamp = lock.writeLock();
                try {
                    for (int i = from, end = Math.min(count, from + HashStore.CHUNK); i < end; i++) {
                        store.add(ids.applyAsLong(i), hashes.apply(i));
                    }
                } finally {
                    lock.unlockWrite(stamp);
                }
            }
            compact();
        }
    }

    /**
     * Widens the growable tables as they fill; compacts once they are full, or removals have left
     * much dead weight, or removals have read in vain about as many cells of the growable tables
     * as a compaction reads keys. The last bounds what removing the copies of a crowded hash that
     * are in the compact tables costs while others are in the growable ones, which each removal
     * reads first: after the compaction they are all in the compact tables.
     */
    private void maintain() {
        if (recentCount > recentCapacity
                || removedSinceCompaction > Math.max(1024, compactCount / 4)
                || missedReads > (long) slots * Math.max(4096, store.top())) {
            compact();
        } else {
            growRecent();
        }
    }

    /**
     * Moves every entry into the compact tables and starts empty growable ones. One slot at a time,
     * its old compact table is dropped (queries leave the slot out meanwhile), the new one built
     * from the entries and swapped in, and the slot's growable table emptied. Queries continue and
     * stay exact: each entry is, throughout, in a table of every slot they probe.
     */
    public void compact() {
        synchronized (writer) {
            // Only the writer mutates the store, and it is here, so reading without the lock is safe.
            int top = store.top();
            int live = store.count();
            for (int s = 0; s < slots; s++) {
                int slot = s;
                int bits = packedKeyBits(live, slotWidth[s]);
                long stamp = lock.writeLock();
                compact[s] = RELEASED;
                rebuilding = s;
                lock.unlockWrite(stamp);
                PackedSlot fresh = PackedSlot.build(bits, top, live, p -> store.isLive(p) ? keyAt(slot, bits, p) : -1);
                stamp = lock.writeLock();
                compact[s] = fresh;
                recent[s] = new SlotTable(keyBits(0, slotWidth[s]), 64);
                rebuilding = -1;
                lock.unlockWrite(stamp);
            }
            long stamp = lock.writeLock();
            try {
                compactCount = live;
                removedSinceCompaction = 0;
                missedReads = 0;
                freshRecent();
                // No table lists a position not in use any longer, so the retired ones may be reused.
                store.reclaim();
                compactions++;
            } finally {
                lock.unlockWrite(stamp);
            }
        }
    }

    /** Slot {@code s}'s {@code bits}-bit key of the hash at position {@code p}. */
    private int keyAt(int s, int bits, int p) {
        // As key(), reading only the one or two words the slot lies in.
        int start = slotStart[s];
        int width = slotWidth[s];
        int word = start >>> 6;
        int off = start & 63;
        long v = store.word(p, word) >>> off;
        if (off + width > 64) {
            v |= store.word(p, word + 1) << (64 - off);
        }
        v &= (1L << width) - 1;
        return (int) (v >>> (width - bits));
    }

    private int key(int s, int bits, long w0, long w1, long w2, long w3) {
        int start = slotStart[s];
        int width = slotWidth[s];
        int word = start >>> 6;
        int off = start & 63;
        long v = pick(word, w0, w1, w2, w3) >>> off;
        if (off + width > 64) {
            v |= pick(word + 1, w0, w1, w2, w3) << (64 - off);
        }
        v &= (1L << width) - 1;
        return (int) (v >>> (width - bits));
    }

    private static long pick(int word, long w0, long w1, long w2, long w3) {
        return switch (word) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            default -> w3;
        };
    }

    /** Per-slot probe radii for threshold {@code t}: {@code r_s + 1} sums to at least {@code t + 1}; -1 skips a slot. */
    int[] radii(int t) {
        return radii(t, -1);
    }

    /** {@link #radii(int)} over every slot but {@code left} (-1: none), which gets -1. */
    int[] radii(int t, int left) {
        int[] r = new int[slots];
        int n = left < 0 ? slots : slots - 1;
        int q = t + 1;
        for (int s = 0, i = 0; s < slots; s++) {
            if (s == left) {
                r[s] = -1;
            } else {
                r[s] = q / n - 1 + (i < q % n ? 1 : 0);
                i++;
            }
        }
        return r;
    }

    @Override
    public List<Match> query(PdqHash needle, int threshold) {
        HashIndex.checkThreshold(threshold);
        Probe probe = new Probe(store, needle, threshold);
        long stamp = lock.readLock();
        try {
            run(probe, needle, threshold);
            return probe.matches();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** What one query reads: compact buckets, the entries decoded in them, and the hashes checked. */
    public record Work(long buckets, long entries, long candidates) {}

    /** The work {@link #query} does for this needle, for benchmarks and tuning. */
    public Work work(PdqHash needle, int threshold) {
        HashIndex.checkThreshold(threshold);
        Probe probe = new Probe(store, needle, threshold);
        long stamp = lock.readLock();
        try {
            run(probe, needle, threshold);
            return new Work(probe.buckets, probe.decoded, probe.checked);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private void run(Probe probe, PdqHash needle, int threshold) {
        int[] radii = radii(threshold, rebuilding);
        if (scanWhenCheaper && probeCost(radii) > store.count()) {
            probe.scanAll();
            return;
        }
        for (int s = 0; s < slots; s++) {
            if (radii[s] >= 0) {
                PackedSlot c = compact[s];
                if (c.entries > 0) {
                    probe.packed(c, key(s, c.bits, needle.w0(), needle.w1(), needle.w2(), needle.w3()), radii[s]);
                }
                SlotTable t = recent[s];
                if (recentCount > 0) {
                    probe.slot(t, key(s, t.bits, needle.w0(), needle.w1(), needle.w2(), needle.w3()), radii[s]);
                }
            }
        }
    }

    /**
     * Estimated cost of probing, in units of one sequential entry check: each probed key and each
     * entry it leads to is a random memory access, costed at four sequential checks.
     */
    private double probeCost(int[] radii) {
        double total = 0;
        for (int s = 0; s < slots; s++) {
            if (radii[s] >= 0) {
                int bits = compact[s].bits;
                total += Probe.keysWithin(compact[s].dirBits, radii[s])
                        + Probe.keysWithin(bits, radii[s]) * ((double) store.count() / (1L << bits));
            }
        }
        return total * 4;
    }

    /** Every entry within {@code threshold} of {@code needle} by checking each one: brute force over the same entries. */
    public List<Match> scan(PdqHash needle, int threshold) {
        HashIndex.checkThreshold(threshold);
        Probe probe = new Probe(store, needle, threshold);
        long stamp = lock.readLock();
        try {
            probe.scanAll();
            return probe.matches();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public int size() {
        long stamp = lock.readLock();
        try {
            return store.count();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Entries and cells of either kind of table that removals have read, for tests of their cost. */
    long removalReads() {
        synchronized (writer) {
            return removalReads;
        }
    }

    /** Compactions so far, for tests of what triggers them. */
    long compactions() {
        synchronized (writer) {
            return compactions;
        }
    }

    /** Hashes whose copies are listed by id for removals one by one, for tests. */
    int crowds() {
        synchronized (writer) {
            return crowds.size();
        }
    }

    /** Heap held by the slot tables alone, in bytes. */
    public long tableBytes() {
        long stamp = lock.readLock();
        try {
            long total = 0;
            for (int s = 0; s < slots; s++) {
                total += compact[s].bytesUsed() + recent[s].bytesUsed();
            }
            return total;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Approximate heap held by the index's arrays, in bytes. */
    public long bytesUsed() {
        long stamp = lock.readLock();
        try {
            long total = store.bytesUsed();
            for (int s = 0; s < slots; s++) {
                total += compact[s].bytesUsed() + recent[s].bytesUsed();
            }
            for (Crowd crowd : crowds.values()) {
                total += crowd.bytesUsed();
            }
            return total;
        } finally {
            lock.unlockRead(stamp);
        }
    }
}

package org.fulcrum.tlog.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The stored hashes of every complete subtree at level {@code floor} or above, kept in memory so
 * that a proof reads only the lowest levels from the store.
 *
 * <p>A proof in a tree of {@code n} leaves needs about {@code log2(n)} stored hashes. The low ones
 * lie next to the leaf (the nodes below level 8 over one leaf sit within a few hundred stored
 * positions, a few database pages); the high ones are spread over the whole store, one page each.
 * Keeping levels {@code >= floor} here costs {@code 32 * n / 2^(floor-1)} bytes (2.5 MB at 10
 * million leaves with the default floor of 8) and turns those scattered reads into memory copies.
 * Hashes are the stored ones, so proofs, tree heads and frontiers are byte for byte those read
 * from the store alone.
 *
 * <p>The cache holds, per level, the first nodes of that level without gaps. It is filled by
 * {@link #load} at start, by {@link #stored} after the writer commits, and by every read through
 * {@link #over} that had to go to the store (a read also asks the store for a short gap before a
 * missing node, so the cache catches up with appends it was not told of, such as another node's).
 * Only hashes that are durably stored may be given to it: a stored position never changes once
 * committed, so nothing here ever goes stale. Thread-safe.
 */
public final class UpperTree {

    /** The floor used by servers: the height of a tlog tile, so the store serves one tile's worth. */
    public static final int DEFAULT_FLOOR = 8;

    /** Longest gap before a missing node that a read fills in passing, per level and read. */
    private static final int CATCH_UP = 256;

    private static final int H = Rfc6962.HASH_SIZE;

    private final int floor;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** {@code levels[L - floor]} holds the hashes of nodes {@code 0 .. counts[L - floor] - 1} of level L. */
    private final byte[][] levels;

    private final long[] counts;

    /** An empty cache of the levels at and above {@code floor} (0..62). */
    public UpperTree(int floor) {
        if (floor < 0 || floor > StoredHashIndex.MAX_LEVEL) {
            throw new IllegalArgumentException("floor must be 0.." + StoredHashIndex.MAX_LEVEL + ", got " + floor);
        }
        this.floor = floor;
        int n = StoredHashIndex.MAX_LEVEL + 1 - floor;
        this.levels = new byte[n][];
        this.counts = new long[n];
        Arrays.fill(levels, new byte[0]);
    }

    /**
     * A cache holding every node at or above {@code floor} of the tree of {@code size} leaves, read
     * from {@code store} in batches of a few thousand hashes.
     */
    public static UpperTree load(int floor, long size, HashReader store) {
        UpperTree tree = new UpperTree(floor);
        int batch = 4096;
        List<Long> pending = new ArrayList<>(batch);
        for (int level = floor; level <= StoredHashIndex.MAX_LEVEL && (size >>> level) > 0; level++) {
            for (long n = 0; n < (size >>> level); n++) {
                pending.add(StoredHashIndex.of(level, n));
                if (pending.size() == batch) {
                    tree.fill(pending, store);
                    pending.clear();
                }
            }
        }
        tree.fill(pending, store);
        return tree;
    }

    private void fill(List<Long> indexes, HashReader store) {
        long[] flat = indexes.stream().mapToLong(Long::longValue).toArray();
        List<byte[]> hashes = HashReader.readChecked(store, flat);
        lock.writeLock().lock();
        try {
            for (int i = 0; i < flat.length; i++) {
                int level = StoredHashIndex.level(flat[i]);
                put(level, StoredHashIndex.indexInLevel(flat[i]), hashes.get(i));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The lowest level kept. */
    public int floor() {
        return floor;
    }

    /** Number of nodes of {@code level} held (0 below the floor). */
    public long count(int level) {
        if (level < floor || level > StoredHashIndex.MAX_LEVEL) {
            return 0;
        }
        lock.readLock().lock();
        try {
            return counts[level - floor];
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Records hashes durably stored at consecutive stored indexes from {@code firstIndex} (what
     * {@link Frontier.Appended} yields, once its transaction has committed). Those below the floor
     * are ignored, and so are those that would leave a gap in their level.
     */
    public void stored(long firstIndex, List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        // Walk the positions without inverting each one: the hashes of leaf m are its leaf hash at
        // level 0 and then one per subtree it completes, up to level numberOfTrailingZeros(~m).
        int level = StoredHashIndex.level(firstIndex);
        long leaf = ((StoredHashIndex.indexInLevel(firstIndex) + 1) << level) - 1;
        lock.writeLock().lock();
        try {
            for (byte[] hash : hashes) {
                if (level >= floor) {
                    put(level, ((leaf + 1) >>> level) - 1, hash);
                }
                if (level == Long.numberOfTrailingZeros(~leaf)) {
                    leaf++;
                    level = 0;
                } else {
                    level++;
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Holds {@code hash} as node {@code n} of {@code level} if that extends the level without a gap. */
    private void put(int level, long n, byte[] hash) {
        if (hash.length != H) {
            throw new IllegalArgumentException("hash must be 32 bytes, got " + hash.length);
        }
        int l = level - floor;
        long count = counts[l];
        if (n != count) {
            return;
        }
        byte[] bytes = levels[l];
        if ((count + 1) * H > bytes.length) {
            long grown = Math.max(64L * H, bytes.length + (bytes.length >>> 1));
            if (grown > Integer.MAX_VALUE - 64) {
                return;
            }
            levels[l] = bytes = Arrays.copyOf(bytes, (int) (grown / H * H));
        }
        System.arraycopy(hash, 0, bytes, (int) (count * H), H);
        counts[l] = count + 1;
    }

    /** The hash of node {@code n} of {@code level}, or null when it is not held. Caller holds a lock. */
    private byte[] get(int level, long n) {
        if (level < floor || n >= counts[level - floor]) {
            return null;
        }
        int at = (int) (n * H);
        return Arrays.copyOfRange(levels[level - floor], at, at + H);
    }

    /**
     * A reader that serves the held hashes from memory and everything else from {@code store}, in
     * one call to it. Hashes at or above the floor that the store served are kept for later reads.
     */
    public HashReader over(HashReader store) {
        return indexes -> read(indexes, store);
    }

    private List<byte[]> read(long[] indexes, HashReader store) {
        byte[][] out = new byte[indexes.length][];
        int[] levelOf = new int[indexes.length];
        long[] nodeOf = new long[indexes.length];
        List<Long> ask = new ArrayList<>();
        // Per level, the gap [catchFrom, catchTo) between the held nodes and a missing one.
        long[] catchFrom = null;
        long[] catchTo = null;
        lock.readLock().lock();
        try {
            for (int i = 0; i < indexes.length; i++) {
                int level = StoredHashIndex.level(indexes[i]);
                long n = StoredHashIndex.indexInLevel(indexes[i]);
                levelOf[i] = level;
                nodeOf[i] = n;
                out[i] = get(level, n);
                if (out[i] != null) {
                    continue;
                }
                ask.add(indexes[i]);
                if (level >= floor && n > counts[level - floor] && n - counts[level - floor] <= CATCH_UP) {
                    if (catchFrom == null) {
                        catchFrom = new long[levels.length];
                        catchTo = new long[levels.length];
                    }
                    catchFrom[level - floor] = counts[level - floor];
                    catchTo[level - floor] = Math.max(catchTo[level - floor], n);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        if (ask.isEmpty()) {
            return Arrays.asList(out);
        }
        int missing = ask.size();
        if (catchFrom != null) {
            for (int l = 0; l < catchFrom.length; l++) {
                for (long n = catchFrom[l]; n < catchTo[l]; n++) {
                    ask.add(StoredHashIndex.of(l + floor, n));
                }
            }
        }
        long[] flat = ask.stream().mapToLong(Long::longValue).toArray();
        List<byte[]> read = HashReader.readChecked(store, flat);
        lock.writeLock().lock();
        try {
            // The gaps first, in level order, so that each missing node then extends its level.
            for (int i = missing; i < flat.length; i++) {
                put(StoredHashIndex.level(flat[i]), StoredHashIndex.indexInLevel(flat[i]), read.get(i));
            }
            for (int i = 0, j = 0; i < indexes.length; i++) {
                if (out[i] == null) {
                    out[i] = read.get(j++);
                    if (levelOf[i] >= floor) {
                        put(levelOf[i], nodeOf[i], out[i]);
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return Arrays.asList(out);
    }

    /** Bytes of hashes held. */
    public long bytesHeld() {
        lock.readLock().lock();
        try {
            long total = 0;
            for (long c : counts) {
                total += c * H;
            }
            return total;
        } finally {
            lock.readLock().unlock();
        }
    }
}

package org.fulcrum.pdq;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * One slot's growable inverted index, for the entries added since the index was last compacted
 * into {@link PackedSlot}s: for each {@code bits}-bit key, the positions of the stored hashes
 * whose slot has that key. A directory entry is 0 (no position), {@code -(pos+1)} (exactly one,
 * held inline, which is the common case at about one entry per key), or the offset of a block in
 * {@code pool}. A block is a header word (size class in the top 6 bits, a flag, count below)
 * followed by {@link #CAPACITY}{@code [class]} position cells, capacities growing by about half (2,
 * 3, 4, 6, 9, ...) so that keys shared by many near-duplicates waste little; a full block moves to
 * the next class, and freed blocks are kept on a free list per class for reuse. Everything is
 * primitive arrays: no object per key or entry.
 *
 * <p>Positions are appended, so a block lists its key's entries oldest first. Removing the first
 * moves the header one cell forward over it (the flag set, and the cell before the header holding
 * how far the header has moved), so that removing a crowded key's entries in the order they came
 * finds each at the front of its block and moves none of the others; removing another fills its
 * cell with the last. A moved block that fills up moves its cells back to its start, or to the next
 * class when that would free less than half of them.
 */
final class SlotTable {
    private static final int CLASS_SHIFT = 26;
    /** Set in the header of a block whose header has moved forward; the cell before it says how far. */
    private static final int MOVED = 1 << (CLASS_SHIFT - 1);

    private static final int COUNT_MASK = MOVED - 1;
    private static final int[] CAPACITY = capacities();

    final int bits;
    final int[] dir;
    int[] pool;
    private int poolTop = 1;
    private final int[] freeHead = new int[CAPACITY.length];

    SlotTable(int bits, int poolCapacity) {
        this.bits = bits;
        this.dir = new int[1 << bits];
        this.pool = new int[Math.max(64, poolCapacity)];
    }

    private static int[] capacities() {
        int[] caps = new int[64];
        int n = 0;
        for (long cap = 2; cap <= COUNT_MASK; cap += Math.max(1, cap / 2)) {
            caps[n++] = (int) cap;
        }
        caps[n++] = COUNT_MASK;
        return Arrays.copyOf(caps, n);
    }

    static int count(int header) {
        return header & COUNT_MASK;
    }

    /** How far the header of the block at {@code e} has moved from the block's start. */
    private int moved(int e, int header) {
        return (header & MOVED) != 0 ? pool[e - 1] : 0;
    }

    void add(int key, int pos) {
        int e = dir[key];
        if (e == 0) {
            dir[key] = -(pos + 1);
        } else if (e < 0) {
            int block = allocate(0);
            pool[block] = 2;
            pool[block + 1] = -e - 1;
            pool[block + 2] = pos;
            dir[key] = block;
        } else {
            int header = pool[e];
            int cls = header >>> CLASS_SHIFT;
            int n = header & COUNT_MASK;
            int moved = moved(e, header);
            if (n < CAPACITY[cls] - moved) {
                pool[e + 1 + n] = pos;
                pool[e] = header + 1;
            } else if (moved > 0 && moved >= n / 2) {
                int block = e - moved;
                System.arraycopy(pool, e + 1, pool, block + 1, n);
                pool[block + 1 + n] = pos;
                pool[block] = (cls << CLASS_SHIFT) | (n + 1);
                dir[key] = block;
            } else {
                if (cls + 1 >= CAPACITY.length) {
                    throw new IllegalStateException("too many hashes share one key");
                }
                int block = allocate(cls + 1);
                System.arraycopy(pool, e + 1, pool, block + 1, n);
                pool[block + 1 + n] = pos;
                pool[block] = ((cls + 1) << CLASS_SHIFT) | (n + 1);
                dir[key] = block;
                release(e - moved, cls);
            }
        }
    }

    /**
     * Removes {@code pos} from {@code key}'s entries; returns how many cells it read to find it,
     * or 0 if it was not there.
     */
    int remove(int key, int pos) {
        int e = dir[key];
        if (e == 0) {
            return 0;
        }
        if (e < 0) {
            if (-e - 1 != pos) {
                return 0;
            }
            dir[key] = 0;
            return 1;
        }
        int header = pool[e];
        int n = header & COUNT_MASK;
        for (int i = 1; i <= n; i++) {
            if (pool[e + i] == pos) {
                if (i == 1 && n > 2) {
                    // The oldest: the header moves forward over it.
                    int moved = moved(e, header) + 1;
                    pool[e] = moved;
                    pool[e + 1] = (header & ~COUNT_MASK) | MOVED | (n - 1);
                    dir[key] = e + 1;
                } else {
                    pool[e + i] = pool[e + n];
                    shrunk(key, e, header, n - 1);
                }
                return i;
            }
        }
        return 0;
    }

    /**
     * Removes from {@code key}'s entries every position {@code gone} accepts, in one pass; returns
     * how many cells it read.
     */
    int removeAll(int key, IntPredicate gone) {
        int e = dir[key];
        if (e == 0) {
            return 0;
        }
        if (e < 0) {
            if (gone.test(-e - 1)) {
                dir[key] = 0;
            }
            return 1;
        }
        int header = pool[e];
        int n = header & COUNT_MASK;
        int kept = 0;
        for (int i = 1; i <= n; i++) {
            int pos = pool[e + i];
            if (!gone.test(pos)) {
                pool[e + 1 + kept++] = pos;
            }
        }
        if (kept < n) {
            shrunk(key, e, header, kept);
        }
        return n;
    }

    /** Block {@code e} of {@code key} now holds its first {@code n} cells, fewer than before. */
    private void shrunk(int key, int e, int header, int n) {
        if (n == 0) {
            dir[key] = 0;
            release(e - moved(e, header), header >>> CLASS_SHIFT);
        } else if (n == 1) {
            dir[key] = -(pool[e + 1] + 1);
            release(e - moved(e, header), header >>> CLASS_SHIFT);
        } else {
            pool[e] = (header & ~COUNT_MASK) | n;
        }
    }

    /** The {@code n} positions this table holds, in no particular order. */
    int[] positions(int n) {
        int[] out = new int[n];
        int k = 0;
        for (int e : dir) {
            if (e < 0) {
                out[k++] = -e - 1;
            } else if (e > 0) {
                for (int i = 1, c = count(pool[e]); i <= c; i++) {
                    out[k++] = pool[e + i];
                }
            }
        }
        if (k != n) {
            throw new IllegalStateException(k + " positions where " + n + " were expected");
        }
        return out;
    }

    private int allocate(int cls) {
        int block = freeHead[cls];
        if (block != 0) {
            freeHead[cls] = pool[block + 1];
            return block;
        }
        int size = 1 + CAPACITY[cls];
        if ((long) poolTop + size > pool.length) {
            long grown = Math.max((long) poolTop + size, pool.length + (pool.length >>> 2));
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("slot table is full");
            }
            pool = Arrays.copyOf(pool, (int) grown);
        }
        block = poolTop;
        poolTop += size;
        return block;
    }

    private void release(int block, int cls) {
        pool[block + 1] = freeHead[cls];
        freeHead[cls] = block;
    }

    long bytesUsed() {
        return dir.length * 4L + pool.length * 4L;
    }
}

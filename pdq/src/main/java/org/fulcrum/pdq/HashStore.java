package org.fulcrum.pdq;

import java.util.Arrays;

/**
 * The entries of an index in primitive arrays: four hash words and an id per position, in chunks
 * (growing never copies the bulk), a bit per position saying whether it is in use, and a stack of
 * freed positions that later adds reuse. Ids are held in 32 bits per entry while they fit (bank
 * row ids do), a chunk widening to 64 bits on the first id that does not. Not synchronised; the
 * owning index locks around it.
 */
final class HashStore {
    /**
     * 8191 entries per chunk: a chunk of words is then 262,128 bytes with its header, so four fill
     * one of G1's smallest (1 MiB) regions; a chunk of 8192 would be 16 bytes over a quarter region
     * and waste an eighth of the heap the hashes take (45 MB at 10 million). Under half a region, a
     * chunk is an ordinary object, never a humongous one.
     */
    static final int CHUNK = 8191;

    /** {@code words[p / CHUNK][(p % CHUNK) * 4 + i]} is word i of the hash at position p. */
    long[][] words = new long[0][];

    int[][] ids = new int[0][];
    /** Non-null for a chunk holding an id outside the int range: then it holds that chunk's ids. */
    long[][] wideIds = new long[0][];

    private long[] live = new long[0];
    private int[] free = new int[16];
    private int freeCount;
    /** Positions ever used: every live position is below it. */
    private int top;

    private int count;

    int top() {
        return top;
    }

    int count() {
        return count;
    }

    boolean isLive(int pos) {
        return (live[pos >>> 6] & (1L << pos)) != 0;
    }

    int add(long id, PdqHash h) {
        int pos;
        if (freeCount > 0) {
            pos = free[--freeCount];
        } else {
            if (top == Integer.MAX_VALUE - CHUNK) {
                throw new IllegalStateException("index is full");
            }
            pos = top++;
            int chunk = pos / CHUNK;
            if (chunk == words.length) {
                resize(Math.max(chunk + 1, words.length + (words.length >>> 1)), live.length);
            }
            if (words[chunk] == null) {
                words[chunk] = new long[CHUNK * 4];
                ids[chunk] = new int[CHUNK];
            }
            if ((pos >>> 6) >= live.length) {
                live = Arrays.copyOf(live, Math.max(16, live.length * 2));
            }
        }
        long[] w = words[pos / CHUNK];
        int o = (pos % CHUNK) << 2;
        w[o] = h.w0();
        w[o + 1] = h.w1();
        w[o + 2] = h.w2();
        w[o + 3] = h.w3();
        setId(pos, id);
        live[pos >>> 6] |= 1L << pos;
        count++;
        return pos;
    }

    /**
     * Makes room for {@code n} more positions at once, so that a bulk load copies the chunk lists
     * and the live bits once rather than growing them step by step. Chunks are still allocated as
     * they fill.
     */
    void reserve(int n) {
        long positions = (long) top + Math.max(0, n - freeCount);
        if (positions > Integer.MAX_VALUE - CHUNK) {
            throw new IllegalStateException("index is full");
        }
        int chunks = (int) ((positions + CHUNK - 1) / CHUNK);
        int liveWords = (int) ((positions + 63) >>> 6);
        if (chunks > words.length || liveWords > live.length) {
            resize(Math.max(chunks, words.length), Math.max(liveWords, live.length));
        }
    }

    private void resize(int chunks, int liveWords) {
        words = Arrays.copyOf(words, chunks);
        ids = Arrays.copyOf(ids, chunks);
        wideIds = Arrays.copyOf(wideIds, chunks);
        live = Arrays.copyOf(live, liveWords);
    }

    void remove(int pos) {
        live[pos >>> 6] &= ~(1L << pos);
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = pos;
        count--;
    }

    /**
     * Marks {@code pos} not in use without offering it to later adds: the slot tables may still list
     * it, as they list a removed copy of a crowded hash until the next compaction, and a reused
     * position would make such a cell point at a live entry under a key that is not its own.
     * {@link #reclaim} frees it once nothing lists it.
     */
    void retire(int pos) {
        live[pos >>> 6] &= ~(1L << pos);
        count--;
    }

    /** Offers every position not in use to later adds again, retired ones included; after a compaction. */
    void reclaim() {
        int unused = top - count;
        if (free.length < unused) {
            free = new int[Math.max(16, unused)];
        }
        freeCount = 0;
        // Highest first, so the stack hands out the lowest positions first; a word at a time.
        for (int w = (top - 1) >> 6; w >= 0; w--) {
            int bits = Math.min(64, top - (w << 6));
            long unusedBits = ~live[w] & (bits == 64 ? -1L : (1L << bits) - 1);
            while (unusedBits != 0) {
                int b = 63 - Long.numberOfLeadingZeros(unusedBits);
                free[freeCount++] = (w << 6) + b;
                unusedBits &= ~(1L << b);
            }
        }
    }

    private void setId(int pos, long id) {
        int chunk = pos / CHUNK;
        if (wideIds[chunk] == null && id != (int) id) {
            long[] wide = new long[CHUNK];
            for (int i = 0; i < CHUNK; i++) {
                wide[i] = ids[chunk][i];
            }
            wideIds[chunk] = wide;
            ids[chunk] = null;
        }
        if (wideIds[chunk] != null) {
            wideIds[chunk][pos % CHUNK] = id;
        } else {
            ids[chunk][pos % CHUNK] = (int) id;
        }
    }

    long id(int pos) {
        long[] wide = wideIds[pos / CHUNK];
        return wide != null ? wide[pos % CHUNK] : ids[pos / CHUNK][pos % CHUNK];
    }

    long word(int pos, int i) {
        return words[pos / CHUNK][((pos % CHUNK) << 2) + i];
    }

    PdqHash hash(int pos) {
        long[] w = words[pos / CHUNK];
        int o = (pos % CHUNK) << 2;
        return new PdqHash(w[o], w[o + 1], w[o + 2], w[o + 3]);
    }

    boolean holds(int pos, long id, PdqHash h) {
        long[] w = words[pos / CHUNK];
        int o = (pos % CHUNK) << 2;
        return id(pos) == id && w[o] == h.w0() && w[o + 1] == h.w1() && w[o + 2] == h.w2() && w[o + 3] == h.w3();
    }

    boolean sameHash(int pos, PdqHash h) {
        long[] w = words[pos / CHUNK];
        int o = (pos % CHUNK) << 2;
        return w[o] == h.w0() && w[o + 1] == h.w1() && w[o + 2] == h.w2() && w[o + 3] == h.w3();
    }

    int distance(int pos, long n0, long n1, long n2, long n3) {
        long[] w = words[pos / CHUNK];
        int o = (pos % CHUNK) << 2;
        return Long.bitCount(w[o] ^ n0)
                + Long.bitCount(w[o + 1] ^ n1)
                + Long.bitCount(w[o + 2] ^ n2)
                + Long.bitCount(w[o + 3] ^ n3);
    }

    long bytesUsed() {
        long total = live.length * 8L + free.length * 4L;
        for (int c = 0; c < words.length; c++) {
            if (words[c] != null) {
                total += CHUNK * 32L + (wideIds[c] != null ? CHUNK * 8L : CHUNK * 4L);
            }
        }
        return total;
    }
}

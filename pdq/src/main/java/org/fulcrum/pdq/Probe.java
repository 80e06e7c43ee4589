package org.fulcrum.pdq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The work of one multi-index query: probing slot tables around the needle's keys, checking the
 * entries found, and collecting those within the threshold (each once, though several slots may
 * lead to it).
 *
 * <p>At millions of entries a query is dominated by cache misses: directory entries, blocks and
 * candidate hashes are all random accesses. Each step is therefore a pass over a flat array made of
 * independent loads with no branch on the loaded values, so the processor overlaps the misses:
 * first the directory entries of every probed key, then block headers, then the first word of
 * every candidate; the full distance is computed only once the line is in cache.
 */
final class Probe {
    private final HashStore store;
    private final long n0;
    private final long n1;
    private final long n2;
    private final long n3;
    private final int threshold;
    private int[] entries = new int[512];
    private int[] blocks = new int[512];
    private int[] headers = new int[512];
    private int[] candidates = new int[1024];
    private int[] partial = new int[1024];
    private int[] found = new int[16];
    private int foundCount;
    /** Sum of words read only to bring them into cache; kept so the reads are not optimised away. */
    long touched;

    /** Compact buckets read, entries decoded in them, and candidate hashes checked, so far. */
    long buckets;

    long decoded;
    long checked;

    Probe(HashStore store, PdqHash needle, int threshold) {
        this.store = store;
        this.n0 = needle.w0();
        this.n1 = needle.w1();
        this.n2 = needle.w2();
        this.n3 = needle.w3();
        this.threshold = threshold;
    }

    /** Number of keys within {@code radius} of a {@code bits}-bit key. */
    static long keysWithin(int bits, int radius) {
        long total = 0;
        long term = 1;
        for (int i = 0; i <= Math.min(radius, bits); i++) {
            total += term;
            term = term * (bits - i) / (i + 1);
        }
        return total;
    }

    /** Checks every entry of the keys within {@code radius} of {@code key} in table {@code t}. */
    void slot(SlotTable t, int key, int radius) {
        int[] dir = t.dir;
        int bits = t.bits;
        int e = 0;
        int[] ent = entries = grow(entries, (int) Math.min(Integer.MAX_VALUE - 16, keysWithin(bits, radius)));
        ent[e++] = dir[key];
        if (radius == 1 || radius == 2) {
            for (int i = 0; i < bits; i++) {
                int ki = key ^ (1 << i);
                ent[e++] = dir[ki];
                if (radius == 2) {
                    for (int j = i + 1; j < bits; j++) {
                        ent[e++] = dir[ki ^ (1 << j)];
                    }
                }
            }
        } else if (radius > 2) {
            e = flips(dir, bits, key, 0, Math.min(radius, bits), ent, e);
        }
        check(gather(t.pool, ent, e));
    }

    /**
     * Checks every entry of the compact table {@code t} whose key is within {@code radius} of
     * {@code key}: the buckets within {@code radius} of the key's top bits, keeping in each the
     * entries whose residual is within what remains of the radius. As with the growable tables,
     * the random reads are made in passes of independent loads (every bucket's offsets, then the
     * first word of every bucket) before the entries are decoded, so their misses overlap.
     */
    void packed(PackedSlot t, int key, int radius) {
        int r = t.residualBits;
        int lo = key & ((1 << r) - 1);
        long[] accept = new long[radius + 1];
        for (int q = 0; q <= radius; q++) {
            for (int v = 0; v < (1 << r); v++) {
                if (Integer.bitCount(v ^ lo) <= q) {
                    accept[q] |= 1L << v;
                }
            }
        }
        int most = (int) Math.min(Integer.MAX_VALUE - 16, keysWithin(t.dirBits, radius));
        int[] bk = blocks = grow(blocks, most);
        int[] depth = headers = grow(headers, most);
        bk[0] = key >>> r;
        depth[0] = 0;
        int nb = buckets(t.dirBits, key >>> r, 0, 1, radius, bk, depth, 1);
        int[] start = entries = grow(entries, 2 * nb);
        int[] groupStart = t.groupStart;
        char[] within = t.within;
        int shift = t.groupShift;
        if (highest(key >>> r, t.dirBits, radius) + 1 < within.length) {
            for (int i = 0; i < nb; i++) {
                int b = bk[i];
                start[2 * i] = groupStart[b >>> shift] + within[b];
                start[2 * i + 1] = groupStart[(b + 1) >>> shift] + within[b + 1];
            }
        } else {
            // Some bucket probed has its count, or its end's, in the table's tail.
            for (int i = 0; i < nb; i++) {
                start[2 * i] = t.start(bk[i]);
                start[2 * i + 1] = t.start(bk[i] + 1);
            }
        }
        long[][] chunks = t.chunks;
        long width = t.width;
        long sink = 0;
        for (int i = 0; i < nb; i++) {
            int word = (int) ((start[2 * i] * width) >>> 6);
            sink += chunks[word / PackedSlot.CHUNK_WORDS][word % PackedSlot.CHUNK_WORDS];
        }
        touched ^= sink;
        buckets += nb;
        int c = 0;
        for (int i = 0; i < nb; i++) {
            c = scan(t, start[2 * i], start[2 * i + 1], accept[radius - depth[i]], c);
        }
        check(c);
    }

    /** The highest of the {@code bits}-bit buckets within {@code radius} of {@code bucket}: its highest zero bits set. */
    static int highest(int bucket, int bits, int radius) {
        int b = bucket;
        for (int i = bits - 1, left = radius; i >= 0 && left > 0; i--) {
            if ((b & (1 << i)) == 0) {
                b |= 1 << i;
                left--;
            }
        }
        return b;
    }

    /** Lists the buckets reached from {@code bucket} by flipping one more bit at {@code from} or above. */
    private static int buckets(int dirBits, int bucket, int from, int d, int radius, int[] bk, int[] depth, int n) {
        if (d > radius) {
            return n;
        }
        for (int i = from; i < dirBits; i++) {
            int b = bucket ^ (1 << i);
            bk[n] = b;
            depth[n++] = d;
            n = buckets(dirBits, b, i + 1, d + 1, radius, bk, depth, n);
        }
        return n;
    }

    /** Appends to {@link #candidates} the positions of entries {@code start..end-1} whose residual is in {@code accept}. */
    private int scan(PackedSlot t, int start, int end, long accept, int c) {
        if (start == end) {
            return c;
        }
        decoded += end - start;
        int[] cand = candidates = grow(candidates, c + end - start);
        int width = t.width;
        int posBits = t.posBits;
        long entryMask = (1L << width) - 1;
        long posMask = (1L << posBits) - 1;
        long bit = (long) start * width;
        long last = (long) (end - 1) * width;
        int chunk = (int) ((bit >>> 6) / PackedSlot.CHUNK_WORDS);
        long[] words = t.chunks[chunk];
        if ((int) ((last >>> 6) / PackedSlot.CHUNK_WORDS) == chunk) {
            // The usual case, a bucket within one chunk: bits counted from the chunk's first word.
            long local = bit - (long) chunk * PackedSlot.CHUNK_WORDS * 64;
            for (int i = start; i < end; i++, local += width) {
                int w = (int) (local >>> 6);
                int off = (int) local & 63;
                long e = ((words[w] >>> off) | ((words[w + 1] << 1) << (63 - off))) & entryMask;
                cand[c] = (int) (e & posMask);
                c += (int) ((accept >>> (e >>> posBits)) & 1);
            }
            return c;
        }
        for (int i = start; i < end; i++) {
            long e = t.entry(i);
            cand[c] = (int) (e & posMask);
            c += (int) ((accept >>> (e >>> posBits)) & 1);
        }
        return c;
    }

    /** Entries of every key reached from {@code key} by flipping 1..{@code left} bits at positions {@code >= from}. */
    private static int flips(int[] dir, int bits, int key, int from, int left, int[] ent, int e) {
        for (int i = from; i < bits; i++) {
            int k = key ^ (1 << i);
            ent[e++] = dir[k];
            if (left > 1) {
                e = flips(dir, bits, k, i + 1, left - 1, ent, e);
            }
        }
        return e;
    }

    /** Turns directory entries into candidate positions in {@link #candidates}; returns their count. */
    private int gather(int[] pool, int[] ent, int e) {
        int[] cand = candidates = grow(candidates, e);
        int[] blk = blocks = grow(blocks, e);
        int c = 0;
        int nb = 0;
        // Inline positions (negative) and block offsets (positive) are split without a branch.
        for (int i = 0; i < e; i++) {
            int v = ent[i];
            cand[c] = -v - 1;
            c += v >>> 31;
            blk[nb] = v;
            nb += (-v) >>> 31;
        }
        int[] hdr = headers = grow(headers, nb);
        int more = 0;
        for (int b = 0; b < nb; b++) {
            int h = pool[blk[b]];
            hdr[b] = h;
            more += SlotTable.count(h);
        }
        cand = candidates = grow(candidates, c + more);
        for (int b = 0; b < nb; b++) {
            int off = blk[b] + 1;
            for (int k = 0, n = SlotTable.count(hdr[b]); k < n; k++) {
                cand[c++] = pool[off + k];
            }
        }
        return c;
    }

    private void check(int c) {
        checked += c;
        int[] cand = candidates;
        int[] part = partial = grow(partial, c);
        long[][] words = store.words;
        for (int i = 0; i < c; i++) {
            int pos = cand[i];
            part[i] = Long.bitCount(words[pos / HashStore.CHUNK][(pos % HashStore.CHUNK) << 2] ^ n0);
        }
        for (int i = 0; i < c; i++) {
            if (part[i] <= threshold) {
                int pos = cand[i];
                long[] w = words[pos / HashStore.CHUNK];
                int o = (pos % HashStore.CHUNK) << 2;
                int d = part[i]
                        + Long.bitCount(w[o + 1] ^ n1)
                        + Long.bitCount(w[o + 2] ^ n2)
                        + Long.bitCount(w[o + 3] ^ n3);
                // A compact table still lists removed positions until it is rebuilt.
                if (d <= threshold && store.isLive(pos)) {
                    add(pos);
                }
            }
        }
    }

    /** Checks every live entry: the fallback when probing would cost more. */
    void scanAll() {
        for (int pos = 0, top = store.top(); pos < top; pos++) {
            if (store.isLive(pos) && store.distance(pos, n0, n1, n2, n3) <= threshold) {
                add(pos);
            }
        }
    }

    private void add(int pos) {
        if (foundCount == found.length) {
            found = Arrays.copyOf(found, foundCount * 2);
        }
        found[foundCount++] = pos;
    }

    /** The entries found, each once, nearest first then by id. */
    List<Match> matches() {
        Arrays.sort(found, 0, foundCount);
        List<Match> out = new ArrayList<>();
        PdqHash needle = new PdqHash(n0, n1, n2, n3);
        for (int i = 0; i < foundCount; i++) {
            if (i > 0 && found[i] == found[i - 1]) {
                continue;
            }
            PdqHash h = store.hash(found[i]);
            out.add(new Match(store.id(found[i]), h, h.distance(needle)));
        }
        out.sort(null);
        return out;
    }

    private static int[] grow(int[] a, int n) {
        return a.length >= n ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }
}

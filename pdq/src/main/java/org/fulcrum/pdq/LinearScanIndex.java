package org.fulcrum.pdq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.StampedLock;

/**
 * Brute force: every query computes the distance to every entry. Entries are kept dense (a
 * removal moves the last entry into the hole) in chunked primitive arrays, so a scan is a
 * sequential pass over memory. {@link #queryAll} scans once for a batch of needles, a block of
 * entries at a time, so each block is read from memory once per batch rather than once per needle.
 *
 * <p>It is the baseline the multi-index is measured against and the oracle it is tested against.
 */
public final class LinearScanIndex implements HashIndex {
    /** 256 KiB of words per chunk: under half a G1 region, so not a humongous object. */
    private static final int CHUNK_BITS = 13;

    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;
    /** Entries per block in a batched scan: 32 KiB of hash words, about an L1 cache. */
    private static final int BLOCK = 1024;

    private final StampedLock lock = new StampedLock();
    private long[][] words = new long[0][];
    private long[][] ids = new long[0][];
    private int size;

    @Override
    public void add(long id, PdqHash hash) {
        long stamp = lock.writeLock();
        try {
            int chunk = size >>> CHUNK_BITS;
            if (chunk == words.length) {
                words = Arrays.copyOf(words, chunk + 1);
                ids = Arrays.copyOf(ids, chunk + 1);
                words[chunk] = new long[CHUNK * 4];
                ids[chunk] = new long[CHUNK];
            }
            put(size, id, hash.w0(), hash.w1(), hash.w2(), hash.w3());
            size++;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public boolean remove(long id, PdqHash hash) {
        long stamp = lock.writeLock();
        try {
            for (int p = 0; p < size; p++) {
                long[] w = words[p >>> CHUNK_BITS];
                int o = (p & MASK) << 2;
                if (ids[p >>> CHUNK_BITS][p & MASK] == id
                        && w[o] == hash.w0()
                        && w[o + 1] == hash.w1()
                        && w[o + 2] == hash.w2()
                        && w[o + 3] == hash.w3()) {
                    int last = size - 1;
                    long[] lw = words[last >>> CHUNK_BITS];
                    int lo = (last & MASK) << 2;
                    put(p, ids[last >>> CHUNK_BITS][last & MASK], lw[lo], lw[lo + 1], lw[lo + 2], lw[lo + 3]);
                    size = last;
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void put(int p, long id, long w0, long w1, long w2, long w3) {
        long[] w = words[p >>> CHUNK_BITS];
        int o = (p & MASK) << 2;
        w[o] = w0;
        w[o + 1] = w1;
        w[o + 2] = w2;
        w[o + 3] = w3;
        ids[p >>> CHUNK_BITS][p & MASK] = id;
    }

    @Override
    public List<Match> query(PdqHash needle, int threshold) {
        return queryAll(List.of(needle), threshold).get(0);
    }

    @Override
    public List<List<Match>> queryAll(List<PdqHash> needles, int threshold) {
        HashIndex.checkThreshold(threshold);
        int n = needles.size();
        long[] nw = new long[n * 4];
        for (int q = 0; q < n; q++) {
            PdqHash h = needles.get(q);
            nw[q * 4] = h.w0();
            nw[q * 4 + 1] = h.w1();
            nw[q * 4 + 2] = h.w2();
            nw[q * 4 + 3] = h.w3();
        }
        List<List<Match>> out = new ArrayList<>(n);
        for (int q = 0; q < n; q++) {
            out.add(new ArrayList<>());
        }
        long stamp = lock.readLock();
        try {
            for (int base = 0; base < size; base += BLOCK) {
                int end = Math.min(size, base + BLOCK);
                long[] w = words[base >>> CHUNK_BITS];
                long[] id = ids[base >>> CHUNK_BITS];
                int from = base & MASK;
                int to = from + (end - base);
                for (int q = 0; q < n; q++) {
                    long n0 = nw[q * 4];
                    long n1 = nw[q * 4 + 1];
                    long n2 = nw[q * 4 + 2];
                    long n3 = nw[q * 4 + 3];
                    for (int i = from; i < to; i++) {
                        int o = i << 2;
                        int d = Long.bitCount(w[o] ^ n0)
                                + Long.bitCount(w[o + 1] ^ n1)
                                + Long.bitCount(w[o + 2] ^ n2)
                                + Long.bitCount(w[o + 3] ^ n3);
                        if (d <= threshold) {
                            out.get(q).add(new Match(id[i], new PdqHash(w[o], w[o + 1], w[o + 2], w[o + 3]), d));
                        }
                    }
                }
            }
        } finally {
            lock.unlockRead(stamp);
        }
        for (List<Match> matches : out) {
            Collections.sort(matches);
        }
        return out;
    }

    @Override
    public int size() {
        long stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }
}

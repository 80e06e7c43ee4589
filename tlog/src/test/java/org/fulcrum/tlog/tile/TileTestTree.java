package org.fulcrum.tlog.tile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fulcrum.tlog.merkle.MemoryHashStore;
import org.fulcrum.tlog.merkle.Rfc6962;

/** A log of pseudo-random entries, with its entries, leaf hashes and stored hashes. */
final class TileTestTree {

    final List<byte[]> entries = new ArrayList<>();
    final List<byte[]> leafHashes = new ArrayList<>();
    final MemoryHashStore store = new MemoryHashStore();

    TileTestTree(int size, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < size; i++) {
            byte[] entry = new byte[1 + random.nextInt(30)];
            random.nextBytes(entry);
            entries.add(entry);
            leafHashes.add(Rfc6962.leafHash(entry));
        }
        store.appendLeaves(leafHashes);
    }

    /** MTH(D[lo:hi]) by the recursive definition. */
    byte[] mth(int lo, int hi) {
        if (hi - lo == 1) {
            return leafHashes.get(lo);
        }
        int k = Integer.highestOneBit(hi - lo - 1);
        return Rfc6962.nodeHash(mth(lo, lo + k), mth(lo + k, hi));
    }
}

package org.fulcrum.tlog.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A log of pseudo-random entries, kept both as stored hashes and as a plain leaf list. */
final class RandomTree {

    final List<byte[]> leafHashes;
    final MemoryHashStore store = new MemoryHashStore();
    final NaiveMerkle naive;

    RandomTree(int size, long seed) {
        Random random = new Random(seed);
        List<byte[]> hashes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte[] entry = new byte[random.nextInt(40)];
            random.nextBytes(entry);
            hashes.add(Rfc6962.leafHash(entry));
        }
        leafHashes = List.copyOf(hashes);
        store.appendLeaves(leafHashes);
        naive = new NaiveMerkle(leafHashes);
    }
}

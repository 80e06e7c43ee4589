package org.fulcrum.bench.pdq;

import java.util.SplittableRandom;
import org.fulcrum.pdq.HashIndex;
import org.fulcrum.pdq.PdqHash;

/**
 * Deterministic benchmark data, streamed into an index without holding millions of hash objects.
 *
 * <p>uniform: as Meta's benchmark-query builds it, {@code size - queries} random hashes plus, at
 * random positions, one copy of every query with 1..31 bits flipped; so each query has at least
 * one match at distance 31.
 *
 * <p>clustered: near-duplicate families, as banks of real media hold (re-encodes, crops, edits):
 * {@code size / 100} random centres, each with 99 variants 1..16 bits away, inserted round by round
 * so a family's members are far apart in memory; queries are centres with 0..15 bits flipped, so
 * each matches its whole family of 100.
 */
final class HashSets {
    static final int QUERIES = 1000;

    private HashSets() {}

    /** Fills {@code index} and returns the queries. */
    static PdqHash[] fill(HashIndex index, String dataset, int size, long seed) {
        return switch (dataset) {
            case "uniform" -> uniform(index, size, seed);
            case "clustered" -> clustered(index, size, seed);
            default -> throw new IllegalArgumentException("unknown dataset " + dataset);
        };
    }

    private static PdqHash[] uniform(HashIndex index, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PdqHash[] queries = new PdqHash[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = random(random);
        }
        int[] plantedAt =
                random.ints(0, size).distinct().limit(QUERIES).sorted().toArray();
        int next = 0;
        for (int i = 0; i < size; i++) {
            if (next < QUERIES && plantedAt[next] == i) {
                index.add(i, flip(queries[next], 1 + random.nextInt(31), random));
                next++;
            } else {
                index.add(i, random(random));
            }
        }
        shuffle(queries, random);
        return queries;
    }

    private static PdqHash[] clustered(HashIndex index, int size, long seed) {
        int families = Math.max(1, size / 100);
        PdqHash[] centres = new PdqHash[families];
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < families; c++) {
            centres[c] = random(random);
        }
        int id = 0;
        for (int round = 0; round < 100 && id < size; round++) {
            for (int c = 0; c < families && id < size; c++) {
                index.add(id++, round == 0 ? centres[c] : flip(centres[c], 1 + random.nextInt(16), random));
            }
        }
        PdqHash[] queries = new PdqHash[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = flip(centres[random.nextInt(families)], random.nextInt(16), random);
        }
        return queries;
    }

    static PdqHash random(SplittableRandom random) {
        return new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    /** {@code h} with exactly {@code bits} distinct bits inverted. */
    static PdqHash flip(PdqHash h, int bits, SplittableRandom random) {
        int[] chosen = random.ints(0, 256).distinct().limit(bits).toArray();
        PdqHash out = h;
        for (int k : chosen) {
            out = out.flip(k);
        }
        return out;
    }

    private static void shuffle(PdqHash[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            PdqHash t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

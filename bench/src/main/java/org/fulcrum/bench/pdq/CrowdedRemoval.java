package org.fulcrum.bench.pdq;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.fulcrum.pdq.MultiIndexHashIndex;
import org.fulcrum.pdq.PdqHash;

/**
 * Removing the many copies of one hash (a blank image banked under many ids) from an index of
 * {@code others} random hashes: {@code copies} copies added one by one (so some sit in the compact
 * tables and some in the growable ones), then removed one by one in a shuffled order, and the same
 * again removed all at once with {@code removeAll}; prints the wall time of each.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.pdq.CrowdedRemoval
 * [others] [copies]}
 */
public final class CrowdedRemoval {
    private static final PdqHash BLANK =
            new PdqHash(0x0123456789ABCDEFL, 0x0F1E2D3C4B5A6978L, 0x7766554433221100L, 0x1357924680ACEBDFL);

    private CrowdedRemoval() {}

    public static void main(String[] args) {
        int others = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 80_000;
        List<Long> order = new ArrayList<>();
        for (long i = 0; i < copies; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(3));
        for (int round = 1; round <= 3; round++) {
            MultiIndexHashIndex index = filled(others, copies);
            long start = System.nanoTime();
            for (long id : order) {
                if (!index.remove(id, BLANK)) {
                    throw new IllegalStateException("copy " + id + " was not there");
                }
            }
            double oneByOne = (System.nanoTime() - start) / 1e9;
            check(index, others);
            index = filled(others, copies);
            long[] ids = order.stream().mapToLong(Long::longValue).toArray();
            start = System.nanoTime();
            int removed = index.removeAll(ids, Collections.nCopies(copies, BLANK));
            double atOnce = (System.nanoTime() - start) / 1e9;
            if (removed != copies) {
                throw new IllegalStateException(removed + " of " + copies + " copies removed");
            }
            check(index, others);
            System.out.printf(
                    "round %d: %,d copies among %,d hashes, removed one by one in a shuffled order %.3f s"
                            + " (%.2f µs each), all at once %.3f s%n",
                    round, copies, others, oneByOne, oneByOne * 1e6 / copies, atOnce);
        }
    }

    private static MultiIndexHashIndex filled(int others, int copies) {
        SplittableRandom random = new SplittableRandom(11);
        MultiIndexHashIndex index = new MultiIndexHashIndex();
        index.addAll(
                others,
                i -> 1_000_000_000L + i,
                i -> new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
        for (int i = 0; i < copies; i++) {
            index.add(i, BLANK);
        }
        return index;
    }

    private static void check(MultiIndexHashIndex index, int others) {
        if (index.size() != others || !index.query(BLANK, 0).isEmpty()) {
            throw new IllegalStateException("copies left behind: size " + index.size());
        }
    }
}

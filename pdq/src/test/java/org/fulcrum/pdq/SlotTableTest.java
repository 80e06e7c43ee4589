package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/**
 * A growable table lists exactly the positions added and not removed under each key, through
 * blocks whose header moved forward over removed oldest entries; a crowded key's entries removed
 * in the order they came are each found first; and a key whose entries come and go in that order
 * keeps a block of about the size it needs.
 */
class SlotTableTest {

    @Test
    void listsWhatWasAddedAndNotRemoved() {
        Seeded.forAll(40, r -> {
            SplittableRandom random = new SplittableRandom(Seeded.anyLong(r));
            int bits = 4;
            SlotTable table = new SlotTable(bits, 64);
            List<List<Integer>> model = new ArrayList<>();
            for (int k = 0; k < (1 << bits); k++) {
                model.add(new ArrayList<>());
            }
            int next = 0;
            int size = 0;
            for (int step = 0, steps = Seeded.between(r, 1, 20_000); step < steps; step++) {
                int key = random.nextInt(3) == 0 ? random.nextInt(1 << bits) : 3;
                List<Integer> held = model.get(key);
                int op = random.nextInt(10);
                if (op < 5 || held.isEmpty()) {
                    table.add(key, next);
                    held.add(next++);
                    size++;
                } else {
                    // The oldest, the newest, one at random, or one not there.
                    int i = op < 7 ? 0 : op == 7 ? held.size() - 1 : random.nextInt(held.size());
                    if (op == 9) {
                        assertThat(table.remove(key, next + 5)).isZero();
                        assertThat(table.remove(key ^ 1, held.get(i))).isZero();
                    } else if (random.nextInt(8) == 0) {
                        int gone = held.get(i);
                        assertThat(table.removeAll(key, p -> p == gone)).isPositive();
                        held.remove(i);
                        size--;
                    } else {
                        assertThat(table.remove(key, held.get(i))).isPositive();
                        held.remove(i);
                        size--;
                    }
                }
            }
            Set<Integer> expected = new HashSet<>();
            model.forEach(expected::addAll);
            List<Integer> listed = new ArrayList<>();
            for (int p : table.positions(size)) {
                listed.add(p);
            }
            assertThat(listed).doesNotHaveDuplicates();
            assertThat(new HashSet<>(listed)).isEqualTo(expected);
            for (int k = 0; k < (1 << bits); k++) {
                List<Integer> held = new ArrayList<>(model.get(k));
                Collections.shuffle(held, new java.util.Random(k));
                for (int p : held) {
                    assertThat(table.remove(k, p)).isPositive();
                }
                assertThat(table.dir[k]).isZero();
            }
        });
    }

    @Test
    void entriesRemovedInTheOrderTheyCameAreEachFoundFirst() {
        SlotTable table = new SlotTable(12, 64);
        int copies = 100_000;
        for (int p = 0; p < copies; p++) {
            table.add(77, p);
        }
        for (int p = 0; p < copies; p++) {
            assertThat(table.remove(77, p)).isEqualTo(1);
        }
        assertThat(table.dir[77]).isZero();
    }

    @Test
    void entriesComingAndGoingInOrderKeepABlockOfTheSizeTheyNeed() {
        SlotTable table = new SlotTable(12, 64);
        int held = 1000;
        for (int p = 0; p < held; p++) {
            table.add(5, p);
        }
        long pool = table.bytesUsed();
        for (int p = held; p < 200_000; p++) {
            table.add(5, p);
            assertThat(table.remove(5, p - held)).isEqualTo(1);
        }
        assertThat(table.bytesUsed()).isLessThan(pool + 4L * 4 * held);
        assertThat(table.positions(held))
                .containsExactlyInAnyOrder(java.util.stream.IntStream.range(200_000 - held, 200_000)
                        .toArray());
    }
}

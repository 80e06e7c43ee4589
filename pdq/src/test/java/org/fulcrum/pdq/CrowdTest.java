package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/**
 * A crowd's list by id against a plain map of lists: any mix of adds (ids repeated, ids whose
 * cells collide) and takes gives back, for each id, exactly the positions listed under it, each
 * once; and the table shrinks as entries leave.
 */
class CrowdTest {

    @Test
    void takesGiveBackExactlyThePositionsListedUnderEachId() {
        Seeded.forAll(50, r -> {
            Crowd crowd = new Crowd(Seeded.between(r, 0, 100));
            Map<Long, ArrayDeque<Integer>> listed = new HashMap<>();
            Set<Integer> out = new HashSet<>();
            int ids = Seeded.between(r, 1, 400);
            int next = 0;
            int size = 0;
            for (int op = 0, ops = Seeded.between(r, 0, 5000); op < ops; op++) {
                // Ids from a small range, spread so that many share their home cell.
                long id = (long) r.nextInt(ids) << Seeded.between(r, 0, 40);
                if (r.nextInt(3) > 0) {
                    crowd.add(id, next);
                    listed.computeIfAbsent(id, k -> new ArrayDeque<>()).add(next);
                    next++;
                    size++;
                } else {
                    int pos = crowd.take(id);
                    ArrayDeque<Integer> positions = listed.getOrDefault(id, new ArrayDeque<>());
                    if (positions.isEmpty()) {
                        assertThat(pos).isEqualTo(-1);
                    } else {
                        assertThat(positions.remove(pos))
                                .as("position " + pos + " listed under " + id)
                                .isTrue();
                        assertThat(out.add(pos))
                                .as("position " + pos + " taken twice")
                                .isTrue();
                        size--;
                    }
                }
                assertThat(crowd.size()).isEqualTo(size);
            }
            for (Map.Entry<Long, ArrayDeque<Integer>> e : listed.entrySet()) {
                List<Integer> taken = new ArrayList<>();
                for (int pos; (pos = crowd.take(e.getKey())) >= 0; ) {
                    taken.add(pos);
                }
                assertThat(taken).containsExactlyInAnyOrderElementsOf(e.getValue());
            }
            assertThat(crowd.size()).isZero();
        });
    }

    @Test
    void theTableShrinksAsEntriesLeave() {
        Crowd crowd = new Crowd(16);
        for (int i = 0; i < 80_000; i++) {
            crowd.add(i, i);
        }
        long full = crowd.bytesUsed();
        for (int i = 0; i < 79_990; i++) {
            assertThat(crowd.take(i)).isEqualTo(i);
        }
        assertThat(crowd.bytesUsed()).isLessThan(full / 1000);
        for (int i = 79_990; i < 80_000; i++) {
            assertThat(crowd.take(i)).isEqualTo(i);
        }
        assertThat(crowd.take(0)).isEqualTo(-1);
    }
}

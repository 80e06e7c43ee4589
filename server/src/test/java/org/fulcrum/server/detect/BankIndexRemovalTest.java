package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.vpdq.VpdqFeature;
import org.junit.jupiter.api.Test;

/**
 * Hashes removed from a bank in one change leave its indexes together: removed PDQ hashes and
 * videos stop matching, and the videos kept, which share a frame with the removed ones, still
 * match.
 */
class BankIndexRemovalTest {
    private static final PdqHash BLACK = new PdqHash(0, 0, 0, 0);

    @Test
    void removedHashesAndVideosStopMatchingAndTheRestStillMatch() {
        SplittableRandom random = new SplittableRandom(21);
        BankIndex index = new BankIndex();
        Bank videos = bank("videos", BankSignal.video);
        Bank images = bank("images", BankSignal.image);
        index.put(videos);
        index.put(images);

        List<BankHash> banked = new ArrayList<>();
        List<List<VpdqFeature>> frames = new ArrayList<>();
        for (int v = 0; v < 300; v++) {
            // Every video opens on the same black frame.
            List<VpdqFeature> f = new ArrayList<>(List.of(new VpdqFeature(0, 100, BLACK, 0)));
            for (int i = 1; i < 4; i++) {
                f.add(new VpdqFeature(i, 100, randomHash(random), i));
            }
            frames.add(f);
            banked.add(BankHash.video(f, Optional.empty(), Optional.empty()));
        }
        index.added(videos, banked);
        List<BankHash> pdq = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pdq.add(new BankHash(
                    randomHash(random).toHex(), Optional.of(HashType.pdq), Optional.empty(), Optional.empty()));
        }
        index.added(images, pdq);

        index.removed(videos, banked.subList(0, 200));
        index.removed(images, pdq.subList(0, 150));

        assertThat(index.size(videos.id())).isEqualTo(100);
        assertThat(index.size(images.id())).isEqualTo(50);
        for (int v = 0; v < 300; v++) {
            assertThat(index.lookup(HashType.vpdq, banked.get(v).hash())).hasSize(v < 200 ? 0 : 1);
            List<String> found = index.lookupVideo(frames.get(v), 80, 80).stream()
                    .map(BankIndex.BankMatch::bankedHash)
                    .toList();
            assertThat(found)
                    .isEqualTo(v < 200 ? List.of() : List.of(banked.get(v).hash()));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(index.lookup(HashType.pdq, pdq.get(i).hash())).hasSize(i < 150 ? 0 : 1);
        }
        // The black frame, a quarter of every video, finds each video kept; the removed ones' frames are gone.
        assertThat(index.lookupVideo(List.of(new VpdqFeature(0, 100, BLACK, 0)), 80, 20))
                .hasSize(100);
        assertThat(index.frameCount(videos.id())).isEqualTo(100 * 4);
        index.removed(videos, banked.subList(200, 300));
        assertThat(index.lookupVideo(List.of(new VpdqFeature(0, 100, BLACK, 0)), 80, 20))
                .isEmpty();
        assertThat(index.frameCount(videos.id())).isZero();
    }

    private static Bank bank(String id, BankSignal signal) {
        return new Bank(
                id,
                id,
                "",
                BankKind.block,
                signal,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                31,
                VideoShares.DEFAULT,
                0,
                true,
                0,
                0,
                Optional.empty(),
                1,
                "test",
                Instant.EPOCH,
                Instant.EPOCH);
    }

    private static PdqHash randomHash(SplittableRandom random) {
        return new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }
}

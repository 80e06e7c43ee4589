package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.ManualTime;
import org.junit.jupiter.api.Test;

/** The frame picture cache: one draw per video however many ask at once, bounded in videos, bytes and age. */
class FrameCacheTest {
    static FrameCache.Key video(int i) {
        return new FrameCache.Key("p-" + i, 0, "digest-" + i);
    }

    static Optional<FrameCache.Pictures> pictures(int bytes) {
        return Optional.of(new FrameCache.Pictures(Map.of(0L, new byte[bytes]), Set.of(0L)));
    }

    @Test
    void manyAskingForOneVideoAtOnceCostOneDraw() throws Exception {
        FrameCache cache = new FrameCache(
                8, 1 << 20, Duration.ofMinutes(5), ManualTime.startingNow().clock());
        AtomicInteger draws = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Optional<FrameCache.Pictures>>> asked = new ArrayList<>();
        List<Thread> askers = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r);
            askers.add(t);
            return t;
        })) {
            for (int i = 0; i < 24; i++) {
                asked.add(pool.submit(() -> cache.get(video(1), () -> {
                    draws.incrementAndGet();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return pictures(10);
                })));
            }
            Await.await(
                    "every asker reaches the cache while the first draw is held: one draws, the others wait for it",
                    Duration.ofSeconds(10),
                    () -> draws.get() == 1
                            && askers.size() == 8
                            && askers.stream()
                                    .allMatch(t -> t.getState() == Thread.State.WAITING
                                            || t.getState() == Thread.State.TIMED_WAITING),
                    () -> askers.stream().map(Thread::getState).toList());
            release.countDown();
            for (var f : asked) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isPresent();
            }
        }
        assertThat(draws).hasValue(1);
    }

    @Test
    void theLeastRecentlyUsedVideoGoesFirstWhenVideosOrBytesRunOver() {
        FrameCache cache = new FrameCache(
                2, 100, Duration.ofMinutes(5), ManualTime.startingNow().clock());
        AtomicInteger draws = new AtomicInteger();
        cache.get(video(1), () -> count(draws, 10));
        cache.get(video(2), () -> count(draws, 10));
        cache.get(video(1), () -> count(draws, 10)); // 1 is now the most recently used
        cache.get(video(3), () -> count(draws, 10)); // over two videos: 2 goes
        assertThat(draws).hasValue(3);
        cache.get(video(1), () -> count(draws, 10));
        assertThat(draws).as("1 kept").hasValue(3);
        cache.get(video(2), () -> count(draws, 10));
        assertThat(draws).as("2 drawn again").hasValue(4);

        cache.get(video(4), () -> count(draws, 95)); // over 100 bytes: all others go
        assertThat(cache.size()).isEqualTo(1);
        cache.get(video(5), () -> count(draws, 200)); // larger than the bound itself: not kept
        assertThat(cache.size()).isZero();
    }

    @Test
    void picturesOlderThanTheAgeBoundAreDrawnAgain() {
        ManualTime time = ManualTime.startingNow();
        FrameCache cache = new FrameCache(8, 1 << 20, Duration.ofMinutes(5), time.clock());
        AtomicInteger draws = new AtomicInteger();
        cache.get(video(1), () -> count(draws, 10));
        time.advance(Duration.ofMinutes(4));
        cache.get(video(1), () -> count(draws, 10));
        assertThat(draws).hasValue(1);
        time.advance(Duration.ofMinutes(2));
        cache.get(video(1), () -> count(draws, 10));
        assertThat(draws).hasValue(2);
    }

    @Test
    void aVideoWhoseBytesCannotBeHadIsNotKept() {
        FrameCache cache = new FrameCache(
                8, 1 << 20, Duration.ofMinutes(5), ManualTime.startingNow().clock());
        AtomicInteger draws = new AtomicInteger();
        assertThat(cache.get(video(1), () -> {
                    draws.incrementAndGet();
                    return Optional.empty();
                }))
                .isEmpty();
        cache.get(video(1), () -> count(draws, 10));
        assertThat(draws).hasValue(2);
        assertThat(cache.size()).isEqualTo(1);
    }

    static Optional<FrameCache.Pictures> count(AtomicInteger draws, int bytes) {
        draws.incrementAndGet();
        return pictures(bytes);
    }
}

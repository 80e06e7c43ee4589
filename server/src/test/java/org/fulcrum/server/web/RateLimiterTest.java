package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.support.ManualTime;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final ManualTime time = new ManualTime(Instant.parse("2026-12-01T10:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(time.clock());

    @Test
    void aBucketHoldsOneMinuteOfItsRateAndThenRefusesWithATimeToRetry() {
        for (int i = 0; i < 30; i++) {
            limiter.acquire("reporter:a", 30);
        }
        assertThatThrownBy(() -> limiter.acquire("reporter:a", 30))
                .isInstanceOfSatisfying(
                        FulcrumException.RateLimited.class,
                        e -> assertThat(e.headers().get("Retry-After")).isEqualTo("2"));
    }

    @Test
    void theBucketRefillsContinuouslyAndNeverBeyondOneMinute() {
        for (int i = 0; i < 30; i++) {
            limiter.acquire("reporter:b", 30);
        }
        time.advance(Duration.ofSeconds(2));
        limiter.acquire("reporter:b", 30);
        assertThatThrownBy(() -> limiter.acquire("reporter:b", 30)).isInstanceOf(FulcrumException.RateLimited.class);
        time.advance(Duration.ofHours(1));
        for (int i = 0; i < 30; i++) {
            limiter.acquire("reporter:b", 30);
        }
        assertThatThrownBy(() -> limiter.acquire("reporter:b", 30)).isInstanceOf(FulcrumException.RateLimited.class);
    }

    @Test
    void callersHaveTheirOwnBuckets() {
        for (int i = 0; i < 30; i++) {
            limiter.acquire("reporter:c", 30);
        }
        limiter.acquire("reporter:d", 30);
        assertThatThrownBy(() -> limiter.acquire("reporter:c", 30)).isInstanceOf(FulcrumException.RateLimited.class);
    }
}

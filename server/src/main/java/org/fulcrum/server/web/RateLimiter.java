package org.fulcrum.server.web;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.fulcrum.server.core.FulcrumException;

/**
 * Token buckets keyed by caller (an address, a token, a reporter, an officer). Each bucket holds up
 * to one minute of its rate and refills continuously. In-memory per node; in a cluster each node
 * enforces its share, which is the usual trade against a shared counter on the hot path.
 */
public final class RateLimiter {
    private final Clock clock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Takes one token from {@code key}'s bucket, or throws {@link FulcrumException.RateLimited}. */
    public void acquire(String key, int perMinute) {
        if (perMinute <= 0) {
            return;
        }
        long now = clock.millis();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
        long waitMillis = bucket.take(perMinute, now);
        if (waitMillis > 0) {
            throw new FulcrumException.RateLimited(Math.max(1, (waitMillis + 999) / 1000));
        }
        if (buckets.size() > 200_000) {
            buckets.entrySet().removeIf(e -> e.getValue().idleSince(now) > 120_000);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.last = now;
        }

        synchronized long take(int perMinute, long now) {
            double perMilli = perMinute / 60_000.0;
            tokens = Math.min(perMinute, tokens + (now - last) * perMilli);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perMilli);
        }

        synchronized long idleSince(long now) {
            return now - last;
        }
    }
}

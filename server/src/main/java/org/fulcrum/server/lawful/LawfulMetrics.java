package org.fulcrum.server.lawful;

import io.prometheus.metrics.core.metrics.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.server.web.Metrics;

/**
 * Lawful-request metrics, and the most recent signature rejections kept in memory for the legal
 * console (a forged request is flagged to people, not only counted, without writing on failure).
 *
 * <p>Requests received, routed and their deadline alerts are deliberately not exported to
 * {@code /metrics}: a live counter would let anyone time a request under a secrecy order, which the
 * transparency report publishes only late and in bands. Only refused signatures (traffic that is
 * not a request) are counted there.
 */
public final class LawfulMetrics {
    private static final int RECENT = 200;

    private final Counter rejected;
    private final AtomicLong routedCount = new AtomicLong();
    private final AtomicLong alertCount = new AtomicLong();
    private final Deque<Rejection> recent = new ArrayDeque<>();
    private final Clock clock;

    public LawfulMetrics(Metrics metrics, Clock clock) {
        this.clock = clock;
        this.rejected = metrics.counter("fulcrum_lawful_signature_rejections_total",
                "Signed lawful requests rejected, by reason", "reason");
    }

    /** A rejected signed request. */
    public record Rejection(Instant at, String reason, String detail, String keyId, String address, String path) {
    }

    void received(Lane lane, String outcome, boolean wasRouted) {
        if (wasRouted) {
            routedCount.incrementAndGet();
        }
    }

    void rejected(SignatureRejected e, String keyId, String address, String path) {
        rejected.labelValues(e.reason().slug()).inc();
        synchronized (recent) {
            recent.addFirst(new Rejection(clock.instant(), e.reason().slug(), e.getMessage(),
                    keyId == null ? "" : keyId, address, path));
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    void alert() {
        alertCount.incrementAndGet();
    }

    public List<Rejection> recentRejections() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}

package org.fulcrum.server.lawful.request;

import io.prometheus.metrics.core.metrics.Counter;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.server.lawful.signature.SignatureRejected;
import org.fulcrum.server.web.Metrics;

/**
 * Lawful-request metrics. Rejections are also kept as records ({@link org.fulcrum.server.lawful.intake.Rejections}); the counter
 * here is for alerting.
 *
 * <p>Requests received, routed and their deadline alerts are deliberately not exported to
 * {@code /metrics}: a live counter would let anyone time a request under a secrecy order, which the
 * transparency report publishes only late and in bands. Only refused signatures (traffic that is
 * not a request) are counted there.
 */
public final class LawfulMetrics {
    private final Counter rejected;
    private final AtomicLong routedCount = new AtomicLong();
    private final AtomicLong alertCount = new AtomicLong();

    public LawfulMetrics(Metrics metrics) {
        this.rejected = metrics.counter(
                "fulcrum_lawful_signature_rejections_total",
                "Lawful requests rejected before they were stored, by reason",
                "reason");
    }

    public void received(Lane lane, String outcome, boolean wasRouted) {
        if (wasRouted) {
            routedCount.incrementAndGet();
        }
    }

    public void rejected(SignatureRejected.Reason reason) {
        rejected.labelValues(reason.slug()).inc();
    }

    public void alert() {
        alertCount.incrementAndGet();
    }
}

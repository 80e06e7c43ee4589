package org.fulcrum.server.lawful;

import io.prometheus.metrics.core.metrics.Counter;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.server.web.Metrics;

/**
 * Lawful-request metrics. Rejections are also kept as records ({@link Rejections}); the counter
 * here is for alerting.
 */
public final class LawfulMetrics {
    private final Counter received;
    private final Counter rejected;
    private final Counter routed;
    private final Counter alerts;
    private final AtomicLong routedCount = new AtomicLong();

    public LawfulMetrics(Metrics metrics) {
        this.received = metrics.counter("fulcrum_lawful_requests_total", "Lawful requests received by lane and first outcome",
                "lane", "outcome");
        this.rejected = metrics.counter("fulcrum_lawful_signature_rejections_total",
                "Lawful requests rejected before they were stored, by reason", "reason");
        this.routed = metrics.counter("fulcrum_lawful_routed_total", "Requests addressed to the wrong entity and routed");
        this.alerts = metrics.counter("fulcrum_lawful_deadline_alerts_total", "Deadline alerts raised before a breach");
    }

    void received(Lane lane, String outcome, boolean wasRouted) {
        received.labelValues(lane.name(), outcome).inc();
        if (wasRouted) {
            routed.inc();
            routedCount.incrementAndGet();
        }
    }

    void rejected(SignatureRejected.Reason reason) {
        rejected.labelValues(reason.slug()).inc();
    }

    void alert() {
        alerts.inc();
    }
}

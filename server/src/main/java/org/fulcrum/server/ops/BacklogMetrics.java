package org.fulcrum.server.ops;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.store.Database;

/**
 * Work waiting in the shared store, read at each scrape, the same on every node: content events
 * committed but not yet scanned by detection, live outbox claims per node, and how far the log's
 * newest signed checkpoint trails the log.
 */
public final class BacklogMetrics implements MultiCollector {
    private final Database db;
    private final Clock clock;
    private final String node;

    /** @param node this node, reported with no claims when it holds none */
    public BacklogMetrics(Database db, Clock clock, String node) {
        this.db = db;
        this.clock = clock;
        this.node = node;
    }

    private record NodeClaims(String node, long claims) {}

    private record Signed(long size, long createdAt) {}

    @Override
    public MetricSnapshots collect() {
        long now = clock.millis();
        long backlog = db.read(h -> h.createQuery("SELECT COUNT(*) FROM detection_pending")
                .mapTo(Long.class)
                .one());
        List<NodeClaims> claims = db.read(h -> h.createQuery("""
                        SELECT claimed_by, COUNT(*) AS claims FROM outbox
                        WHERE delivered_at IS NULL AND claimed_by IS NOT NULL AND claim_until > :now
                        GROUP BY claimed_by ORDER BY claimed_by""")
                .bind("now", now)
                .map((rs, ctx) -> new NodeClaims(rs.getString("claimed_by"), rs.getLong("claims")))
                .list());
        long size = db.read(h -> h.createQuery("SELECT size FROM log_state WHERE id = 1")
                        .mapTo(Long.class)
                        .findOne())
                .orElse(0L);
        Optional<Signed> signed = db.read(h -> h.createQuery("""
                        SELECT size, created_at FROM log_checkpoint ORDER BY size DESC LIMIT 1""")
                .map((rs, ctx) -> new Signed(rs.getLong("size"), rs.getLong("created_at")))
                .findOne());
        GaugeSnapshot.Builder perNode = GaugeSnapshot.builder()
                .name("fulcrum_outbox_claims")
                .help("Outbox records under a live claim, by the node holding the claim");
        claims.forEach(c -> perNode.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("node", c.node()))
                .value(c.claims())
                .build()));
        if (claims.stream().noneMatch(c -> c.node().equals(node))) {
            perNode.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("node", node))
                    .value(0)
                    .build());
        }
        return MetricSnapshots.of(
                gauge(
                        "fulcrum_detection_backlog",
                        "Content events committed but not yet scanned by detection",
                        backlog),
                perNode.build(),
                gauge(
                        "fulcrum_log_unsigned_entries",
                        "Log entries not yet covered by a signed checkpoint",
                        size - signed.map(Signed::size).orElse(0L)),
                gauge(
                        "fulcrum_log_checkpoint_age_seconds",
                        "Seconds since the newest checkpoint was signed",
                        signed.map(s -> Math.max(0, now - s.createdAt()) / 1000.0)
                                .orElse(0.0)));
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
                .build();
    }
}

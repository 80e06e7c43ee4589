package org.fulcrum.server.detect;

import io.prometheus.metrics.core.metrics.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the bank change sequence ({@code bank_change}) from the last row this node applied and
 * applies the other nodes' changes to the {@link BankIndex} as they are: hashes added and removed,
 * settings changed, banks dropped. This node's own rows are skipped: their after-commit update
 * applied them already. A whole bank is loaded again only when the rows this node still needed
 * were pruned (it was stopped for longer than the sequence is kept), and that is counted.
 */
final class BankFeed {
    private static final Logger LOG = LoggerFactory.getLogger(BankFeed.class);
    /** Rows read per poll; a longer backlog is read over the next polls. */
    static final int PAGE = 10_000;
    /** How long rows are kept: a node stopped for longer loads every bank when it starts anyway. */
    static final Duration KEEP = Duration.ofDays(1);

    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final Database db;
    private final BankIndex index;
    private final String origin;
    private final Clock clock;
    private final Counter applied;
    private final Counter reloads;
    private long last;
    private Instant nextPrune = Instant.MIN;

    BankFeed(Database db, BankIndex index, BankChanges changes, Clock clock, Metrics metrics) {
        this.db = db;
        this.index = index;
        this.origin = changes.origin();
        this.clock = clock;
        this.applied = metrics.counter(
                "fulcrum_detection_bank_changes_applied_total",
                "Bank changes made on other nodes and applied here as deltas");
        this.reloads = metrics.counter(
                "fulcrum_detection_bank_reloads_total",
                "Whole reloads of every bank (at start, or after falling behind the pruned change sequence)");
    }

    /** Loads every bank, after noting the sequence's position so no change made meanwhile is missed. */
    synchronized void start() {
        last = position();
        index.loadAll(db);
        reloads.inc();
    }

    /** The last sequence number written. */
    private long position() {
        return db.read(h -> h.createQuery("SELECT last FROM bank_change_counter WHERE id = 1")
                .mapTo(Long.class)
                .one());
    }

    /** Whole reloads since this node started (the first load included). */
    long reloads() {
        return (long) reloads.get();
    }

    /** Other nodes' changes applied so far. */
    long applied() {
        return (long) applied.get();
    }

    private record Row(long seq, String bankId, BankChanges.Op op, String type, String hash, String origin) {}

    /** Applies the changes past the last one applied; returns how many rows it read. */
    synchronized int poll() {
        List<Row> rows = db.read(h -> h.createQuery("""
                        SELECT seq, bank_id, op, type, hash, origin FROM bank_change WHERE seq > :last ORDER BY seq
                        LIMIT :page""")
                .bind("last", last)
                .bind("page", PAGE)
                .map((rs, ctx) -> new Row(
                        rs.getLong("seq"),
                        rs.getString("bank_id"),
                        BankChanges.Op.valueOf(rs.getString("op")),
                        rs.getString("type"),
                        rs.getString("hash"),
                        rs.getString("origin")))
                .list());
        if (!rows.isEmpty() && rows.getFirst().seq() != last + 1) {
            LOG.atWarn()
                    .addKeyValue("from", last)
                    .addKeyValue("next", rows.getFirst().seq())
                    .log("bank changes this node needed were pruned; loading every bank");
            start();
            return rows.size();
        }
        apply(rows);
        if (!rows.isEmpty()) {
            last = rows.getLast().seq();
        }
        prune();
        return rows.size();
    }

    private void apply(List<Row> rows) {
        int i = 0;
        while (i < rows.size()) {
            Row r = rows.get(i);
            int j = i + 1;
            // consecutive rows of one kind on one bank from one node apply as one delta
            while (j < rows.size()
                    && rows.get(j).bankId().equals(r.bankId())
                    && rows.get(j).op() == r.op()
                    && rows.get(j).origin().equals(r.origin())) {
                j++;
            }
            if (!r.origin().equals(origin)) {
                apply(r, rows.subList(i, j));
                applied.inc(j - i);
            }
            i = j;
        }
    }

    private void apply(Row first, List<Row> rows) {
        switch (first.op()) {
            case settings -> db.read(h -> Banks.find(h, first.bankId())).ifPresent(index::put);
            case drop -> index.dropped(first.bankId());
            case add ->
                index.added(
                        first.bankId(),
                        hashes(rows),
                        video -> db.read(h -> BankVideoFrames.of(h, first.bankId(), video)));
            case remove -> index.removed(first.bankId(), hashes(rows));
        }
    }

    private static List<BankHash> hashes(List<Row> rows) {
        List<BankHash> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new BankHash(
                    r.hash(), Optional.of(HashType.valueOf(r.type())), Optional.empty(), Optional.empty()));
        }
        return out;
    }

    private void prune() {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        long cutoff = now.minus(KEEP).toEpochMilli();
        db.write(tx -> tx.handle()
                .createUpdate("DELETE FROM bank_change WHERE created_at < :cutoff")
                .bind("cutoff", cutoff)
                .execute());
    }
}

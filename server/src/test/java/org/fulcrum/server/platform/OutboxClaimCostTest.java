package org.fulcrum.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;
import org.sqlite.Function;

/**
 * A claim costs the same at any backlog: counted in rows the query reads, not in time, between 1,000
 * and 200,000 undelivered records (half of them waiting behind an earlier record of their subject,
 * as a takedown's statement of reasons waits for its removal).
 */
class OutboxClaimCostTest {
    private static final Json JSON = Json.strict();

    static final int ROUND = 100;
    final ManualTime clock = new ManualTime(Instant.parse("2026-12-04T10:00:00Z"));

    @Test
    void sqliteClaimReadsOneRoundOfTheReadyIndexWhateverTheBacklog() throws Exception {
        long small = sqliteRowsRead(1_000);
        long large = sqliteRowsRead(200_000);
        assertThat(small).isEqualTo(ROUND);
        assertThat(large).as("rows read at 200k undelivered").isEqualTo(small);
    }

    @Test
    void postgresClaimReadsOneRoundOfTheReadyIndexWhateverTheBacklog() throws Exception {
        Postgres.require();
        Config config = TestApp.config(Files.createTempDirectory("fulcrum-claim-cost-pg"))
                .withDatabase(Postgres.URL, "", "", Postgres.freshSchema());
        long small;
        long large;
        // One schema, migrated once: emptied between the two backlogs by TRUNCATE, which leaves a
        // new, empty table as a fresh schema has, with no dead rows for the claim to step over.
        try (Database db = Database.open(config, clock.clock())) {
            small = postgresRowsRead(db, 1_000);
            db.writeAlone(tx -> tx.handle().execute("TRUNCATE outbox"));
            large = postgresRowsRead(db, 200_000);
        }
        // The planner may read a small table differently; what matters is that nothing grows with it.
        assertThat(small).as("rows read at 1k undelivered").isLessThanOrEqualTo(3L * ROUND);
        assertThat(large).as("rows read at 200k undelivered").isLessThanOrEqualTo(3L * ROUND);
    }

    /** Rows of {@code outbox} the SQLite claim reads, with the plan checked to read nothing else. */
    private long sqliteRowsRead(int backlog) throws Exception {
        try (Database db =
                Database.open(TestApp.seeded(Files.createTempDirectory("fulcrum-claim-cost")), clock.clock())) {
            fill(db, backlog);
            List<String> plan = db.read(h -> h.createQuery("EXPLAIN QUERY PLAN " + OutboxClaims.SQLITE_CLAIM)
                    .bind("node", "n")
                    .bind("until", 0L)
                    .bind("now", clock.millis())
                    .bind("limit", ROUND)
                    .map((rs, ctx) -> rs.getString("detail"))
                    .list());
            assertThat(plan)
                    .as("the claim's plan")
                    .anyMatch(d -> d.contains("USING INDEX outbox_ready"))
                    .noneMatch(d -> d.startsWith("SCAN outbox"))
                    .noneMatch(d -> d.contains("TEMP B-TREE"))
                    .noneMatch(d -> d.contains("CORRELATED"));
            // The same statement with a counter on every row the walk hands to the rest of the query.
            String marker = "WHERE delivered_at IS NULL AND next_attempt_at <= :now";
            assertThat(OutboxClaims.SQLITE_CLAIM).contains(marker);
            String counted = OutboxClaims.SQLITE_CLAIM.replace(marker, marker + " AND read_row(action_id)");
            AtomicLong rows = new AtomicLong();
            List<OutboxClaims.Claimed> claimed = db.writeAlone(tx -> {
                Function.create(
                        tx.handle().getConnection().unwrap(org.sqlite.SQLiteConnection.class),
                        "read_row",
                        new Function() {
                            @Override
                            protected void xFunc() throws java.sql.SQLException {
                                rows.incrementAndGet();
                                result(1);
                            }
                        });
                try {
                    return tx.handle()
                            .createQuery(counted)
                            .bind("node", "n")
                            .bind("until", clock.millis() + 60_000)
                            .bind("now", clock.millis())
                            .bind("limit", ROUND)
                            .map((rs, ctx) -> new OutboxClaims.Claimed(
                                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5)))
                            .list();
                } finally {
                    Function.destroy(tx.handle().getConnection().unwrap(org.sqlite.SQLiteConnection.class), "read_row");
                }
            });
            assertThat(claimed).hasSize(ROUND);
            return rows.get();
        }
    }

    /** Rows the PostgreSQL claim's plan reads and discards, from {@code EXPLAIN (ANALYZE, FORMAT JSON)}. */
    private long postgresRowsRead(Database db, int backlog) throws Exception {
        fill(db, backlog);
        db.writeAlone(tx -> tx.handle().execute("ANALYZE outbox"));
        String json;
        try {
            db.writeAlone(tx -> {
                // Only the plan is wanted: failing the unit undoes the claim EXPLAIN ANALYZE made.
                throw new PlanOnly(tx.handle()
                        .createQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + OutboxClaims.POSTGRES_CLAIM)
                        .bind("node", "n")
                        .bind("until", clock.millis() + 60_000)
                        .bind("now", clock.millis())
                        .bind("limit", ROUND)
                        .mapTo(String.class)
                        .one());
            });
            throw new AssertionError("unreachable");
        } catch (PlanOnly p) {
            json = p.plan;
        }
        JsonNode root = JSON.mapper().readTree(json).get(0).get("Plan");
        assertThat(json).as("no sequential scan of the outbox: " + json).doesNotContain("\"Seq Scan\"");
        assertThat(json).contains("outbox_ready");
        return rowsRead(root);
    }

    private static final class PlanOnly extends RuntimeException {
        final String plan;

        PlanOnly(String plan) {
            super(null, null, false, false);
            this.plan = plan;
        }
    }

    /** Rows every scan of the plan produced plus those its filters threw away, over all loops. */
    private static long rowsRead(JsonNode node) {
        long own = 0;
        String type = node.path("Node Type").asText();
        if (type.contains("Scan")) {
            long loops = Math.max(1, node.path("Actual Loops").asLong());
            own = (node.path("Actual Rows").asLong()
                            + node.path("Rows Removed by Filter").asLong())
                    * loops;
        }
        long children = 0;
        for (JsonNode child : node.path("Plans")) {
            children += rowsRead(child);
        }
        return own + children;
    }

    /**
     * {@code backlog} undelivered records of {@code backlog / 2} subjects, two each: the first due,
     * the second waiting for it; and as many delivered ones before them.
     */
    private void fill(Database db, int backlog) {
        long now = clock.millis();
        String numbers = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :last) ";
        db.writeAlone(tx -> {
            tx.handle()
                    .createUpdate("""
                    INSERT INTO outbox (action_id, subject_id, subject_seq, payload, created_at, next_attempt_at,
                                        delivered_at)
                    %s SELECT 'old-' || i, 'old-subj-' || (i / 2), i %% 2 + 1, '{}', :now - 100000, :now - 100000,
                              :now - 50000 FROM n""".formatted(numbers))
                    .bind("last", backlog - 1)
                    .bind("now", now)
                    .execute();
            tx.handle()
                    .createUpdate("""
                    INSERT INTO outbox (action_id, subject_id, subject_seq, payload, created_at, next_attempt_at)
                    %s SELECT 'act-' || i, 'subj-' || (i / 2), i %% 2 + 1, '{}', :now - :backlog + i,
                              CASE WHEN i %% 2 = 0 THEN :now - :backlog + i ELSE :waiting END FROM n""".formatted(numbers))
                    .bind("last", backlog - 1)
                    .bind("now", now)
                    .bind("backlog", backlog)
                    .bind("waiting", SqlOutbox.WAITING)
                    .execute();
            return null;
        });
        long undelivered = db.read(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL")
                .mapTo(Long.class)
                .one());
        assertThat(undelivered).isEqualTo(backlog);
    }
}

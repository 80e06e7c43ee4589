package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * The checkpointer looks for expired secrecy orders every round: that look must go through the
 * index of unrevealed sealed entries, never along the whole log.
 */
class RevealDueIndexTest {
    @Test
    void findingSealedEntriesDueForRevealReadsTheirIndexNotTheLog() throws Exception {
        try (Database db =
                Database.open(TestApp.seeded(Files.createTempDirectory("fulcrum-reveal")), Clock.systemUTC())) {
            db.writeAlone(tx -> tx.handle().createUpdate("""
                    INSERT INTO log_entry (idx, data, kind, at)
                    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
                    SELECT i, x'00', 'action', 0 FROM n""").execute());
            db.writeAlone(tx -> tx.handle().execute("ANALYZE"));
            List<String> plan = db.read(h -> h.createQuery("EXPLAIN QUERY PLAN " + LogWriter.REVEAL_DUE)
                    .bind("now", 0L)
                    .map((rs, ctx) -> rs.getString("detail"))
                    .list());
            assertThat(plan)
                    .as(plan.toString())
                    .anyMatch(d -> d.contains("log_entry_reveal_due"))
                    .noneMatch(d -> d.startsWith("SCAN e"));
        }
    }
}

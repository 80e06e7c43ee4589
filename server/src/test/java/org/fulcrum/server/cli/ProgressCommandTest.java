package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** {@code fulcrum progress}: a bar and the counts of each sweep and retro-hunt, read from the store. */
class ProgressCommandTest {
    @Test
    void showsARunningSweepAndAFinishedHuntWithTheirBars() throws Exception {
        try (Database db =
                Database.open(TestApp.seeded(Files.createTempDirectory("fulcrum-progress")), Clock.systemUTC())) {
            db.write(tx -> tx.handle().execute("""
                    INSERT INTO review_sweep (id, query, decision, status, total, decided, skipped, requested_by,
                                              started_at, updated_at)
                    VALUES ('sweep-1', '{}', '{}', 'running', 2000, 450, 50, 'staff:alice', 1, 1)"""));
            db.write(tx -> tx.handle().execute("""
                    INSERT INTO detect_hunt (id, detector_kind, detector_id, detector_name, act, status, scanned, matched,
                                             requested_by, started_at, total)
                    VALUES ('hunt-1', 'rule', 'rule-1', 'raid words', 1, 'done', 800, 12, 'staff:alice', 0, 800)"""));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ProgressCommand.print(ProgressCommand.read(db), new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(out)
                    .contains("sweep-1")
                    .contains("[#######.......................]  25%")
                    .contains("500 of 2,000")
                    .contains("450 decided, 50 skipped")
                    .contains("running");
            assertThat(out)
                    .contains("hunt-1")
                    .contains("[##############################] 100%")
                    .contains("12 matched")
                    .contains("(raid words)");
        }
    }

    @Test
    void theBarFillsInProportion() {
        assertThat(ProgressCommand.bar(0, 10)).isEqualTo("[..........]");
        assertThat(ProgressCommand.bar(45, 20)).isEqualTo("[#########...........]");
        assertThat(ProgressCommand.bar(100, 10)).isEqualTo("[##########]");
    }
}

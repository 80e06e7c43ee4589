package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fulcrum.server.cli.Main;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** {@code fulcrum sor export} writes one DSA batch file per batch of at most 100 statements. */
class SorExportCommandTest {
    private static final Json JSON = Json.strict();

    @Test
    void writesEveryStatementInBatchFilesThatValidate() throws Exception {
        try (TestApp app = TestApp.sqlite(c -> c.withRateLimits(0, 0))) {
            Http moderator = new Moderators(app).moderator("alice");
            app.platform().postJson("/v1/platform/events", Events.batch(0, 7, "cli"));
            List<String> cases = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                cases.add(app.platform()
                        .postJson("/v1/notices", Notices.report("spam", "u" + i, "cli-post-" + i))
                        .json()
                        .at("/items/0/caseId")
                        .asText());
            }
            moderator.postJson("/v1/review/bulk", Map.of("caseIds", cases, "decision", Moderators.remove("ToS 9")));
            Path out = Files.createTempDirectory("sor-export");
            assertThat(Main.run("sor", "export", "--server", app.url(), "--out", out.toString(), "--batch", "3"))
                    .isZero();
            List<Path> files;
            try (Stream<Path> s = Files.list(out)) {
                files = s.sorted().toList();
            }
            assertThat(files).hasSize(3);
            int total = 0;
            for (Path f : files) {
                JsonNode batch = JSON.mapper().readTree(Files.readString(f));
                assertThat(batch.size()).isEqualTo(1);
                assertThat(batch.get("statements").size()).isBetween(1, 3);
                for (JsonNode s : batch.get("statements")) {
                    assertThat(DsaStatementSchema.violations(s)).isEmpty();
                    total++;
                }
            }
            assertThat(total).isEqualTo(7);
            assertThat(Main.run("sor", "export", "--server", app.url(), "--out", out.toString(), "--batch", "101"))
                    .isNotZero();
        }
    }
}

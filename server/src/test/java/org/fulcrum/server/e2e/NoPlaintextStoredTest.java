package org.fulcrum.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.simulator.E2eChats;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * After an E2E exchange in the simulated messenger and one report, no stored row anywhere holds the
 * plaintext of a message that was not reported; the reported one is kept only as report evidence.
 */
class NoPlaintextStoredTest {
    private static final Json JSON = Json.strict();

    @Test
    void onlyTheReportedMessageIsEverStored() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            E2eChats chats = new E2eChats("relay-scan", Clock.systemUTC());
            app.app()
                    .module(ModerationModule.class)
                    .relayKeys()
                    .register(
                            "test",
                            chats.relayKeyId(),
                            chats.relayPublicKey(),
                            Instant.now().minusSeconds(60));
            List<String> unreported = new ArrayList<>();
            String reportJson = null;
            for (int i = 0; i < 20; i++) {
                String text = "private message number " + i + " with a secret " + Long.toHexString(System.nanoTime());
                String report = chats.sendAndReport("acct-" + (i % 3), "conv-scan", text);
                if (i == 7) {
                    reportJson = report;
                    continue;
                }
                unreported.add(text);
            }
            ObjectNode body = JSON.mapper().createObjectNode();
            body.put("reporterId", "acct-9");
            body.put("reason", "harassment");
            body.set("report", JSON.mapper().readTree(reportJson));
            assertThat(app.platform()
                            .postJson("/v1/notices/e2e", body.toString())
                            .status())
                    .isEqualTo(201);
            String reported = new String(
                    Base64.getUrlDecoder()
                            .decode(JSON.mapper()
                                    .readTree(reportJson)
                                    .get("message")
                                    .asText()),
                    StandardCharsets.UTF_8);

            List<String> tables = app.app()
                    .module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
                            .mapTo(String.class)
                            .list());
            List<String> hitsOfReported = new ArrayList<>();
            for (String table : tables) {
                app.app()
                        .module(StoreModule.class)
                        .db()
                        .read(h -> h.createQuery("SELECT * FROM \"" + table + "\"")
                                .map((rs, ctx) -> {
                                    scan(rs, table, unreported, reported, hitsOfReported);
                                    return 0;
                                })
                                .list());
            }
            assertThat(hitsOfReported)
                    .as("the reported message is kept as evidence, and only there")
                    .containsOnly("e2e_report");
        }
    }

    private static void scan(ResultSet rs, String table, List<String> unreported, String reported, List<String> hits)
            throws java.sql.SQLException {
        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
            Object value = rs.getObject(c);
            String text = switch (value) {
                case null -> null;
                case byte[] b -> new String(b, StandardCharsets.UTF_8);
                default -> value.toString();
            };
            if (text == null) {
                continue;
            }
            String decoded = decodeIfBase64(text);
            for (String secret : unreported) {
                assertThat(text)
                        .as(table + "." + rs.getMetaData().getColumnName(c))
                        .doesNotContain(secret);
                assertThat(decoded)
                        .as(table + "." + rs.getMetaData().getColumnName(c))
                        .doesNotContain(secret);
            }
            if (text.contains(reported) || decoded.contains(reported)) {
                hits.add(table);
            }
        }
    }

    private static String decodeIfBase64(String text) {
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }
}

package org.fulcrum.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.config.FrankingConfig;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.simulator.E2eChats;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Franking version 2 on the report intake: a report is accepted only from the recipient the relay
 * stamped, version 1 only while it is accepted, and no stamp older than the configured maximum age.
 */
class ReporterBindingTest {
    private static final Json JSON = Json.strict();

    static TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    static E2eChats relay(Clock clock, String keyId) {
        E2eChats chats = new E2eChats(keyId, clock);
        app.app()
                .module(ModerationModule.class)
                .relayKeys()
                .register(
                        "test",
                        chats.relayKeyId(),
                        chats.relayPublicKey(),
                        Instant.now().minus(Duration.ofDays(400)));
        return chats;
    }

    static Http.Response submit(String reporter, String reportJson) throws Exception {
        ObjectNode body = JSON.mapper().createObjectNode();
        body.put("reporterId", reporter);
        body.put("reason", "threat_to_life");
        body.set("report", JSON.mapper().readTree(reportJson));
        return app.platform().postJson("/v1/notices/e2e", body.toString());
    }

    static long written() {
        return app.queryLong("SELECT COUNT(*) FROM e2e_report")
                + app.queryLong("SELECT COUNT(*) FROM e2e_rejection")
                + app.queryLong("SELECT COUNT(*) FROM notice");
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithDefaults {
        TestApp shared;
        E2eChats now;
        E2eChats monthAgo;

        @BeforeAll
        void start() {
            shared = TestApp.sqlite();
            app = shared;
            now = relay(Clock.systemUTC(), "relay-v2");
            monthAgo = relay(Clock.fixed(Instant.now().minus(Duration.ofDays(31)), ZoneOffset.UTC), "relay-old");
            app = null;
        }

        @BeforeEach
        void use() {
            app = shared;
        }

        @AfterEach
        void keep() {
            app = null;
        }

        @AfterAll
        void close() {
            shared.close();
        }

        @Test
        void aVersionTwoReportIsAcceptedFromItsRecipient() throws Exception {
            String report = now.sendAndReport("acct-threat", "acct-victim", "dm-1", "I know where you live.");
            assertThat(JSON.mapper().readTree(report).get("version").asInt()).isEqualTo(2);

            Http.Response r = submit("acct-victim", report);

            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(app.queryLong(
                            "SELECT COUNT(*) FROM e2e_report WHERE reporter_id = 'acct-victim' AND conversation_id"
                                    + " = 'dm-1'"))
                    .isEqualTo(1);
        }

        @Test
        void aForwardedVersionTwoReportIsRefusedAndNothingIsWritten() throws Exception {
            String report = now.sendAndReport("acct-threat", "acct-victim", "dm-2", "I know where you live.");
            long before = written();

            Http.Response r = submit("acct-bystander", report);

            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("type").asText()).endsWith("/e2e-report-not-recipient");
            assertThat(r.json().get("detail").asText()).contains("acct-victim");
            assertThat(r.json().at("/errors/0/reason").asText()).isEqualTo("NOT_RECIPIENT");
            assertThat(written()).isEqualTo(before);
        }

        @Test
        void aRecipientChangedToTheSubmitterIsAForgedStamp() throws Exception {
            ObjectNode report =
                    (ObjectNode) JSON.mapper().readTree(now.sendAndReport("acct-threat", "acct-victim", "dm-3", "hi"));
            report.put("recipient_id", "acct-bystander");

            Http.Response r = submit("acct-bystander", report.toString());

            assertThat(r.status()).isEqualTo(422);
            assertThat(r.json().at("/errors/0/reason").asText()).isEqualTo("BAD_STAMP");
        }

        @Test
        void aStampOlderThanThirtyDaysIsRefusedWithItsAge() throws Exception {
            String report = monthAgo.sendAndReport("acct-threat", "acct-victim", "dm-4", "old");
            long before = app.queryLong("SELECT COUNT(*) FROM e2e_report");

            Http.Response r = submit("acct-victim", report);

            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.json().at("/errors/0/reason").asText()).isEqualTo("TIMESTAMP_OUT_OF_RANGE");
            assertThat(r.json().get("detail").asText()).contains("older than 30 days");
            assertThat(app.queryLong("SELECT COUNT(*) FROM e2e_report")).isEqualTo(before);
        }

        @Test
        void aVersionOneReportIsStillAcceptedFromAnyReporter() throws Exception {
            String report = now.sendAndReport("acct-threat", "dm-5", "hi");

            assertThat(submit("acct-anyone", report).status()).isEqualTo(201);
        }
    }

    @Nested
    class Configured {
        @Test
        void theMaximumStampAgeIsConfigurable() throws Exception {
            app = TestApp.sqlite(c -> c.withFranking(new FrankingConfig(Duration.ofDays(90), true)));
            Clock weeksAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(31)), ZoneOffset.UTC);
            String report = relay(weeksAgo, "relay-old").sendAndReport("acct-threat", "acct-victim", "dm-6", "old");

            assertThat(submit("acct-victim", report).status()).isEqualTo(201);
        }

        @Test
        void versionOneIsRefusedOnceTurnedOff() throws Exception {
            app = TestApp.sqlite(c -> c.withFranking(new FrankingConfig(Duration.ofDays(30), false)));
            E2eChats chats = relay(Clock.systemUTC(), "relay-both");

            Http.Response v1 = submit("acct-victim", chats.sendAndReport("acct-threat", "dm-7", "hi"));
            Http.Response v2 = submit("acct-victim", chats.sendAndReport("acct-threat", "acct-victim", "dm-7", "hi"));

            assertThat(v1.status()).isEqualTo(422);
            assertThat(v1.json().at("/errors/0/reason").asText()).isEqualTo("VERSION_NOT_ACCEPTED");
            assertThat(v2.status()).isEqualTo(201);
        }
    }
}

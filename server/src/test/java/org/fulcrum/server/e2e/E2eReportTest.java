package org.fulcrum.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.simulator.E2eChats;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A franked report from an E2E chat is verified and acted on without any E2E key; forgeries are refused. */
class E2eReportTest {
    private static final Json JSON = Json.strict();

    static TestApp app;
    static E2eChats chats;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        chats = new E2eChats("relay-2026", Clock.systemUTC());
        app.app()
                .module(ModerationModule.class)
                .relayKeys()
                .register(
                        "test",
                        chats.relayKeyId(),
                        chats.relayPublicKey(),
                        Instant.now().minusSeconds(60));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Http.Response submit(String reporter, String reportJson) throws Exception {
        ObjectNode body = JSON.mapper().createObjectNode();
        body.put("reporterId", reporter);
        body.put("reason", "threat_to_life");
        body.set("report", JSON.mapper().readTree(reportJson));
        return app.platform().postJson("/v1/notices/e2e", body.toString());
    }

    @Test
    void aVerifiedReportIsRecordedLoggedAndIdempotent() throws Exception {
        String report = chats.sendAndReport("acct-threat", "conv-1", "I know where you live. Tonight.");
        Http.Response r = submit("acct-victim", report);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String subject = r.json().get("subjectId").asText();
        assertThat(app.platform()
                        .get("/v1/platform/subjects/" + subject)
                        .json()
                        .get("authorId")
                        .asText())
                .isEqualTo("acct-threat");
        long logIndex = r.json().get("logIndex").asLong();
        app.app().module(TransparencyModule.class).checkpointer().checkpoint();
        var entry = app.http().get("/v1/log/entries/" + logIndex).json();
        assertThat(entry.at("/entry/kind").asText()).isEqualTo("report_verified");
        // the verified report became a notice against the sender's account, with a case to review
        assertThat(app.queryLong("SELECT COUNT(*) FROM notice WHERE external_ref = '"
                        + r.json().get("reportId").asText() + "'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM notice_item WHERE subject_id = 'acct-threat'"))
                .isEqualTo(1);
        assertThat(entry.toString())
                .doesNotContain("acct-victim")
                .doesNotContain("acct-threat")
                .doesNotContain("Tonight");
        var again = submit("acct-victim", report);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(app.queryLong("SELECT COUNT(*) FROM e2e_report")).isEqualTo(1);
        String stored = app.queryString("SELECT message FROM e2e_report");
        assertThat(new String(Base64.getDecoder().decode(stored))).isEqualTo("I know where you live. Tonight.");
    }

    @Test
    void anAlteredMessageIsRefusedAndCountedAgainstTheReporter() throws Exception {
        ObjectNode report = (ObjectNode) JSON.mapper().readTree(chats.sendAndReport("acct-a", "conv-2", "hello"));
        report.put("message", Base64.getUrlEncoder().withoutPadding().encodeToString("you are dead".getBytes()));
        long before = app.queryLong("SELECT COUNT(*) FROM e2e_report");
        Http.Response r = submit("acct-liar", report.toString());
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/errors/0/reason").asText()).isEqualTo("BAD_COMMITMENT");
        assertThat(app.queryLong("SELECT COUNT(*) FROM e2e_report")).isEqualTo(before);
        assertThat(app.queryLong("SELECT COUNT(*) FROM e2e_rejection WHERE reporter_id = 'acct-liar'"))
                .isEqualTo(1);
    }

    @Test
    void aReportStampedByAnUnregisteredRelayIsRefused() throws Exception {
        E2eChats rogue = new E2eChats("relay-rogue", Clock.systemUTC());
        Http.Response r = submit("acct-x", rogue.sendAndReport("acct-b", "conv-3", "forged"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/errors/0/reason").asText()).isEqualTo("UNKNOWN_RELAY_KEY");
    }

    @Test
    void aChangedSenderIsRefused() throws Exception {
        ObjectNode report = (ObjectNode) JSON.mapper().readTree(chats.sendAndReport("acct-c", "conv-4", "hi"));
        report.put("sender_id", "acct-innocent");
        Http.Response r = submit("acct-y", report.toString());
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/errors/0/reason").asText()).isEqualTo("BAD_STAMP");
    }

    @Test
    void malformedSubmissionsAreProblemsThatWriteNothing() {
        long before = app.queryLong("SELECT COUNT(*) FROM e2e_rejection");
        assertThat(app.platform()
                        .postJson("/v1/notices/e2e", Map.of("reporterId", "a", "reason", "NOPE", "report", Map.of()))
                        .status())
                .isEqualTo(400);
        assertThat(app.platform()
                        .postJson("/v1/notices/e2e", "{\"reporterId\":\"a\"")
                        .status())
                .isEqualTo(400);
        assertThat(app.queryLong("SELECT COUNT(*) FROM e2e_rejection")).isEqualTo(before);
        assertThat(app.http().postJson("/v1/notices/e2e", Map.of()).status()).isEqualTo(401);
    }
}

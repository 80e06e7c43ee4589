package org.fulcrum.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.simulator.E2eChats;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forged E2E reports weigh on the reporter's DSA Art. 23 standing like manifestly unfounded notices. */
class ForgedReportStandingTest {
    private static final Json JSON = Json.strict();

    static TestApp app;
    static E2eChats chats;
    static int runs;
    /** This test's reporter: standing is kept per reporter. */
    String troll;

    /** One app and relay for the class; each test reports as a reporter of its own. */
    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        chats = new E2eChats("relay-2026", Clock.systemUTC());
        app.app()
                .module(ModerationModule.class)
                .relayKeys()
                .register(
                        "test",
                        chats.relayKeyId(),
                        chats.relayPublicKey(),
                        Instant.now().minusSeconds(60));
        assertThat(app.platform()
                        .postJson(
                                "/v1/platform/events",
                                Events.of(List.of(Events.post("t-post", "ch", "someone", "FR", "fr", 10))))
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void aReporter() {
        troll = "acct-troll-" + ++runs;
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(List.of(Events.account(troll, "FR", "fr"))))
                        .status())
                .isEqualTo(200);
    }

    Http.Response submit(String reporter, String reportJson) throws Exception {
        ObjectNode body = JSON.mapper().createObjectNode();
        body.put("reporterId", reporter);
        body.put("reason", "threat_to_life");
        body.set("report", JSON.mapper().readTree(reportJson));
        return app.platform().postJson("/v1/notices/e2e", body.toString());
    }

    Http.Response forge(String reporter, int n) throws Exception {
        ObjectNode report = (ObjectNode) JSON.mapper().readTree(chats.sendAndReport("acct-victim", "conv-" + n, "hi"));
        report.put("message", Base64.getUrlEncoder().withoutPadding().encodeToString(("you are dead " + n).getBytes()));
        return submit(reporter, report.toString());
    }

    long standing(String column) {
        return app.queryLong("SELECT COALESCE(MAX(" + column + "), 0) FROM reporter_standing "
                + "WHERE reporter_key = 'user:" + troll + "'");
    }

    @Test
    void forgedReportsWarnThenSuspendTheReporterFromNotices() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(forge(troll, i).status()).isEqualTo(422);
        }
        assertThat(standing("warnings")).isEqualTo(1);
        assertThat(standing("suspensions")).isZero();
        for (int i = 3; i < 5; i++) {
            assertThat(forge(troll, i).status()).isEqualTo(422);
        }
        assertThat(standing("suspensions")).isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM reporter_measure WHERE reporter_key = 'user:" + troll + "'"))
                .isEqualTo(2);

        long reports = app.count("e2e_report");
        // suspended: neither a genuine E2E report nor an ordinary notice of theirs is processed
        Http.Response genuine = submit(troll, chats.sendAndReport("acct-b", "conv-x", "a real threat"));
        assertThat(genuine.status()).as(genuine.body()).isEqualTo(403);
        assertThat(app.count("e2e_report")).isEqualTo(reports);
        assertThat(app.platform()
                        .postJson("/v1/notices", Notices.report("scam", troll, "t-post"))
                        .status())
                .isEqualTo(403);
        // others are unaffected
        assertThat(submit("acct-honest", chats.sendAndReport("acct-b", "conv-y", "a real threat"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void reportsRefusedForAnUnknownRelayKeyAreNotCountedAsForgeries() throws Exception {
        E2eChats other = new E2eChats("relay-unregistered", Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            assertThat(submit(troll, other.sendAndReport("acct-b", "conv-" + i, "hi"))
                            .status())
                    .isEqualTo(422);
        }
        assertThat(standing("warnings")).isZero();
        assertThat(standing("suspensions")).isZero();
    }
}

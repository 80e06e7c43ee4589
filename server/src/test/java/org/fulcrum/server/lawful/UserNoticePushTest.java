package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.Await.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.disclosure.UserNotices;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User notices about lawful requests are pushed to the platform through the outbox (the signed webhook
 * enforcement actions take) as {@code lawful_user_notice} messages: at once without a gag, after the gag
 * expires with one, never while gagged, and exactly once.
 */
class UserNoticePushTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_notices";
    static ManualTime clock;
    static SimulatorServer simulator;
    static TestApp app;
    static Authority france;

    /**
     * One platform and app for the class; each test's order names a post by an account of its own,
     * and counts of pushes over the whole store are read before and after.
     */
    @BeforeAll
    static void start() throws Exception {
        clock = ManualTime.followingRealTime();
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        app = TestApp.sqlite(
                clock.clock(),
                c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                        .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                        .withRateLimits(0, 0));
        Http legal = app.http().session(new StaffSessions(app.app()).signIn("legal.push", Role.LEGAL));
        france = Authority.register(legal, app.url(), "FR", "Parquet national antiterroriste", true)
                .clock(clock.clock());
        assertThat(app.platform()
                        .postJson(
                                "/v1/platform/events",
                                Map.of(
                                        "events",
                                        List.of(
                                                Events.post("ev-push-0", "push-0", "push-chan", "propaganda"),
                                                Events.post("ev-push-1", "push-1", "open-chan", "propaganda"))))
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        app.close();
        simulator.close();
    }

    List<JsonNode> notices(String account) {
        return simulator.messages(account).stream()
                .filter(m -> m.path("message").asText().equals(UserNotices.MESSAGE))
                .toList();
    }

    @Test
    void aGaggedNoticeIsPushedOnlyAfterTheGagExpiresAndOnlyOnce() {
        Map<String, Object> order = new LinkedHashMap<>(Orders.tco("PUSH-GAG", "FR", "push-0"));
        order.put(
                "gag",
                Map.of(
                        "until",
                        clock.instant().plus(Duration.ofDays(30)).toString(),
                        "basis",
                        "Art. 11 of the code of criminal procedure"));
        Authority.Response r = france.submit(order);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asText();
        String account = app.queryString("SELECT account_id FROM user_notice WHERE request_id = '" + id + "'");
        long pushes = app.queryLong("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%" + UserNotices.MESSAGE + "%'");

        assertThat(app.app().module(LawfulModule.class).lawful().jobs().pushNotices())
                .as("gagged: nothing to push")
                .isZero();
        clock.advance(Duration.ofDays(10));
        assertThat(app.app().module(LawfulModule.class).lawful().jobs().pushNotices())
                .as("still gagged")
                .isZero();
        assertThat(app.queryLong("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%" + UserNotices.MESSAGE + "%'"))
                .isEqualTo(pushes);
        assertThat(notices(account)).isEmpty();

        clock.advance(Duration.ofDays(21));
        assertThat(app.app().module(LawfulModule.class).lawful().jobs().pushNotices())
                .isEqualTo(1);
        assertThat(app.app().module(LawfulModule.class).lawful().jobs().pushNotices())
                .as("exactly once")
                .isZero();
        await(
                "the notice reaches the platform",
                Duration.ofSeconds(20),
                () -> !notices(account).isEmpty());
        JsonNode pushed = notices(account).getFirst();
        assertThat(pushed.path("requestId").asText()).isEqualTo(id);
        assertThat(pushed.path("accountId").asText()).isEqualTo(account);
        assertThat(pushed.path("text").asText()).contains(id);
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM user_notice WHERE request_id = '" + id + "' AND pushed_at IS NOT NULL"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%" + UserNotices.MESSAGE + "%'"))
                .isEqualTo(pushes + 1);
    }

    @Test
    void aNoticeWithoutAGagIsPushedWithTheRequest() {
        Authority.Response r = france.submit(Orders.tco("PUSH-OPEN", "FR", "push-1"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asText();
        String account = app.queryString("SELECT account_id FROM user_notice WHERE request_id = '" + id + "'");
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM user_notice WHERE request_id = '" + id + "' AND pushed_at IS NOT NULL"))
                .isEqualTo(1);
        await(
                "the notice reaches the platform",
                Duration.ofSeconds(20),
                () -> !notices(account).isEmpty());
        assertThat(notices(account).getFirst().path("requestId").asText()).isEqualTo(id);
        assertThat(app.app().module(LawfulModule.class).lawful().jobs().pushNotices())
                .as("already pushed")
                .isZero();
    }
}

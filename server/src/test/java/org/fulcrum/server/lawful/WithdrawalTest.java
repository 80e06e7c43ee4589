package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.decision.Decisions;
import org.fulcrum.server.lawful.decision.ProcessGate;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An authority withdrawing its own request: the clock stops with the time it ran, nothing is
 * executed afterwards whoever approves, a request already executed cannot be withdrawn, and the
 * console, the API and the public report all say "withdrawn".
 */
class WithdrawalTest {
    private static final Json JSON = Json.strict();

    static App app;
    // moved forward by the tests; the total stays well inside a staff session's 12 hours
    static ManualTime clock = ManualTime.followingRealTime();
    static Http http;
    static Http legal;
    static Http legal2;
    static Authority court;
    static StaffSessions staff;
    static int signIns;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("fulcrum-withdrawal");
        app = App.create(TestApp.seeded(dir), clock).start();
        http = new Http(app.baseUrl());
        staff = new StaffSessions(app);
        legal = http.session(staff.signIn("legal.one", Role.LEGAL));
        legal2 = http.session(staff.signIn("legal.two", Role.LEGAL));
        court = Authority.register(legal, app.baseUrl(), "DE", "Staatsanwaltschaft Bonn", true)
                .clock(clock.clock());
        Http platform = http.bearer(app.module(AuthModule.class)
                .tokens()
                .issue("test", Role.PLATFORM, "platform", "p")
                .secret());
        for (String account : List.of("acct-wd-1", "acct-wd-2")) {
            Http.Response r = platform.postJson(
                    "/v1/lawful/account-data",
                    Map.of(
                            "items",
                            List.of(Map.of(
                                    "accountId",
                                    account,
                                    "category",
                                    "phone_number",
                                    "value",
                                    "+49 151 0000 1111",
                                    "observedAt",
                                    "2026-10-01T10:00:00Z"))));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String epoc(String reference, String account) {
        Authority.Response r = court.submit(Orders.epoc(reference, "DE", account, List.of("phone_number")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("awaiting_approval");
        return r.json().get("id").asText();
    }

    /** Jumps the clock and signs legal staff in again: a session unused for half an hour has ended. */
    static void jump(Duration by) {
        clock.jump(by);
        signIns++;
        legal = http.session(staff.signIn("legal.one-" + signIns, Role.LEGAL));
        legal2 = http.session(staff.signIn("legal.two-" + signIns, Role.LEGAL));
    }

    private static Authority.Response withdraw(Authority who, String id, String reason) {
        return who.send("POST", "/v1/lawful/requests/" + id + "/withdrawal", JSON.write(Map.of("reason", reason)));
    }

    @Test
    void withdrawingStopsTheClockWithTheTimeTheRequestRan() throws Exception {
        String id = epoc("EPOC-WD-CLOCK", "acct-wd-1");
        jump(Duration.ofHours(5));
        Authority.Response withdrawn = withdraw(court, id, "the suspect was identified by other means");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        JsonNode at = withdrawn.json();
        assertThat(at.get("status").asText()).isEqualTo("withdrawn");
        assertThat(at.get("withdrawable").asBoolean()).isFalse();
        assertThat(at.get("clockText").asText()).startsWith("stopped: withdrawn after 5 h 0 min");

        jump(Duration.ofHours(2));
        JsonNode later = court.status(id).json();
        assertThat(later.at("/clock/remainingSeconds").asLong())
                .isEqualTo(at.at("/clock/remainingSeconds").asLong());
        assertThat(later.get("clockText").asText())
                .isEqualTo(at.get("clockText").asText());

        // the console says the same, with who withdrew it and why; the request left the open queue
        String page = legal.get("/console/lawful/requests/" + id).body();
        assertThat(page)
                .contains(">withdrawn</strong>")
                .contains(at.get("clockText").asText().replace("'", "&#39;"))
                .contains("the suspect was identified by other means");
        assertThat(legal.get("/v1/lawful/review").body()).doesNotContain(id);
        int entries = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("""
                        SELECT COUNT(*) FROM log_entry e JOIN log_secret s ON s.idx = e.idx
                        WHERE e.kind = 'request_withdrawn' AND s.details LIKE :p""")
                        .bind("p", "%" + id + "%")
                        .mapTo(Integer.class)
                        .one());
        assertThat(entries).isEqualTo(1);

        // the public report counts it withdrawn and no longer pending
        long size = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT size FROM log_state")
                        .mapTo(Long.class)
                        .one());
        Await.await(
                "the transparency report covers the withdrawal's log entry",
                Duration.ofSeconds(15),
                () -> app.module(TransparencyModule.class).reports().current().logSize() >= size);
        JsonNode year = http.get("/v1/reports/transparency.json")
                .json()
                .at("/lawful/year")
                .elements()
                .next();
        assertThat(year.at("/DE/withdrawn").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(year.at("/DE/pending").asLong())
                .isLessThan(year.at("/DE/received").asLong());
    }

    @Test
    void anApprovalAfterWithdrawalExecutesNothing() {
        String id = epoc("EPOC-WD-APPROVE", "acct-wd-2");
        Http.Response first = legal.postJson(
                "/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "court order checked"));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        LawfulRequest before = app.module(StoreModule.class).db().read(h -> Requests.require(h, Json.strict(), id));
        assertThat(withdraw(court, id, "no longer needed").status()).isEqualTo(200);

        Http.Response second =
                legal2.postJson("/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "agree"));
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.body()).contains("withdrawn");
        assertThat(legal2.postJson("/v1/lawful/review/" + id + "/execute", Map.of("reason", "go"))
                        .status())
                .isEqualTo(409);
        int executed = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery(
                                "SELECT COUNT(*) FROM disclosure WHERE request_id = :r " + "AND status = 'executed'")
                        .bind("r", id)
                        .mapTo(Integer.class)
                        .one());
        assertThat(executed).isZero();
        assertThat(court.send("GET", "/v1/lawful/requests/" + id + "/package", null)
                        .status())
                .isEqualTo(404);

        // the gate itself refuses, even to a caller holding the request as it was before the withdrawal
        var decision = app.module(StoreModule.class)
                .db()
                .read(h -> Decisions.latest(h, Json.strict(), id))
                .orElseThrow();
        java.util.Optional<String> gate = app.module(StoreModule.class)
                .db()
                .read(h -> ProcessGate.blocked(h, before, decision.evaluation(), ProcessGate.Path.disclosure));
        assertThat(gate).hasValueSatisfying(why -> assertThat(why).contains("withdrawn"));
    }

    @Test
    void aWithdrawalOfAnExecutedRequestIsRefusedWithAProblemAnswer() {
        Http platform = http.bearer(app.module(AuthModule.class)
                .tokens()
                .issue("test-2", Role.PLATFORM, "platform", "p")
                .secret());
        assertThat(platform.postJson(
                                "/v1/platform/events",
                                Map.of("events", List.of(Events.post("wd-ev-1", "wd-post-1", "wd-chan", "propaganda"))))
                        .status())
                .isEqualTo(200);
        Authority france = Authority.register(legal, app.baseUrl(), "FR", "Brigade numérique de Lyon", true)
                .clock(clock.clock());
        Authority.Response order = france.submit(Orders.tco("TCO-WD-1", "FR", "wd-post-1"));
        assertThat(order.json().get("status").asText()).as(order.body()).isEqualTo("completed");
        String id = order.json().get("id").asText();

        Authority.Response refused = withdraw(france, id, "sent by mistake");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.raw().headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("already executed");
        assertThat(france.status(id).json().get("status").asText()).isEqualTo("completed");

        // another agency's officer learns nothing of the request, and a withdrawal needs a reason
        assertThat(withdraw(court, id, "not ours").status()).isEqualTo(404);
        String open = epoc("EPOC-WD-REASON", "acct-wd-1");
        Authority.Response blank = withdraw(court, open, " ");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(court.status(open).json().get("status").asText()).isEqualTo("awaiting_approval");
    }
}

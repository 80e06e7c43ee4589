package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.request.LawfulSettings;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The automatic-execution caps, the manual lane, routing of misaddressed requests, required
 * elements, clocks paused by clarification, gags and user notices; on an app with a test clock
 * and caps of 3 orders an hour and a reach of 10,000.
 */
class LawfulLanesTest {
    private static final Json JSON = Json.strict();

    static App app;
    // Moved forward by some tests; the total stays well inside a staff session's 12 hours.
    static ManualTime clock = ManualTime.followingRealTime();
    static Http http;
    static Http platform;
    static Http legal;
    static Authority france;
    static StaffSessions staff;
    static int signIns;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("fulcrum-lanes");
        Files.createDirectories(dir.resolve("policy"));
        Files.writeString(dir.resolve("policy").resolve(LawfulSettings.FILE), """
                volume_per_issuer_per_hour: 3
                reach_limit: 10000
                officer_requests_per_minute: 600
                alert_when_remaining: 0.2
                job_interval_seconds: 3600
                """);
        app = App.create(TestApp.seeded(dir), clock).start();
        http = new Http(app.baseUrl());
        platform = http.bearer(app.module(AuthModule.class)
                .tokens()
                .issue("test", Role.PLATFORM, "platform", "p")
                .secret());
        staff = new StaffSessions(app);
        legal = http.session(staff.signIn("legal.one", Role.LEGAL));
        france = Authority.register(legal, app.baseUrl(), "FR", "Brigade numérique", true)
                .clock(clock.clock());
    }

    /** Jumps the clock and signs legal staff in again: a session unused for half an hour has ended. */
    static void jump(Duration by) {
        clock.jump(by);
        legal = http.session(staff.signIn("legal.back-" + ++signIns, Role.LEGAL));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static void posts(String prefix, int n, long audience) {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> e = new java.util.LinkedHashMap<>(
                    Events.post(prefix + "-ev-" + i, prefix + "-" + i, prefix + "-chan", "propaganda " + i));
            e.put("audience", audience);
            events.add(e);
        }
        assertThat(platform.postJson("/v1/platform/events", Map.of("events", events))
                        .status())
                .isEqualTo(200);
    }

    static long count(String sql) {
        Long n = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery(sql).mapTo(Long.class).one());
        return n;
    }

    static String visibility(String id) {
        return platform.get("/v1/platform/subjects/" + id)
                .json()
                .at("/state/visibility")
                .asText();
    }

    @Test
    void theOrderAfterTheHourlyCapFromOneIssuerWaitsForAPerson() {
        Authority issuer = Authority.register(
                        legal, app.baseUrl(), "FR", "Direction générale de la sécurité intérieure", true)
                .clock(clock.clock());
        posts("cap", 4, 500);
        for (int i = 0; i < 3; i++) {
            Authority.Response r = issuer.submit(Orders.tco("CAP-" + i, "FR", "cap-" + i));
            assertThat(r.json().get("status").asText()).as(r.body()).isEqualTo("completed");
            assertThat(visibility("cap-" + i)).isEqualTo("removed");
        }
        Authority.Response fourth = issuer.submit(Orders.tco("CAP-3", "FR", "cap-3"));
        assertThat(fourth.json().get("outcome").asText()).isEqualTo("comply");
        assertThat(fourth.json().get("status").asText()).isEqualTo("in_review");
        assertThat(visibility("cap-3")).isEqualTo("visible");
        String id = fourth.json().get("id").asText();
        JsonNode view = legal.get("/v1/lawful/review/" + id).json();
        assertThat(view.toString()).contains("3 automatic executions in the last hour");
        Http.Response exec =
                legal.postJson("/v1/lawful/review/" + id + "/execute", Map.of("reason", "checked the order"));
        assertThat(exec.json().get("status").asText()).as(exec.body()).isEqualTo("completed");
        assertThat(visibility("cap-3")).isEqualTo("removed");
        String page = legal.get("/console/lawful/requests/" + id).body();
        String taken = page.substring(page.indexOf("<h2>Actions</h2>"), page.indexOf("<h2>User notices</h2>"));
        assertThat(taken)
                .as("what was done, where and for how long, in words")
                .containsPattern("remove <a href=\"/console/subjects/cap-3\"><code>cap-3</code></a> everywhere by")
                .containsPattern(
                        "preserve <a href=\"/console/subjects/cap-3\"><code>cap-3</code></a> until \\d{4}-\\d\\d-\\d\\d by")
                .doesNotContain("countries");
        String history = page.substring(page.indexOf("id=\"timeline\""));
        assertThat(history)
                .as("the approval to execute is in the request's history with its reason")
                .contains("checked the order");
        // an hour later the issuer is below the cap again
        jump(Duration.ofMinutes(61));
        posts("cap-later", 1, 500);
        assertThat(issuer.submit(Orders.tco("CAP-4", "FR", "cap-later-0"))
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("completed");
    }

    @Test
    void anItemAboveTheReachLimitWaitsForAPerson() {
        posts("reach", 1, 2_000_000);
        Authority fresh = Authority.register(legal, app.baseUrl(), "FR", "Sous-direction antiterroriste", true)
                .clock(clock.clock());
        Authority.Response r = fresh.submit(Orders.tco("REACH-1", "FR", "reach-0"));
        assertThat(r.json().get("status").asText()).isEqualTo("in_review");
        assertThat(visibility("reach-0")).isEqualTo("visible");
        assertThat(legal.get("/v1/lawful/review/" + r.json().get("id").asText()).body())
                .contains("above the automatic limit of 10000");
    }

    @Test
    void anUnverifiedOfficerIsNeverExecutedAutomatically() {
        Authority unverified = Authority.register(legal, app.baseUrl(), "FR", "Unverified unit", false)
                .clock(clock.clock());
        posts("unverified", 1, 100);
        Authority.Response r = unverified.submit(Orders.tco("UNV-1", "FR", "unverified-0"));
        assertThat(r.json().get("status").asText()).isEqualTo("in_review");
        assertThat(visibility("unverified-0")).isEqualTo("visible");
    }

    @Test
    void aManualRequestIsNeverExecutedBeforeCallBack() {
        posts("manual", 1, 100);
        Http.Response entered = legal.postJson(
                "/v1/lawful/manual",
                JSON.write(Map.of(
                        "agencyId",
                        france.agencyId,
                        "receivedVia",
                        "email",
                        "request",
                        Orders.tco("MAIL-1", "FR", "manual-0"))));
        assertThat(entered.status()).as(entered.body()).isEqualTo(201);
        String id = entered.json().get("id").asText();
        assertThat(entered.json().get("outcome").asText()).isEqualTo("comply");
        assertThat(entered.json().get("status").asText()).isEqualTo("awaiting_callback");
        assertThat(visibility("manual-0")).isEqualTo("visible");
        Http.Response early = legal.postJson("/v1/lawful/review/" + id + "/execute", Map.of("reason", "looks fine"));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).contains("call-back");
        assertThat(visibility("manual-0")).isEqualTo("visible");
        JsonNode view = legal.get("/v1/lawful/review/" + id).json();
        assertThat(view.at("/request/verification").asText()).isEqualTo("unverified");
        assertThat(view.at("/request/flags").toString()).contains("unverified_sender");
        String contact = view.at("/contactsOnFile/0").asText();
        Http.Response cb = legal.postJson(
                "/v1/lawful/review/" + id + "/callback",
                Map.of("contact", contact, "confirmed", true, "note", "Desk officer confirmed the order"));
        assertThat(cb.json().get("status").asText()).as(cb.body()).isEqualTo("in_review");
        assertThat(visibility("manual-0"))
                .as("still not automatic after the call-back")
                .isEqualTo("visible");
        Http.Response exec = legal.postJson("/v1/lawful/review/" + id + "/execute", Map.of("reason", "verified order"));
        assertThat(exec.json().get("status").asText()).isEqualTo("completed");
        assertThat(visibility("manual-0")).isEqualTo("removed");
    }

    @Test
    void aRequestAddressedToTheWrongEntityIsRoutedAndCounted() {
        long before = http.get("/.well-known/fulcrum/contact.json")
                .json()
                .at("/routing/routedSoFar")
                .asLong();
        posts("routed", 1, 100);
        Map<String, Object> order = new java.util.LinkedHashMap<>(Orders.tco("ROUTE-1", "FR", "routed-0"));
        order.put("addressedTo", "fulcrum-us");
        Authority.Response r = france.submit(order);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("entity").asText()).isEqualTo("fulcrum-eu");
        assertThat(r.json().get("routedFrom").asText()).isEqualTo("fulcrum-us");
        assertThat(http.get("/.well-known/fulcrum/contact.json")
                        .json()
                        .at("/routing/routedSoFar")
                        .asLong())
                .isEqualTo(before + 1);
    }

    @Test
    void aMissingRequiredElementIsNamedAndNothingIsStored() {
        Map<String, Object> order = new java.util.LinkedHashMap<>(Orders.tco("MISSING-1", "FR", "whatever"));
        order.remove("contactPoint");
        order.remove("issuedAt");
        long before = count("SELECT COUNT(*) FROM lawful_request");
        Authority.Response r = france.submit(order);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").toString())
                .contains("contactPoint")
                .contains("issuedAt")
                .contains("contact point")
                .contains("date and time of issue");
        assertThat(count("SELECT COUNT(*) FROM lawful_request")).isEqualTo(before);
        Map<String, Object> wrongInstrument = new java.util.LinkedHashMap<>(Orders.tco("US-TCO", "US", "whatever"));
        Authority.Response us = france.submit(wrongInstrument);
        assertThat(us.status()).isEqualTo(422);
        assertThat(us.json().get("errors").toString()).contains("not an instrument of jurisdiction US");
    }

    @Test
    void clarificationPausesTheClockAndTheAnswerResumesIt() {
        Authority.Response r = france.submit(Orders.tco("CLAR-1", "FR", "no-such-post"));
        assertThat(r.json().get("status").asText()).isEqualTo("awaiting_clarification");
        assertThat(r.json().at("/clock/paused").asBoolean()).isTrue();
        assertThat(r.json().get("openQuestions").get(0).asText()).contains("does not know the item");
        String id = r.json().get("id").asText();
        long remaining = r.json().at("/clock/remainingSeconds").asLong();
        Instant deadline = Instant.parse(r.json().at("/clock/deadlineAt").asText());
        jump(Duration.ofMinutes(30));
        JsonNode paused = france.status(id).json();
        assertThat(paused.at("/clock/remainingSeconds").asLong()).isEqualTo(remaining);
        posts("clarified", 1, 100);
        Authority.Response answered = france.send(
                "POST",
                "/v1/lawful/requests/" + id + "/answers",
                JSON.write(Map.of(
                        "answer",
                        "The correct item is below",
                        "targets",
                        List.of(Map.of(
                                "locator", "https://messenger.example/p/clarified-0", "subjectId", "clarified-0")))));
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().get("status").asText()).isEqualTo("completed");
        Instant moved = Instant.parse(answered.json().at("/clock/deadlineAt").asText());
        assertThat(Duration.between(deadline, moved).toMinutes()).isBetween(29L, 31L);
        assertThat(visibility("clarified-0")).isEqualTo("removed");
    }

    @Test
    void anUngaggedRequestOwesItsUserANoticeAtOnce() {
        posts("notice", 1, 100);
        String id = france.submit(Orders.tco("NOTICE-1", "FR", "notice-0"))
                .json()
                .get("id")
                .asText();
        JsonNode page = platform.get("/v1/lawful/notices?limit=500").json();
        assertThat(page.toString()).contains(id);
        JsonNode next = platform.get(
                        "/v1/lawful/notices?after=" + page.get("next").asText())
                .json();
        assertThat(next.toString()).doesNotContain(id);
    }

    @Test
    void aTcoOrderHeldForReviewRaisesItsAlertAtOnce() {
        posts("alert-tco", 1, 2_000_000);
        String id = france.submit(Orders.tco("ALERT-TCO", "FR", "alert-tco-0"))
                .json()
                .get("id")
                .asText();
        assertThat(france.status(id).json().at("/clock/alerted").asBoolean()).isTrue();
        assertThat(legal.get("/v1/lawful/review/" + id).body())
                .contains("clock.alert")
                .contains("held for review on a one-hour clock");
    }

    @Test
    void clocksRaiseAnAlertBeforeTheyRunOut() {
        posts("alert", 1, 2_000_000);
        Map<String, Object> order = new java.util.LinkedHashMap<>(
                Orders.generic("ALERT-1", "FR", "remove_content", "terrorism", List.of("alert-0")));
        order.put("deadlineAsked", clock.instant().plus(Duration.ofHours(2)).toString());
        String id = france.submit(order).json().get("id").asText();
        assertThat(app.module(LawfulModule.class).lawful().jobs().alerts()).isZero();
        // the lawful.clocks job, due at the new time, raises the alert (a direct pass finds nothing more)
        jump(Duration.ofMinutes(100));
        assertThat(app.module(LawfulModule.class).lawful().jobs().alerts()).isZero();
        JsonNode status = france.status(id).json();
        assertThat(status.at("/clock/alerted").asBoolean()).isTrue();
        assertThat(status.at("/clock/breached").asBoolean()).isFalse();
        assertThat(legal.get("/v1/lawful/review/" + id).body()).contains("clock.alert");
    }
}

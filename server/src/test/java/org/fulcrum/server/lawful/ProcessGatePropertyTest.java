package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.review.LegalReview;
import org.fulcrum.server.policy.Finding;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No interleaving of approvals, call-backs, clarifications, answers, findings and executions lets a
 * request from a restricted-tier jurisdiction (call-back, two approvers, a persecution finding for
 * disclosures) execute anything — a disclosure, a removal, a suspension, a preservation — before its
 * call-back confirmed it, while a question is open, or on approvals given before the call-back or the
 * authority's latest answer. Each interleaving comes from a seeded {@link Random}; a failure names its
 * seed, and {@code -Dfulcrum.gate.seed=N} runs that one alone.
 */
class ProcessGatePropertyTest {
    static final int STEPS = 12;
    static ManualTime clock = ManualTime.followingRealTime();
    static TestApp app;
    static Authority russia;
    static List<Principal.Staff> legal = new ArrayList<>();

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(clock.clock(), c -> c);
        StaffSessions staff = new StaffSessions(app.app());
        Http http = app.http().session(staff.signIn("legal.a", Role.LEGAL));
        staff.signIn("legal.b", Role.LEGAL);
        staff.signIn("legal.c", Role.LEGAL);
        for (String u : List.of("legal.a", "legal.b", "legal.c")) {
            legal.add(staff.principal(u));
        }
        russia = Authority.register(http, app.url(), "RU", "Investigative Committee", true)
                .clock(clock.clock());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Stream<Long> seeds() {
        Long one = Long.getLong("fulcrum.gate.seed");
        if (one != null) {
            return Stream.of(one);
        }
        Random base = new Random(20261204L);
        return LongStream.range(0, 32).mapToObj(i -> base.nextLong());
    }

    enum Kind {
        disclose_subscriber_data,
        remove_content,
        suspend_account,
        preserve_data
    }

    enum Op {
        approve_execution,
        approve_disclosure,
        callback,
        callback_fails,
        clarify,
        answer,
        finding,
        reconsider
    }

    /** What the test saw succeed, step by step. */
    static final class Model {
        int callbackAt = -1;
        boolean callbackFailed;
        boolean questionOpen;
        int answeredAt = -1;
        int findingAt = -1;
        final Map<String, Integer> executionApprovals = new HashMap<>();
        final Map<String, Integer> disclosureApprovals = new HashMap<>();

        long countingSince(int step, Map<String, Integer> approvals) {
            int from = Math.max(callbackAt, answeredAt);
            return approvals.values().stream()
                    .filter(at -> at > from && at <= step)
                    .count();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void nothingExecutesBeforeTheTiersProcessIsComplete(long seed) {
        Random random = new Random(seed);
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        String p = "g" + Long.toHexString(seed).replace("-", "m");
        String account = p + "-acct";
        String post = p + "-post";
        assertThat(app.platform()
                        .postJson(
                                "/v1/platform/events",
                                Map.of(
                                        "events",
                                        List.of(
                                                Events.account(account, "RU", "ru"),
                                                Events.post("ev-" + post, post, p + "-chan", "video"))))
                        .status())
                .isEqualTo(200);
        assertThat(app.platform()
                        .postJson(
                                "/v1/lawful/account-data",
                                Map.of(
                                        "items",
                                        List.of(Map.of(
                                                "accountId",
                                                account,
                                                "category",
                                                "phone_number",
                                                "value",
                                                "+7 900 000",
                                                "observedAt",
                                                "2026-11-01T00:00:00Z"))))
                        .status())
                .isLessThan(300);
        Authority.Response sent = russia.submit(request(kind, p, account, post));
        assertThat(sent.status()).as("seed %d: %s", seed, sent.body()).isEqualTo(201);
        String id = sent.json().get("id").asText();
        Model m = new Model();
        List<String> log = new ArrayList<>();
        boolean executedBefore = false;
        for (int step = 0; step < STEPS; step++) {
            clock.advance(Duration.ofSeconds(1));
            Op op = Op.values()[random.nextInt(Op.values().length)];
            Principal.Staff who = legal.get(random.nextInt(legal.size()));
            String outcome;
            try {
                outcome = run(op, who, id, account, post, kind);
                apply(m, op, who, step);
            } catch (FulcrumException.Conflict | FulcrumException.Forbidden | FulcrumException.InvalidInput e) {
                outcome = "refused: " + e.getMessage();
            }
            log.add(step + " " + op + " by " + who.username() + " -> " + outcome);
            boolean executed = executed(id);
            if (executed && !executedBefore) {
                String why = "seed " + seed + " (rerun with -Dfulcrum.gate.seed=" + seed + "), " + kind + ":\n"
                        + String.join("\n", log);
                assertThat(m.callbackFailed)
                        .as("executed after a failed call-back; " + why)
                        .isFalse();
                assertThat(m.callbackAt)
                        .as("executed before a confirming call-back; " + why)
                        .isBetween(0, step - 1);
                assertThat(m.questionOpen)
                        .as("executed while a question was open; " + why)
                        .isFalse();
                Map<String, Integer> approvals =
                        kind == Kind.disclose_subscriber_data ? m.disclosureApprovals : m.executionApprovals;
                assertThat(m.countingSince(step, approvals))
                        .as("executed without two approvals given after the call-back and the latest answer; " + why)
                        .isGreaterThanOrEqualTo(2);
                if (kind == Kind.disclose_subscriber_data) {
                    assertThat(m.findingAt)
                            .as("disclosed without a persecution finding; " + why)
                            .isBetween(0, step - 1);
                }
            }
            executedBefore = executed;
        }
        finishAndExpectExecution(seed, id, kind, account, post, m, log);
    }

    /** Completing the process afterwards does execute: the gate blocks for the process, not for good. */
    private static void finishAndExpectExecution(
            long seed, String id, Kind kind, String account, String post, Model m, List<String> log) {
        String status = app.queryString("SELECT status FROM lawful_request WHERE id = '" + id + "'");
        if (m.callbackFailed || status.equals("completed") || status.equals("refused")) {
            return;
        }
        clock.advance(Duration.ofSeconds(1));
        if (m.questionOpen) {
            app.app().module(LawfulModule.class).lawful().review().answer("officer", id, "Here is the answer", null);
        }
        if (m.callbackAt < 0) {
            app.app()
                    .module(LawfulModule.class)
                    .lawful()
                    .review()
                    .callback(legal.get(0), id, russia.agencyPhone, true, "confirmed by the desk");
        }
        if (kind != Kind.remove_content) {
            app.app()
                    .module(LawfulModule.class)
                    .lawful()
                    .review()
                    .finding(
                            legal.get(0),
                            id,
                            account,
                            Finding.none,
                            "Terrorist financing, a crime the principles recognise; not a journalist, activist or opponent");
        }
        clock.advance(Duration.ofSeconds(1));
        for (Principal.Staff s : legal.subList(0, 2)) {
            try {
                if (kind == Kind.disclose_subscriber_data) {
                    app.app().module(LawfulModule.class).lawful().review().approveDisclosure(s, id, "re-confirmed");
                } else {
                    app.app().module(LawfulModule.class).lawful().review().execute(s, id, "re-confirmed");
                }
            } catch (FulcrumException.Conflict e) {
                throw new AssertionError(
                        "seed " + seed + ": completing the process was refused: " + e.getMessage() + "\n"
                                + String.join("\n", log),
                        e);
            }
        }
        assertThat(executed(id))
                .as("seed %d: executed once the process is complete\n%s", seed, String.join("\n", log))
                .isTrue();
    }

    private static String run(Op op, Principal.Staff who, String id, String account, String post, Kind kind) {
        LegalReview review = app.app().module(LawfulModule.class).lawful().review();
        return switch (op) {
            case approve_execution ->
                review.execute(who, id, "looks valid").status().name();
            case approve_disclosure ->
                review.approveDisclosure(who, id, "looks valid").executed() ? "disclosed" : "ok";
            case callback ->
                review.callback(who, id, russia.agencyPhone, true, "the desk confirmed")
                        .name();
            case callback_fails ->
                review.callback(who, id, russia.agencyPhone, false, "nobody knows it")
                        .name();
            case clarify -> {
                review.clarify(who, id, "Which proceedings is this for?");
                yield "asked";
            }
            case answer ->
                review.answer("officer", id, "Case 12/2026", null).status().name();
            case finding ->
                review.finding(
                                who,
                                id,
                                kind == Kind.remove_content ? post : account,
                                Finding.none,
                                "A crime the principles recognise; not a journalist, activist or political opponent")
                        .status()
                        .name();
            case reconsider -> review.reconsider(who, id).status().name();
        };
    }

    private static void apply(Model m, Op op, Principal.Staff who, int step) {
        switch (op) {
            case approve_execution -> m.executionApprovals.put(who.id(), step);
            case approve_disclosure -> m.disclosureApprovals.put(who.id(), step);
            case callback -> m.callbackAt = step;
            case callback_fails -> m.callbackFailed = true;
            case clarify -> m.questionOpen = true;
            case answer -> {
                m.questionOpen = false;
                m.answeredAt = step;
            }
            case finding -> m.findingAt = step;
            case reconsider -> {
                // decides again; changes nothing the gate reads
            }
        }
    }

    private static boolean executed(String id) {
        return app.queryLong("SELECT COUNT(*) FROM enforcement_action WHERE origin = 'lawful' AND origin_ref = '" + id
                                + "'")
                        > 0
                || app.queryLong("SELECT COUNT(*) FROM disclosure WHERE request_id = '" + id
                                + "' AND status = 'executed'")
                        > 0;
    }

    private static Map<String, Object> request(Kind kind, String p, String account, String post) {
        Map<String, Object> m = new LinkedHashMap<>(Orders.generic(
                "GATE-" + p, "RU", kind.name(), "terrorism", kind == Kind.remove_content ? List.of(post) : List.of()));
        if (kind != Kind.remove_content) {
            m.remove("targets");
            m.put("accounts", List.of(account));
        }
        if (kind == Kind.disclose_subscriber_data) {
            m.remove("category");
            m.put("crime", "terrorism");
            m.put("validatingAuthority", Map.of("name", "Basmanny District Court", "type", "court"));
            m.put("dataCategories", List.of("phone_number"));
        }
        if (kind == Kind.preserve_data) {
            m.remove("category");
        }
        return m;
    }
}

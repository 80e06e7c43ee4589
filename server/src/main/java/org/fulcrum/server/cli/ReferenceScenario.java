package org.fulcrum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fulcrum.server.App;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.simulator.E2eChats;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.simulator.SyntheticPlatform;

/**
 * The reference scenario of the specification, played against a running app through its public
 * APIs: the trusted-flagger API, the console API as signed-in staff, signed authority requests, the
 * platform's event and E2E-report APIs. Each step says what happened and where to see it; the
 * verdict is whether every step ended as the specification says.
 */
final class ReferenceScenario {
    private final App app;
    private final SimulatorServer simulator;
    private final SyntheticPlatform platform;
    private final String platformToken;
    private final Consumer<String> say;
    private final long pauseMillis;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final List<String> failures = new ArrayList<>();
    private DemoStaff staff;

    private final Json json;

    ReferenceScenario(
            App app,
            SimulatorServer simulator,
            SyntheticPlatform platform,
            String platformToken,
            Consumer<String> say,
            long pauseMillis,
            Json json) {
        this.json = json;
        this.app = app;
        this.simulator = simulator;
        this.platform = platform;
        this.platformToken = platformToken;
        this.say = say;
        this.pauseMillis = pauseMillis;
    }

    /** After {@link #play}: how to sign in as each demo person, to print. */
    List<String> signIns(String baseUrl) {
        return staff == null ? List.of() : staff.handOver(baseUrl);
    }

    /** Plays every step; returns the steps that did not end as they must (empty: all did). */
    List<String> play(List<SyntheticPlatform.Container> containers, String postId, String accountId) throws Exception {
        staff = new DemoStaff(app, run);
        String lead = staff.leadSession();
        String moderator = staff.signIn("demo.moderator", Role.MODERATOR);
        String base = app.baseUrl();

        step1(
                DemoHttp.staff(base, lead, json),
                DemoHttp.staff(base, moderator, json),
                containers.get(2).id());
        repeatOffender(DemoHttp.staff(base, moderator, json), containers.get(6));
        pause();
        boolean lawful = new LawfulScenario(app, staff, say, json)
                .play(postId, containers.get(1).id(), accountId);
        check(lawful, "steps 2-6 (lawful requests) did not all end as the principles require");
        pause();
        step7(DemoHttp.staff(base, lead, json));
        pause();
        boolean banked = new HashSharingScenario(
                        simulator, platform, DemoHttp.machine(base, platformToken, json), say, run)
                .play(DemoHttp.staff(base, lead, json), containers.get(5));
        check(banked, "step 8: known images were not removed at upload (or a harmless one was)");
        pause();
        step9();
        return failures;
    }

    /** Step 1: an NGO on the trusted-flagger hotline flags a terrorist propaganda channel. */
    private void step1(DemoHttp lead, DemoHttp moderator, String channel) {
        JsonNode registered = lead.postOk(
                "/v1/flaggers",
                Map.of(
                        "name",
                        "Counter Extremism Network " + run,
                        "expertise",
                        List.of("RISK_FOR_PUBLIC_SECURITY", "VIOLENCE"),
                        "designatedBy",
                        "Arcom (Digital Services Coordinator, FR)",
                        "country",
                        "FR",
                        "contactEmail",
                        "hotline@cen.example"));
        DemoHttp ngo =
                DemoHttp.machine(app.baseUrl(), registered.at("/token/secret").asText(), json);
        DemoHttp users = DemoHttp.machine(app.baseUrl(), platformToken, json);
        // ordinary users report other things first, so the queue is not empty
        for (int i = 0; i < 3; i++) {
            users.postOk(
                    "/v1/notices",
                    Map.of(
                            "items",
                            List.of(Map.of("subjectId", "post-" + (10 + i))),
                            "reason",
                            i == 0 ? "terrorism" : "spam",
                            "explanation",
                            "looks wrong to me",
                            "goodFaith",
                            true,
                            "notifier",
                            Map.of("reporterId", "acct-" + (20 + i))));
        }
        JsonNode notice = ngo.postOk(
                "/v1/notices",
                Map.of(
                        "items",
                        List.of(Map.of("subjectId", channel, "kind", "channel")),
                        "reason",
                        "terrorism",
                        "explanation",
                        "The channel republishes the propaganda videos of a proscribed organisation daily.",
                        "goodFaith",
                        true,
                        "notifier",
                        Map.of("name", "CEN hotline", "email", "hotline@cen.example"),
                        "country",
                        "FR"));
        String noticeId = notice.get("trackingId").asText();
        JsonNode next = moderator.post("/v1/review/queues/q_urgent/next", "{}").json();
        boolean onTop = channel.equals(next.path("subjectId").asText());
        say.accept("Step 1: the NGO's flag of " + channel + " is " + (onTop ? "at the top" : "NOT at the top")
                + " of the urgent queue (trusted flagger before ordinary users) -> /console/queues");
        check(onTop, "step 1: the NGO's flag was not first in the queue");
        moderator.postOk(
                "/v1/review/cases/" + next.get("id").asText() + "/decision",
                Map.of(
                        "policyClause",
                        "Terms of service 3.1: terrorist content",
                        "facts",
                        "Channel republishing propaganda of a proscribed organisation, verified by the reviewer.",
                        "category",
                        "RISK_FOR_PUBLIC_SECURITY",
                        "actions",
                        List.of(Map.of("type", "block")),
                        "automatedDetection",
                        false,
                        "manifestlyUnfounded",
                        false));
        JsonNode seen = ngo.getOk("/v1/notices/" + noticeId);
        String outcome = seen.at("/items/0/outcome").asText();
        say.accept("  the moderator blocked the channel; the NGO sees its notice's outcome: " + outcome);
        awaitDelivered(channel);
        boolean blocked = !simulator.visible(channel, "FR");
        say.accept("  readers of the simulated messenger no longer see " + channel + ": " + blocked);
        check(
                blocked && !outcome.isBlank() && !outcome.equals("pending"),
                "step 1: channel not blocked or outcome not shown");
    }

    /**
     * A repeat offender: three scam posts by one account are removed one after the other; the third
     * strike suspends the account, and its page lists the three strikes as active.
     */
    private void repeatOffender(DemoHttp moderator, SyntheticPlatform.Container channel) {
        DemoHttp platformApi = DemoHttp.machine(app.baseUrl(), platformToken, json);
        String account = channel.ownerId();
        for (int i = 0; i < 3; i++) {
            String post = "post-scam-" + run + "-" + i;
            platformApi.postOk(
                    "/v1/platform/events",
                    Map.of(
                            "events",
                            List.of(Map.of(
                                    "eventId",
                                    "ev-" + post,
                                    "type",
                                    "created",
                                    "subjectId",
                                    post,
                                    "kind",
                                    "post",
                                    "containerId",
                                    channel.id(),
                                    "authorId",
                                    account,
                                    "country",
                                    channel.country(),
                                    "audience",
                                    300,
                                    "text",
                                    "Guaranteed 300% returns in a week, send a deposit to join (" + (i + 1) + ")",
                                    "occurredAt",
                                    Instant.now().toString()))));
            JsonNode notice = platformApi.postOk(
                    "/v1/notices",
                    Map.of(
                            "items",
                            List.of(Map.of("subjectId", post)),
                            "reason",
                            "scam",
                            "explanation",
                            "asks for deposits with promised returns",
                            "goodFaith",
                            true,
                            "notifier",
                            Map.of("reporterId", "acct-" + (40 + i))));
            String caseId = notice.at("/items/0/caseId").asText();
            moderator.postOk("/v1/review/cases/" + caseId + "/claim", Map.of());
            moderator.postOk(
                    "/v1/review/cases/" + caseId + "/decision",
                    Map.of(
                            "policyClause",
                            "Terms of service 4.2: scams",
                            "facts",
                            "Investment scam asking for deposits.",
                            "actions",
                            List.of(Map.of("type", "remove")),
                            "automatedDetection",
                            false,
                            "manifestlyUnfounded",
                            false));
        }
        JsonNode strikes =
                moderator.getOk("/v1/review/accounts/" + account + "/strikes").get("strikes");
        long active = 0;
        for (JsonNode st : strikes) {
            active += st.path("reversedAt").isMissingNode()
                            || st.path("reversedAt").isNull()
                    ? 1
                    : 0;
        }
        String status = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT account_status FROM subject WHERE id = :a")
                        .bind("a", account)
                        .mapTo(String.class)
                        .one());
        say.accept("  a repeat scammer: three posts of " + account + " removed, " + active + " active strikes, account "
                + status + " -> /console/subjects/" + account);
        check(
                active >= 3 && status.equals("suspended"),
                "repeat offender: strikes not counted or account not suspended");
    }

    /** Step 7: a user reports a threatening message from a private E2E chat with its franking proof. */
    private void step7(DemoHttp lead) throws Exception {
        E2eChats chats = new E2eChats("demo-relay-" + run, Clock.systemUTC());
        lead.postOk(
                "/v1/admin/relay-keys",
                Map.of(
                        "keyId",
                        chats.relayKeyId(),
                        "publicKey",
                        chats.relayPublicKey(),
                        "notBefore",
                        Instant.now().minusSeconds(60).toString()));
        String sender = platform.accounts().get(7).id();
        String victim = platform.accounts().get(8).id();
        String message = "I know where you live. You will regret this tonight.";
        String report = chats.sendAndReport(sender, victim, "dm-" + sender + "-" + victim, message);
        var body = json.mapper().createObjectNode();
        body.put("reporterId", victim);
        body.put("reason", "threat_to_life");
        body.set("report", json.mapper().readTree(report));
        DemoHttp.Answer a =
                DemoHttp.machine(app.baseUrl(), platformToken, json).post("/v1/notices/e2e", body.toString());
        boolean verified = a.status() == 201;
        say.accept("Step 7: franked report from a private E2E chat -> HTTP " + a.status()
                + (verified
                        ? ", verified against the relay's public key; a case against " + sender
                                + " is in the urgent queue"
                        : " " + a.body()));
        say.accept("  the relay and Fulcrum never held the chat's keys; the only plaintext kept is the reported"
                + " message, as evidence");
        check(verified, "step 7: the franked report was not verified");
    }

    /** Step 9: the transparency report is published and verified against the log. */
    private void step9() throws InterruptedException {
        long size = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT size FROM log_state")
                        .mapTo(Long.class)
                        .one());
        Instant deadline = Instant.now().plusSeconds(10);
        while (app.module(TransparencyModule.class)
                                .checkpointer()
                                .latest()
                                .checkpoint()
                                .size()
                        < size
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        var report = app.module(TransparencyModule.class).reports().current();
        long refusedKeys = report.lawful().getOrDefault("year", Map.of()).values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(f -> f.refusalsByPrinciple().getOrDefault("no-keys", 0L))
                .sum();
        say.accept("Step 9: transparency report published from " + report.logSize() + " log entries; refusals by the"
                + " no-keys principle: " + refusedKeys + " -> /transparency");
        int exit = Main.run(
                "verify",
                "--server",
                app.baseUrl(),
                "--key",
                app.module(StoreModule.class).logKeys().verifierKey());
        say.accept("  fulcrum verify --server " + app.baseUrl() + " -> exit " + exit);
        check(refusedKeys >= 1 && exit == 0, "step 9: report or verification failed");
    }

    private void awaitDelivered(String subject) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (simulator.visible(subject, "FR") && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void check(boolean ok, String failure) {
        if (!ok) {
            failures.add(failure);
        }
    }

    private void pause() throws InterruptedException {
        if (pauseMillis > 0) {
            Thread.sleep(pauseMillis);
        }
    }
}

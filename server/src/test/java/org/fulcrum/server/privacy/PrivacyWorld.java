package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.Await.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.fulcrum.server.App;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.PrivacyModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.intake.LawfulIntake;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.simulator.E2eChats;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Bodies;

/**
 * The app on a test clock with the messenger simulator receiving actions, staff signed in (two
 * moderators, two legal reviewers, an admin), a registered relay key for franked reports and a
 * verified officer, and the calls the privacy tests make through the real APIs and services.
 */
final class PrivacyWorld implements AutoCloseable {
    private static final Json JSON = Json.strict();
    private static final Bodies BODIES = new Bodies(Long.MAX_VALUE, JSON);

    static final String SECRET = "whsec_privacy";

    final ManualTime clock;
    final Instant start;
    final SimulatorServer simulator;
    final TestApp app;
    final StaffSessions sessions;
    final Http alice;
    final Http bob;
    final Http legal;
    final Http legal2;
    final Http admin;
    final E2eChats chats;
    final String officerId;

    private PrivacyWorld(UnaryOperator<Config> customise) throws IOException {
        clock = new ManualTime(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        start = clock.instant();
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        app = TestApp.sqlite(
                clock.clock(),
                c -> customise.apply(c.withWebhook(simulator.webhookUrl(), SECRET)
                        .withOutboxTiming(Duration.ofMillis(200), Duration.ofSeconds(1))
                        .withRateLimits(0, 0)));
        Moderators mods = new Moderators(app);
        sessions = mods.sessions();
        alice = mods.moderator("alice");
        bob = mods.moderator("bob");
        legal = app.http().session(sessions.signIn("legal.one", Role.LEGAL));
        legal2 = app.http().session(sessions.signIn("legal.two", Role.LEGAL));
        admin = app.http().session(sessions.signIn("privacy.admin", Role.ADMIN, Role.LEGAL));
        chats = new E2eChats("relay-privacy", clock.clock());
        app.app()
                .module(ModerationModule.class)
                .relayKeys()
                .register("test", chats.relayKeyId(), chats.relayPublicKey(), start.minusSeconds(60));
        officerId = officer();
    }

    static PrivacyWorld start() throws IOException {
        return new PrivacyWorld(UnaryOperator.identity());
    }

    /** The same on PostgreSQL, in a fresh schema. */
    static PrivacyWorld onPostgres() throws IOException {
        return onPostgres(org.fulcrum.server.support.Postgres.freshSchema());
    }

    /** The same on PostgreSQL, in {@code schema}, freshly migrated or empty. */
    static PrivacyWorld onPostgres(String schema) throws IOException {
        return new PrivacyWorld(postgres(schema));
    }

    /** Starts with {@code yaml} as the data folder's retention file, on SQLite or PostgreSQL. */
    static PrivacyWorld withRetentionFile(String yaml, boolean onPostgres) throws IOException {
        return withRetentionFile(yaml, onPostgres ? org.fulcrum.server.support.Postgres.freshSchema() : null);
    }

    /**
     * Starts with {@code yaml} as the data folder's retention file, on PostgreSQL in {@code schema}
     * (freshly migrated or empty), or on SQLite when it is null.
     */
    static PrivacyWorld withRetentionFile(String yaml, String schema) throws IOException {
        UnaryOperator<Config> file = c -> {
            try {
                Path policy = c.dataDir().resolve("policy");
                Files.createDirectories(policy);
                Files.writeString(policy.resolve(RetentionFile.FILE), yaml);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return c;
        };
        return new PrivacyWorld(schema != null ? c -> postgres(schema).apply(file.apply(c)) : file);
    }

    private static UnaryOperator<Config> postgres(String schema) {
        org.fulcrum.server.support.Postgres.require();
        return c -> c.withDatabase(org.fulcrum.server.support.Postgres.URL, "", "", schema);
    }

    App core() {
        return app.app();
    }

    Principal.Staff principal(String username) {
        return sessions.principal(username);
    }

    /** A verified agency of DE and its verified officer with an X25519 key, registered by legal staff. */
    private String officer() {
        Http.Response agency = legal.postJson(
                "/v1/lawful/agencies",
                Map.of(
                        "name",
                        "Bundeskriminalamt",
                        "country",
                        "DE",
                        "kind",
                        "police",
                        "jurisdictions",
                        List.of("DE"),
                        "contactPhone",
                        "+49 611 55 0",
                        "contactEmail",
                        "desk@bka.example"));
        assertThat(agency.status()).as(agency.body()).isEqualTo(201);
        String agencyId = agency.json().get("id").asText();
        Http.Response officer = legal.postJson(
                "/v1/lawful/officers",
                Map.of(
                        "agencyId",
                        agencyId,
                        "name",
                        "Officer Weber",
                        "email",
                        "weber@bka.example",
                        "phone",
                        "+49 611 55 1",
                        "username",
                        "weber.privacy",
                        "password",
                        "officer-password-weber"));
        assertThat(officer.status()).as(officer.body()).isEqualTo(201);
        String id = officer.json().get("id").asText();
        assertThat(legal.postJson(
                                "/v1/lawful/agencies/" + agencyId + "/verify",
                                Map.of("how", "called the switchboard listed in the government directory"))
                        .status())
                .isEqualTo(204);
        assertThat(legal.postJson(
                                "/v1/lawful/officers/" + id + "/verify",
                                Map.of("how", "video call with badge, confirmed by the agency's switchboard"))
                        .status())
                .isEqualTo(204);
        assertThat(legal.postJson(
                                "/v1/lawful/officers/" + id + "/keys",
                                Map.of(
                                        "purpose",
                                        "sign",
                                        "publicKey",
                                        Jwk.newEd25519().x()))
                        .status())
                .isEqualTo(201);
        assertThat(legal.postJson(
                                "/v1/lawful/officers/" + id + "/keys",
                                Map.of(
                                        "purpose",
                                        "encrypt",
                                        "publicKey",
                                        Jwk.newX25519().x()))
                        .status())
                .isEqualTo(201);
        return id;
    }

    /** Content events from the platform. */
    void events(List<Map<String, Object>> events) {
        Http.Response r = app.platform().postJson("/v1/platform/events", Events.of(events));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A user report by {@code reporter} (named, with an e-mail address) with its own explanation; the case id. */
    String report(String reporter, String subject, String explanation) {
        Map<String, Object> n = Notices.report("scam", reporter, subject);
        n.put("explanation", explanation);
        n.put(
                "notifier",
                Map.of("name", "Name of " + reporter, "email", reporter + "@mail.example", "reporterId", reporter));
        Http.Response r = app.platform().postJson("/v1/notices", n);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().at("/items/0/caseId").asText();
    }

    /** Decides a case as alice; the decision's answer. */
    JsonNode decide(String caseId, Map<String, Object> decision) {
        return Moderators.claimAndDecide(alice, caseId, decision);
    }

    /** A franked report of a message from {@code sender} to {@code reporter}; the answer. */
    JsonNode franked(String reporter, String sender, String conversation, String text) throws IOException {
        ObjectNode body = JSON.mapper().createObjectNode();
        body.put("reporterId", reporter);
        body.put("reason", "scam");
        body.set("report", JSON.mapper().readTree(chats.sendAndReport(sender, conversation, text)));
        Http.Response r = app.platform().postJson("/v1/notices/e2e", body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** Account data the platform shares, observed at {@code at}. */
    void accountData(String account, String phone, String ip, Instant at) {
        Http.Response r = app.platform()
                .postJson(
                        "/v1/lawful/account-data",
                        Map.of(
                                "items",
                                List.of(
                                        Map.of(
                                                "accountId",
                                                account,
                                                "category",
                                                "phone_number",
                                                "value",
                                                phone,
                                                "observedAt",
                                                at.toString()),
                                        Map.of(
                                                "accountId",
                                                account,
                                                "category",
                                                "ip_address",
                                                "value",
                                                ip,
                                                "observedAt",
                                                at.toString()))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A request submitted by the officer through the portal; its id. */
    String portal(Map<String, Object> request, Optional<LawfulIntake.Document> document) {
        byte[] body = JSON.write(request).getBytes(StandardCharsets.UTF_8);
        return core().module(LawfulModule.class)
                .lawful()
                .intake()
                .submitPortal(officerId, BODIES.parse(body, Submission.class), body, document)
                .id();
    }

    /** An EPOC for the subscriber data of {@code account}, approved by two legal reviewers; the request id. */
    String disclosed(String account) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("reference", "EPOC-" + account);
        m.put("instrument", "epoc");
        m.put("kind", "disclose_subscriber_data");
        m.put("jurisdiction", "DE");
        m.put("issuingAuthority", "Staatsanwaltschaft Berlin");
        m.put("validatingAuthority", Map.of("name", "Amtsgericht Tiergarten", "type", "court"));
        m.put("addressee", "Fulcrum EU Legal Representative");
        m.put("emergency", false);
        m.put("crime", "terrorism");
        m.put("offenceMaxYears", 10);
        m.put("accounts", List.of(account));
        m.put("dataCategories", List.of("phone_number", "ip_addresses"));
        String id = portal(m, Optional.empty());
        for (Http who : List.of(legal, legal2)) {
            Http.Response r = who.postJson(
                    "/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "valid court order"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        String status = core().module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT status FROM lawful_request WHERE id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
        assertThat(status).isEqualTo("completed");
        return id;
    }

    /** A request for the keys of private chats, refused by principle (and so closed at once), with a document. */
    String refusedWithDocument() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("reference", "KEYS-1");
        m.put("instrument", "generic_national_order");
        m.put("kind", "hand_over_keys");
        m.put("jurisdiction", "DE");
        m.put("issuingAuthority", "Federal office");
        m.put("legalBasis", "Law on information, Art. 10.1");
        m.put("reasons", "Access to the encryption keys of all private chats is required");
        m.put("accounts", List.of());
        m.put("targets", List.of());
        m.put("dataCategories", List.of("encryption_keys"));
        m.put("territorialScope", List.of("DE"));
        m.put("redress", "None");
        m.put("deadlineAsked", clock.instant().plus(Duration.ofDays(7)).toString());
        return portal(
                m,
                Optional.of(new LawfulIntake.Document(
                        "order.pdf", "application/pdf", "%PDF-1.4 order".getBytes(StandardCharsets.UTF_8))));
    }

    /** Waits until every action has reached the platform. */
    void awaitDelivered() {
        await(
                "every action has reached the platform",
                Duration.ofSeconds(20),
                () -> core().module(DeliveryModule.class).outbox().counts().pending() == 0,
                () -> core().module(DeliveryModule.class).outbox().pending(10));
    }

    /** Runs the purge job once. */
    List<PurgeRecord> purge() {
        return core().module(PrivacyModule.class).privacy().purge().run("test");
    }

    /** Moves the test clock to {@code at}. */
    void at(Instant at) {
        clock.set(at);
    }

    long count(String sql) {
        return app.queryLong(sql);
    }

    private boolean appClosed;

    /** Stops the app (as a process stop would), leaving its data folder for a restart. */
    void stopApp() {
        app.close();
        appClosed = true;
    }

    @Override
    public void close() {
        if (!appClosed) {
            app.close();
        }
        simulator.close();
    }
}

package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The point of contact, key rotation, registry access, policy versions, replay and reload. */
class RegistryAndPolicyTest {
    static TestApp app;
    static Http legal;
    static Http admin;
    static Http moderator;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        StaffSessions staff = new StaffSessions(app.app());
        legal = app.http().session(staff.signIn("legal.reg", Role.LEGAL));
        admin = app.http().session(staff.signIn("admin.two", Role.ADMIN));
        moderator = app.http().session(staff.signIn("mod.reg", Role.MODERATOR));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void thePointOfContactSaysWhoAnswersForEveryJurisdictionAndHowToSendEachInstrument() {
        JsonNode all = app.http().get("/.well-known/fulcrum/contact.json").json();
        assertThat(all.at("/jurisdictions/FR/entity").asText()).isEqualTo("fulcrum-eu");
        assertThat(all.at("/jurisdictions/US/entity").asText()).isEqualTo("fulcrum-us");
        assertThat(all.at("/jurisdictions/*/entity").asText()).isEqualTo("fulcrum-global");
        assertThat(all.at("/jurisdictions/FR/instruments").toString()).contains("tco_removal_order");
        assertThat(all.at("/jurisdictions/FR/languages").toString()).contains("fr");
        assertThat(all.at("/instruments/tco_removal_order/clock").asText()).contains("1 hour");
        assertThat(all.at("/instruments/tco_removal_order/requiredElements").toString())
                .contains("contactPoint");
        assertThat(all.at("/answerKeys/0/crv").asText()).isEqualTo("Ed25519");
        assertThat(all.at("/answerKeys/0/d").isMissingNode()).isTrue();
        assertThat(all.at("/submit/api/signature/covered").toString()).contains("@target-uri");
        JsonNode nz = app.http()
                .get("/.well-known/fulcrum/contact.json?jurisdiction=NZ")
                .json();
        assertThat(nz.at("/jurisdictions").size()).isEqualTo(1);
        assertThat(nz.at("/jurisdictions/NZ/entity").asText()).isEqualTo("fulcrum-global");
        // a country without a profile of its own gets the fallback, not an error
        assertThat(app.http()
                        .get("/.well-known/fulcrum/contact.json?jurisdiction=MX")
                        .json()
                        .at("/jurisdictions/MX/entity")
                        .asText())
                .isEqualTo("fulcrum-global");
        assertThat(app.http()
                        .get("/.well-known/fulcrum/contact.json?jurisdiction=france")
                        .status())
                .isEqualTo(400);
        Http.Response page = app.http().get("/contact?jurisdiction=DE");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Fulcrum EU Legal Representative").contains("TCO");
    }

    @Test
    void aRotatedKeyNoLongerSigns() {
        Authority a = Authority.register(legal, app.url(), "FR", "Police judiciaire de Lyon", true);
        Jwk next = Jwk.newEd25519();
        Http.Response rotated = legal.postJson(
                "/v1/lawful/officers/" + a.officerId + "/keys",
                Map.of("purpose", "sign", "publicKey", next.x(), "rotate", true));
        assertThat(rotated.status()).isEqualTo(201);
        Authority.Response old = a.status("lr_nothing");
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.json().get("type").asText()).endsWith("revoked-key");
        assertThat(old.json().get("detail").asText()).contains("rotated");
        JsonNode officer = legal.get("/v1/lawful/officers/" + a.officerId).json();
        assertThat(officer.at("/keys").size()).isEqualTo(3);
        assertThat(officer.at("/officer/verification/how").asText()).contains("video call");
    }

    @Test
    void onlyLegalStaffAndAdminsManageTheRegistry() {
        assertThat(moderator.get("/v1/lawful/agencies").status()).isEqualTo(403);
        assertThat(app.http().get("/v1/lawful/agencies").status()).isEqualTo(401);
        assertThat(moderator.get("/v1/lawful/review").status()).isEqualTo(403);
        assertThat(legal.postJson(
                                "/v1/lawful/agencies",
                                Map.of(
                                        "name",
                                        "x",
                                        "country",
                                        "France",
                                        "kind",
                                        "police",
                                        "contactPhone",
                                        "1",
                                        "contactEmail",
                                        "e"))
                        .status())
                .isEqualTo(400);
        Http.Response badKey = legal.postJson(
                "/v1/lawful/officers/of_missing/keys", Map.of("purpose", "sign", "publicKey", "not-a-key"));
        assertThat(badKey.status()).isEqualTo(400);
    }

    @Test
    void everyDecisionCitesAPolicyVersionAndReplaysToTheSameOutcome() {
        Authority a = Authority.register(legal, app.url(), "DE", "LKA Bayern", true);
        String id = a.submit(Orders.keys("KEYS-REPLAY", "DE")).json().get("id").asText();
        JsonNode view = legal.get("/v1/lawful/review/" + id).json();
        String decision = view.at("/decisions/0/id").asText();
        String version = view.at("/decisions/0/policyVersion").asText();
        assertThat(version)
                .isEqualTo(app.http().get("/v1/policy").json().get("version").asText());
        JsonNode replay = legal.get("/v1/lawful/review/" + id + "/decisions/" + decision + "/replay")
                .json();
        assertThat(replay.get("identical").asBoolean()).isTrue();
        assertThat(replay.at("/replayed/principle").asText()).isEqualTo("no-keys");
        JsonNode text = app.http().get("/v1/policy/versions/" + version).json();
        assertThat(text.get("principles").asText()).contains("no-keys");
        assertThat(app.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'policy_version'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void anEditedPolicyFileBecomesANewLoggedVersionAndAnInvalidOneChangesNothing() throws Exception {
        Path file = app.dataDir().resolve("policy").resolve(Policies.PRINCIPLES);
        String original = Files.readString(file);
        String before = app.http().get("/v1/policy").json().get("version").asText();
        long logged = app.queryLong("SELECT COUNT(*) FROM policy_version");
        try {
            Files.writeString(file, original.replace("request.kind == 'hand_over_keys' ||", "request.kind == ||"));
            Http.Response broken = admin.post("/v1/policy/reload");
            assertThat(broken.status()).isEqualTo(422);
            assertThat(broken.json().get("detail").asText()).contains("keys-requested");
            assertThat(app.http().get("/v1/policy").json().get("version").asText())
                    .isEqualTo(before);
            Files.writeString(file, original + "\n# reviewed by the ethics board\n");
            Http.Response reloaded = admin.post("/v1/policy/reload");
            assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
            assertThat(reloaded.json().get("version").asText()).isNotEqualTo(before);
            assertThat(app.queryLong("SELECT COUNT(*) FROM policy_version")).isEqualTo(logged + 1);
            assertThat(legal.post("/v1/policy/reload").status()).isEqualTo(403);
        } finally {
            Files.writeString(file, original);
            admin.post("/v1/policy/reload");
        }
    }

    @Test
    void findingsKeepWhoWhenAndWhy() {
        app.platform()
                .postJson(
                        "/v1/platform/events", Map.of("events", List.of(Events.post("ev-j", "journo-post", "j", "x"))));
        assertThat(moderator
                        .postJson(
                                "/v1/policy/findings",
                                Map.of(
                                        "subjectId",
                                        "journo-post",
                                        "finding",
                                        "journalism",
                                        "why",
                                        "Report by an accredited journalist"))
                        .status())
                .isEqualTo(201);
        assertThat(moderator
                        .postJson(
                                "/v1/policy/findings",
                                Map.of("subjectId", "journo-post", "finding", "newsworthy", "why", "x"))
                        .status())
                .isEqualTo(400);
        assertThat(moderator
                        .postJson(
                                "/v1/policy/findings",
                                Map.of("subjectId", "journo-post", "finding", "none", "why", " "))
                        .status())
                .isEqualTo(400);
        JsonNode history = legal.get("/v1/policy/findings/journo-post").json();
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.at("/0/foundBy").asText()).startsWith("staff:");
        assertThat(history.at("/0/why").asText()).contains("journalist");
        assertThat(history.at("/0/foundAt").asText()).isNotBlank();
    }

    @Test
    void theConsolePagesRenderAndTheManualFormEntersAnUnverifiedRequest() {
        Authority a = Authority.register(legal, app.url(), "FR", "Commissariat de Lille", true);
        assertThat(legal.get("/console/lawful/authorities").body())
                .contains("Commissariat de Lille")
                .contains("called the switchboard");
        assertThat(legal.get("/console/lawful/manual").body())
                .contains("Commissariat de Lille")
                .contains("tco_removal_order");
        String form = "agencyId=" + a.agencyId + "&receivedVia=fax&reference=FAX-1&instrument=tco_removal_order"
                + "&kind=remove_content&jurisdiction=FR&issuingAuthority=Parquet&issuedAt=2026-11-28T09:00"
                + "&reasons=propaganda&category=terrorism&targets=https%3A%2F%2Fm.example%2Fp%2Ffax-post"
                + "&contactPoint=parquet%40justice.example";
        Http.Response entered = legal.post(
                "/console/lawful/manual",
                "application/x-www-form-urlencoded",
                form.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(entered.status()).as(entered.body()).isIn(200, 302, 303);
        String id = app.queryString("SELECT id FROM lawful_request WHERE reference = 'FAX-1'");
        assertThat(app.queryString("SELECT verification FROM lawful_request WHERE id = '" + id + "'"))
                .isEqualTo("unverified");
        assertThat(app.queryString("SELECT lane FROM lawful_request WHERE id = '" + id + "'"))
                .isEqualTo("manual");
        Http.Response page = legal.get("/console/lawful/requests/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("awaiting clarification")
                .contains("unknown-target")
                .contains("Call-back");
        Http.Response missing = legal.post(
                "/console/lawful/manual",
                "application/x-www-form-urlencoded",
                form.replace("&contactPoint=parquet%40justice.example", "")
                        .replace("FAX-1", "FAX-2")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("contact point");
        assertThat(app.http().get("/portal/login").body()).contains("sign-in");
        assertThat(app.http().get("/portal").raw().statusCode()).isIn(200, 302);
        assertThat(moderator.get("/console/lawful").status()).isEqualTo(403);
    }
}

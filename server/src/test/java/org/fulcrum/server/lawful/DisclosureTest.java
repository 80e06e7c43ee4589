package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.disclosure.SealedPackage;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Disclosures: two distinct legal approvers, minimised to IP addresses and phone number, sealed to the officer. */
class DisclosureTest {
    private static final Json JSON = Json.strict();

    static TestApp app;
    static Http legal;
    static Http legal2;
    static Http moderator;
    static Authority court;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        StaffSessions staff = new StaffSessions(app.app());
        legal = app.http().session(staff.signIn("legal.one", Role.LEGAL));
        legal2 = app.http().session(staff.signIn("legal.two", Role.LEGAL));
        moderator = app.http().session(staff.signIn("mod.one", Role.MODERATOR));
        court = Authority.register(legal, app.url(), "DE", "Staatsanwaltschaft Berlin", true);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static void accountData(String account) {
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
                                                "+49 151 0000 0000",
                                                "observedAt",
                                                "2026-10-01T10:00:00Z"),
                                        Map.of(
                                                "accountId",
                                                account,
                                                "category",
                                                "ip_address",
                                                "value",
                                                "203.0.113.7",
                                                "observedAt",
                                                "2026-11-20T08:00:00Z"),
                                        Map.of(
                                                "accountId",
                                                account,
                                                "category",
                                                "ip_address",
                                                "value",
                                                "198.51.100.23",
                                                "observedAt",
                                                "2026-11-21T08:00:00Z"),
                                        Map.of(
                                                "accountId",
                                                account,
                                                "category",
                                                "email",
                                                "value",
                                                "suspect@mail.example",
                                                "observedAt",
                                                "2026-10-01T10:00:00Z"),
                                        Map.of(
                                                "accountId",
                                                account,
                                                "category",
                                                "name",
                                                "value",
                                                "A. Suspect",
                                                "observedAt",
                                                "2026-10-01T10:00:00Z"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static String approve(Http who, String id) {
        return who.postJson("/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "valid court order"))
                .body();
    }

    @Test
    void judicialDisclosureOrderNeedsTwoApproversAndYieldsIpAndPhoneOnlyEncryptedToTheOfficer() {
        accountData("acct-suspect");
        Authority.Response r = court.submit(Orders.epoc(
                "EPOC-DE-77",
                "DE",
                "acct-suspect",
                List.of("name", "email", "phone_number", "ip_addresses", "e2e_content")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asText();
        assertThat(r.json().get("outcome").asText()).isEqualTo("comply_in_part");
        assertThat(r.json().get("status").asText()).isEqualTo("awaiting_approval");
        assertThat(r.json().get("answerAvailable").asBoolean()).isFalse();

        assertThat(moderator
                        .postJson("/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "x"))
                        .status())
                .isEqualTo(403);
        JsonNode first = read(approve(legal, id));
        assertThat(first.get("approvers").asInt()).isEqualTo(1);
        assertThat(first.get("executed").asBoolean()).isFalse();
        Http.Response again =
                legal.postJson("/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "again"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(court.send("GET", "/v1/lawful/requests/" + id + "/package", null)
                        .status())
                .isEqualTo(404);

        JsonNode second = read(approve(legal2, id));
        assertThat(second.get("approvers").asInt()).isEqualTo(2);
        assertThat(second.get("executed").asBoolean()).isTrue();
        assertThat(court.status(id).json().get("status").asText()).isEqualTo("completed");

        Authority.Response pkg = court.send("GET", "/v1/lawful/requests/" + id + "/package", null);
        assertThat(pkg.status()).as(pkg.body()).isEqualTo(200);
        assertThat(pkg.body()).doesNotContain("203.0.113.7").doesNotContain("+49");
        SealedPackage sealed = SealedPackage.parse(pkg.body(), JSON);
        assertThat(sealed.kid()).isEqualTo(court.encryption.kid());
        JsonNode opened = read(new String(sealed.open(court.encryption), StandardCharsets.UTF_8));
        JsonNode account = opened.at("/accounts/0");
        assertThat(account.get("account").asText()).isEqualTo("acct-suspect");
        assertThat(account.get("phone_number").get(0).get("value").asText()).isEqualTo("+49 151 0000 0000");
        assertThat(account.get("ip_addresses")).hasSize(2);
        assertThat(opened.get("categories")).hasSize(2);
        assertThat(opened.toString()).doesNotContain("suspect@mail.example").doesNotContain("A. Suspect");
        assertThat(app.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'disclosure'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void theStaffMemberWhoEnteredARequestCannotApproveItsDisclosure() {
        accountData("acct-manual");
        String body = JSON.write(Map.of(
                "agencyId",
                court.agencyId,
                "officerId",
                court.officerId,
                "receivedVia",
                "post",
                "request",
                Orders.epoc("EPOC-POST-1", "DE", "acct-manual", List.of("phone_number"))));
        Http.Response entered = legal.postJson("/v1/lawful/manual", body);
        assertThat(entered.status()).as(entered.body()).isEqualTo(201);
        String id = entered.json().get("id").asText();
        assertThat(entered.json().get("status").asText()).isEqualTo("awaiting_callback");
        // before the call-back, nobody may approve
        assertThat(legal2.postJson("/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "x"))
                        .status())
                .isEqualTo(409);
        Http.Response cb = legal2.postJson(
                "/v1/lawful/review/" + id + "/callback",
                Map.of(
                        "contact",
                        court.agencyPhone,
                        "confirmed",
                        true,
                        "note",
                        "Prosecutor confirmed the order by phone"));
        assertThat(cb.status()).as(cb.body()).isEqualTo(200);
        assertThat(cb.json().get("status").asText()).isEqualTo("awaiting_approval");
        Http.Response own = legal.postJson("/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "mine"));
        assertThat(own.status()).isEqualTo(403);
    }

    @Test
    void anEmergencyRequestIsHeldUntilCallBackVerification() {
        Authority sheriff = Authority.register(legal, app.url(), "US", "County Sheriff", true);
        accountData("acct-kidnapper");
        Authority.Response r = sheriff.submit(Orders.emergency("EDR-1", "US", "acct-kidnapper"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asText();
        assertThat(r.json().get("status").asText()).isEqualTo("awaiting_callback");
        assertThat(r.json().get("explanation").asText()).contains("callback-first");
        assertThat(legal.postJson("/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "urgent"))
                        .status())
                .isEqualTo(409);
        // a number given in the request is not a contact on file
        Http.Response wrong = legal.postJson(
                "/v1/lawful/review/" + id + "/callback",
                Map.of(
                        "contact",
                        "Sgt. Doe, +1 555 0100",
                        "confirmed",
                        true,
                        "note",
                        "called the number in the request"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("contact on file");
        Http.Response cb = legal.postJson(
                "/v1/lawful/review/" + id + "/callback",
                Map.of(
                        "contact",
                        sheriff.agencyPhone,
                        "confirmed",
                        true,
                        "note",
                        "Duty officer confirmed the emergency"));
        assertThat(cb.json().get("status").asText()).isEqualTo("awaiting_approval");
        approve(legal, id);
        JsonNode done = read(approve(legal2, id));
        assertThat(done.get("executed").asBoolean()).isTrue();
        assertThat(sheriff.status(id).json().get("answerAvailable").asBoolean()).isTrue();
    }

    @Test
    void aFailedCallBackRefusesTheRequestAndFlagsItForged() {
        Authority fake = Authority.register(legal, app.url(), "US", "Police Department", true);
        accountData("acct-victim");
        String id = fake.submit(Orders.emergency("EDR-FAKE", "US", "acct-victim"))
                .json()
                .get("id")
                .asText();
        Http.Response cb = legal.postJson(
                "/v1/lawful/review/" + id + "/callback",
                Map.of(
                        "contact",
                        fake.agencyPhone,
                        "confirmed",
                        false,
                        "note",
                        "The department has no record of this request"));
        assertThat(cb.json().get("status").asText()).isEqualTo("refused");
        JsonNode view = legal.get("/v1/lawful/review/" + id).json();
        assertThat(view.at("/request/flags").toString()).contains("forged");
        assertThat(view.at("/reputation/forged").asInt()).isEqualTo(1);
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM disclosure WHERE request_id = '" + id + "' AND status = 'executed'"))
                .isZero();
    }

    static JsonNode read(String json) {
        try {
            return JSON.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}

package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.policy.Finding;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Safeguards tried as the attack or inconsistency they answer, on the in-process app with signed
 * requests: reputation counts misuse only and never holds a TCO order silently; a restricted-tier
 * disclosure waits for a persecution finding; a new officer's requests are looked at; every
 * jurisdiction has a content lane.
 */
class SafeguardsTest {
    static TestApp app;
    static Http legalHttp;
    static Principal.Staff a;
    static Principal.Staff b;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        StaffSessions staff = new StaffSessions(app.app());
        legalHttp = app.http().session(staff.signIn("legal.a", Role.LEGAL));
        staff.signIn("legal.b", Role.LEGAL);
        a = staff.principal("legal.a");
        b = staff.principal("legal.b");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static void posts(String... ids) {
        List<Object> events = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> e = new LinkedHashMap<>(Events.post("ev-" + id, id, "chan-" + id, "video " + id));
            e.put("audience", 300);
            events.add(e);
        }
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Map.of("events", events))
                        .status())
                .isEqualTo(200);
    }

    static void account(String id, String country) {
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Map.of("events", List.of(Events.account(id, country, "en"))))
                        .status())
                .isEqualTo(200);
        assertThat(app.platform()
                        .postJson(
                                "/v1/lawful/account-data",
                                Map.of(
                                        "items",
                                        List.of(Map.of(
                                                "accountId",
                                                id,
                                                "category",
                                                "phone_number",
                                                "value",
                                                "+00 000",
                                                "observedAt",
                                                "2026-11-01T00:00:00Z"))))
                        .status())
                .isLessThan(300);
    }

    static String visibility(String id) {
        return app.platform()
                .get("/v1/platform/subjects/" + id)
                .json()
                .at("/state/visibility")
                .asText();
    }

    static String status(String id) {
        return app.queryString("SELECT status FROM lawful_request WHERE id = '" + id + "'");
    }

    @Nested
    class ReputationCountsMisuseOnly {
        @Test
        void frenchAndGermanKeyRequestsRefusedByPrincipleDoNotHoldTheirNextTcoOrders() {
            for (String country : List.of("FR", "DE")) {
                Authority officer = Authority.register(legalHttp, app.url(), country, "Cyber unit " + country, true);
                for (int i = 0; i < 5; i++) {
                    Map<String, Object> keys = Orders.keys("KEYS-" + country + "-" + i, country);
                    keys.put("legalBasis", "Code of criminal procedure, Art. " + (100 + i));
                    Authority.Response r = officer.submit(keys);
                    assertThat(r.json().get("status").asText()).as(r.body()).isEqualTo("refused");
                    assertThat(r.json().get("principle").asText()).isEqualTo("no-keys");
                }
                posts("rep-" + country);
                Authority.Response tco = officer.submit(Orders.tco("TCO-REP-" + country, country, "rep-" + country));
                assertThat(tco.json().get("status").asText()).as(tco.body()).isEqualTo("completed");
                assertThat(visibility("rep-" + country)).isEqualTo("removed");
                assertThat(app.queryString("SELECT flags FROM lawful_request WHERE id = '"
                                + tco.json().get("id").asText() + "'"))
                        .doesNotContain("low_reputation");
            }
        }

        @Test
        void aTcoOrderHeldForMisuseRaisesAnAlertAndTopsTheLegalQueue() {
            Authority officer = Authority.register(legalHttp, app.url(), "FR", "Brigade de recherche", true);
            account("acct-forged", "FR");
            // an order whose call-back the desk did not confirm: forged, and misuse
            Authority.Response forged =
                    officer.submit(Orders.epoc("EPOC-FORGED", "FR", "acct-forged", List.of("phone_number")));
            String forgedId = forged.json().get("id").asText();
            app.app()
                    .module(LawfulModule.class)
                    .lawful()
                    .review()
                    .callback(a, forgedId, officer.agencyPhone, false, "the desk never sent it");
            // an ordinary order from elsewhere with a later deadline, already waiting
            Authority other = Authority.register(legalHttp, app.url(), "DE", "Landeskriminalamt", true);
            account("acct-waiting", "DE");
            other.submit(Orders.epoc("EPOC-WAIT", "DE", "acct-waiting", List.of("phone_number")));

            posts("held-tco");
            Authority.Response tco = officer.submit(Orders.tco("TCO-HELD", "FR", "held-tco"));
            String id = tco.json().get("id").asText();
            assertThat(tco.json().get("outcome").asText()).isEqualTo("comply");
            assertThat(tco.json().get("status").asText()).isEqualTo("in_review");
            assertThat(app.queryString("SELECT flags FROM lawful_request WHERE id = '" + id + "'"))
                    .contains("low_reputation");
            assertThat(app.queryLong(
                            "SELECT COUNT(*) FROM lawful_request WHERE id = '" + id + "' AND alerted_at IS NOT NULL"))
                    .isEqualTo(1);
            assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE target = 'request:" + id
                            + "' AND action = 'clock.alert'"))
                    .isEqualTo(1);
            assertThat(app.app()
                            .module(LawfulModule.class)
                            .lawful()
                            .queries()
                            .queue()
                            .get(0)
                            .id())
                    .isEqualTo(id);
            // legal staff see it on whatever console page they have open: a red count beside
            // "Lawful requests" saying why, and the same in what an open page asks for every 30 s
            String elsewhere = legalHttp.get("/console/subjects").body();
            assertThat(elsewhere)
                    .containsPattern("href=\"/console/lawful\" class=\"\">Lawful requests <span class=\"badge urgent\""
                            + " data-for=\"/console/lawful\" title=\"[0-9]+ requests wait for legal staff; 1 alerted"
                            + " \\(a clock nearly out or a one-hour order held\\)");
            var attention = legalHttp.get("/console/attention").json();
            assertThat(attention.get("urgent").asBoolean()).isTrue();
            var lawfulCount = java.util.stream.StreamSupport.stream(
                            attention.get("pages").spliterator(), false)
                    .filter(p -> p.get("href").asText().equals("/console/lawful"))
                    .findFirst()
                    .orElseThrow();
            assertThat(lawfulCount.get("urgent").asBoolean()).isTrue();
            assertThat(lawfulCount.get("words").asText()).contains("1 alerted");
            // a person meets the hour: one approval executes it
            app.app().module(LawfulModule.class).lawful().review().execute(a, id, "checked with PHAROS");
            assertThat(visibility("held-tco")).isEqualTo("removed");
        }
    }

    @Nested
    class RestrictedTierFinding {
        static Map<String, Object> courtOrder(String ref, String country, String account) {
            Map<String, Object> m = new LinkedHashMap<>(
                    Orders.generic(ref, country, "disclose_subscriber_data", "terrorism", List.of()));
            m.remove("targets");
            m.remove("category");
            m.put("accounts", List.of(account));
            m.put("crime", "terrorism");
            m.put("validatingAuthority", Map.of("name", "District court", "type", "court"));
            m.put("dataCategories", List.of("phone_number"));
            return m;
        }

        @Test
        void aTerrorismCourtOrderFromARestrictedTierIsNotDisclosedWithoutAPersecutionFinding() {
            Authority russia = Authority.register(legalHttp, app.url(), "RU", "Investigative Committee", true);
            account("acct-ru", "RU");
            Authority.Response r = russia.submit(courtOrder("RU-TERROR-1", "RU", "acct-ru"));
            String id = r.json().get("id").asText();
            assertThat(r.json().get("status").asText()).isEqualTo("awaiting_callback");
            app.app()
                    .module(LawfulModule.class)
                    .lawful()
                    .review()
                    .callback(a, id, russia.agencyPhone, true, "the committee confirmed");
            assertThat(status(id))
                    .as("escalated for the finding, not waiting for approvers")
                    .isEqualTo("in_review");
            assertThat(legalHttp.get("/console/lawful/requests/" + id).body())
                    .contains("id=\"waiting-for\"")
                    .contains("recorded finding");
            assertThatThrownBy(() -> app.app()
                            .module(LawfulModule.class)
                            .lawful()
                            .review()
                            .approveDisclosure(a, id, "court order"))
                    .isInstanceOf(FulcrumException.Conflict.class)
                    .hasMessageContaining("finding");
            assertThat(app.queryLong(
                            "SELECT COUNT(*) FROM disclosure WHERE request_id = '" + id + "' AND status = 'executed'"))
                    .isZero();

            app.app()
                    .module(LawfulModule.class)
                    .lawful()
                    .review()
                    .finding(
                            a,
                            id,
                            "acct-ru",
                            Finding.none,
                            "Financing of a designated terrorist group; the account holder is no journalist, activist or opponent");
            assertThat(status(id)).isEqualTo("awaiting_approval");
            app.app()
                    .module(LawfulModule.class)
                    .lawful()
                    .review()
                    .approveDisclosure(a, id, "court order, finding recorded");
            assertThat(app.app()
                            .module(LawfulModule.class)
                            .lawful()
                            .review()
                            .approveDisclosure(b, id, "agreed")
                            .executed())
                    .isTrue();
        }

        @Test
        void aFindingThatTheTargetIsAJournalistKeepsTheDisclosureShut() {
            Authority russia = Authority.register(legalHttp, app.url(), "RU", "FSB regional office", true);
            account("acct-journalist", "RU");
            String id = russia.submit(courtOrder("RU-TERROR-2", "RU", "acct-journalist"))
                    .json()
                    .get("id")
                    .asText();
            app.app()
                    .module(LawfulModule.class)
                    .lawful()
                    .review()
                    .callback(a, id, russia.agencyPhone, true, "confirmed");
            app.app()
                    .module(LawfulModule.class)
                    .lawful()
                    .review()
                    .finding(
                            a,
                            id,
                            "acct-journalist",
                            Finding.journalism,
                            "Investigative reporter; the 'terrorism' label covers reporting on the war");
            assertThatThrownBy(() -> app.app()
                            .module(LawfulModule.class)
                            .lawful()
                            .review()
                            .approveDisclosure(a, id, "court order"))
                    .isInstanceOf(FulcrumException.Conflict.class);
        }

        @Test
        void theSameOrderFromAStandardTierNeedsNoFinding() {
            Authority germany = Authority.register(legalHttp, app.url(), "DE", "Bundeskriminalamt", true);
            account("acct-de", "DE");
            String id = germany.submit(courtOrder("DE-TERROR-1", "DE", "acct-de"))
                    .json()
                    .get("id")
                    .asText();
            assertThat(status(id)).isEqualTo("awaiting_approval");
            app.app().module(LawfulModule.class).lawful().review().approveDisclosure(a, id, "court order");
            assertThat(app.app()
                            .module(LawfulModule.class)
                            .lawful()
                            .review()
                            .approveDisclosure(b, id, "agreed")
                            .executed())
                    .isTrue();
        }
    }

    @Nested
    class NewSenders {
        @Test
        void aNewOfficersBlockOrderWaitsForAPersonWhileItsTcoOrderMeetsTheClockAndIsMarked() {
            Authority fresh = Authority.register(legalHttp, app.url(), "FR", "Office anti-terroriste", true);
            posts("new-post");
            Authority.Response tco = fresh.submit(Orders.tco("TCO-NEW", "FR", "new-post"));
            assertThat(tco.json().get("status").asText()).isEqualTo("completed");
            assertThat(visibility("new-post")).isEqualTo("removed");
            String tcoId = tco.json().get("id").asText();
            assertThat(app.app().module(LawfulModule.class).lawful().queries().newSendersExecuted(20))
                    .extracting(LawfulRequest::id)
                    .contains(tcoId);
            assertThat(legalHttp.get("/console/lawful").body())
                    .contains("new sender")
                    .contains(tcoId);

            posts("new-chan-post");
            app.app().module(StoreModule.class).db().write(tx -> {
                org.fulcrum.server.policy.Findings.record(
                        tx,
                        "chan-new-chan-post",
                        Finding.none,
                        "legal.a",
                        "Recruitment channel of a designated group",
                        null);
                return null;
            });
            Map<String, Object> block = new LinkedHashMap<>(
                    Orders.generic("DSA9-NEW", "FR", "block_container", "terrorism", List.of("chan-new-chan-post")));
            block.put("instrument", "dsa_art9_order");
            block.put("language", "fr");
            Authority.Response r = fresh.submit(block);
            assertThat(r.json().get("outcome").asText()).as(r.body()).isEqualTo("comply");
            assertThat(r.json().get("status").asText()).isEqualTo("in_review");
            assertThat(app.queryLong("SELECT COUNT(*) FROM enforcement_action WHERE origin_ref = '"
                            + r.json().get("id").asText() + "'"))
                    .isZero();
        }

        @Test
        void aNewOfficersDisclosureIsNeverExecutedAutomatically() {
            Authority fresh = Authority.register(legalHttp, app.url(), "DE", "Polizeipräsidium", true);
            account("acct-new", "DE");
            Authority.Response r = fresh.submit(Orders.epoc("EPOC-NEW", "DE", "acct-new", List.of("phone_number")));
            assertThat(r.json().get("status").asText()).isEqualTo("awaiting_approval");
            assertThat(app.queryLong("SELECT COUNT(*) FROM disclosure WHERE request_id = '"
                            + r.json().get("id").asText() + "' AND status = 'executed'"))
                    .isZero();
        }
    }

    @Nested
    class ContentLane {
        @Test
        void aUsAuthorityCanAskForRemovalAndAWrongInstrumentIsToldTheWayForward() {
            Authority us = Authority.register(legalHttp, app.url(), "US", "FBI Field Office", true);
            posts("us-post");
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("reference", "US-REMOVE-1");
            order.put("instrument", "national_content_order");
            order.put("kind", "remove_content");
            order.put("jurisdiction", "US");
            order.put("issuingAuthority", "US District Court for the District of Columbia");
            order.put("legalBasis", "18 U.S.C. 2339B");
            order.put("reasons", "Recruitment video of a designated organisation");
            order.put("category", "terrorism");
            order.put(
                    "targets",
                    List.of(Map.of("locator", "https://messenger.example/p/us-post", "subjectId", "us-post")));
            Authority.Response ok = us.submit(order);
            assertThat(ok.status()).as(ok.body()).isEqualTo(201);
            assertThat(ok.json().get("status").asText()).isEqualTo("completed");
            assertThat(visibility("us-post")).isEqualTo("removed");

            order.put("reference", "US-REMOVE-2");
            order.put("instrument", "us_subpoena");
            Authority.Response wrong = us.submit(order);
            assertThat(wrong.status()).isEqualTo(422);
            assertThat(wrong.body()).contains("send it as national_content_order");
        }
    }
}

package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** The lawful flows on PostgreSQL: the same SQL as on SQLite. */
class LawfulPostgresTest {
    @Test
    void tcoExecutionDisclosureAndRefusalWorkOnPostgres() {
        try (TestApp app = TestApp.postgres(UnaryOperator.identity())) {
            StaffSessions staff = new StaffSessions(app.app());
            Http legal = app.http().session(staff.signIn("legal.pg", Role.LEGAL));
            Http legal2 = app.http().session(staff.signIn("legal.pg2", Role.LEGAL));
            Authority a = Authority.register(legal, app.url(), "DE", "BKA", true);
            app.platform()
                    .postJson("/v1/platform/events", Map.of("events", List.of(Events.post("e", "pg-post", "c", "x"))));
            Authority.Response tco = a.submit(Orders.tco("TCO-PG", "DE", "pg-post"));
            assertThat(tco.json().get("status").asText()).as(tco.body()).isEqualTo("completed");
            assertThat(a.submit(Orders.keys("KEYS-PG", "DE"))
                            .json()
                            .get("principle")
                            .asText())
                    .isEqualTo("no-keys");
            app.platform()
                    .postJson(
                            "/v1/lawful/account-data",
                            Map.of(
                                    "items",
                                    List.of(Map.of(
                                            "accountId",
                                            "acct-pg",
                                            "category",
                                            "ip_address",
                                            "value",
                                            "192.0.2.1",
                                            "observedAt",
                                            "2026-11-01T00:00:00Z"))));
            String id = a.submit(Orders.epoc("EPOC-PG", "DE", "acct-pg", List.of("ip_addresses")))
                    .json()
                    .get("id")
                    .asText();
            for (Http h : List.of(legal, legal2)) {
                assertThat(h.postJson("/v1/lawful/review/" + id + "/disclosure/approve", Map.of("reason", "ok"))
                                .status())
                        .isEqualTo(200);
            }
            assertThat(a.status(id).json().get("answerAvailable").asBoolean()).isTrue();
            assertThat(legal.get("/v1/lawful/review").status()).isEqualTo(200);
            assertThat(legal.get("/v1/lawful/review/" + id)
                            .json()
                            .at("/reputation/received")
                            .asInt())
                    .isEqualTo(3);
            app.app().module(LawfulModule.class).lawful().jobs().alerts();
            assertThat(app.platform().get("/v1/lawful/notices").status()).isEqualTo(200);
        }
    }
}

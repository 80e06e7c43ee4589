package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.fulcrum.server.App;
import org.fulcrum.server.cli.Main;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Requests refused before they were stored: an officer filing for a jurisdiction its agency does
 * not cover is refused in every lane; every refusal is kept in the database (seen from every node,
 * kept across a restart), listed on the legal console and counted in the published report, which
 * {@code fulcrum verify} still recomputes from the log.
 */
class RejectionRecordsTest {
    private static final Json JSON = Json.strict();

    static void await(String what, BooleanSupplier condition) {
        Await.await(what, Duration.ofSeconds(15), condition);
    }

    @Test
    void aRussianOfficersTcoOrderClaimingFranceIsRejectedRecordedAndCounted() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            Http legal = app.http().session(new StaffSessions(app.app()).signIn("legal.rj", Role.LEGAL));
            Authority russia = Authority.register(legal, app.url(), "RU", "FSB", true);
            app.platform()
                    .postJson(
                            "/v1/platform/events",
                            Map.of("events", List.of(Events.post("ev-rj", "rj-post", "c", "x"))));
            long entries = app.queryLong("SELECT size FROM log_state");

            Authority.Response r = russia.submit(Orders.tco("TCO-RU-AS-FR", "FR", "rj-post"));

            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.json().get("type").asText()).endsWith("/jurisdiction-not-covered");
            assertThat(r.json().get("detail").asText()).contains("RU").contains("FR");
            assertThat(app.count("lawful_request")).isZero();
            assertThat(app.count("signature_nonce")).isZero();
            assertThat(app.count("enforcement_action")).isZero();
            assertThat(app.queryString("""
                    SELECT reason || ' ' || lane || ' ' || jurisdiction || ' ' || agency_id || ' ' || officer_id
                           || ' ' || key_id FROM lawful_rejection"""))
                    .isEqualTo("jurisdiction-not-covered api FR " + russia.agencyId + " " + russia.officerId + " "
                            + russia.signing.kid());
            assertThat(app.queryLong("SELECT size FROM log_state")).isEqualTo(entries + 1);

            // the manual lane refuses it the same way
            Http legalApi = legal;
            Http.Response manual = legalApi.postJson(
                    "/v1/lawful/manual",
                    Map.of(
                            "agencyId",
                            russia.agencyId,
                            "receivedVia",
                            "email",
                            "request",
                            Orders.tco("TCO-RU-AS-FR-2", "FR", "rj-post")));
            assertThat(manual.status()).as(manual.body()).isEqualTo(403);
            assertThat(app.count("lawful_request")).isZero();
            assertThat(app.count("lawful_rejection")).isEqualTo(2);

            // a forgery with no signature at all is recorded under the jurisdiction it claims
            Authority.Response unsigned = russia.raw(
                    "POST",
                    "/v1/lawful/requests",
                    Map.of("body", JSON.write(Orders.tco("TCO-FORGED", "DE", "rj-post"))));
            assertThat(unsigned.status()).isEqualTo(401);

            // listed on the legal console, newest first, with what is known of the sender
            String page = legal.get("/console/lawful/rejections").body();
            assertThat(page)
                    .contains("jurisdiction-not-covered")
                    .contains("signature-missing")
                    .contains(russia.agencyId)
                    .contains(russia.signing.kid());
            assertThat(legal.get("/console/lawful").body()).contains("/console/lawful/rejections");

            // counted in the report, per reason and claimed jurisdiction, from the log alone
            long size = app.queryLong("SELECT size FROM log_state");
            await("the report covers the rejections", () -> app.reportedLogSize() >= size);
            JsonNode report = app.http().get("/v1/reports/transparency.json").json();
            JsonNode year = report.at("/lawful/year").elements().next();
            assertThat(year.at("/FR/rejected").asLong()).isEqualTo(2);
            assertThat(year.at("/FR/rejectedByReason/jurisdiction-not-covered").asLong())
                    .isEqualTo(2);
            assertThat(year.at("/DE/rejectedByReason/signature-missing").asLong())
                    .isEqualTo(1);
            assertThat(year.at("/FR/received").asLong()).isZero();
            assertThat(Main.run("verify", "--server", app.url())).isZero();
        }
    }

    static final org.fulcrum.server.config.KeyFiles KEYS = SharedKeyFiles.create("fulcrum.log/localhost");

    static Config node(String schema, Path dir, String name) {
        Config c = TestApp.config(dir).withDatabase(Postgres.URL, "", "", schema);
        return SharedKeyFiles.use(c.withCluster(c.cluster().withNodeId(name)), KEYS);
    }

    @Test
    void rejectionsSurviveARestartAndAreSeenFromASecondNodeOnPostgres() throws Exception {
        Postgres.require();
        String schema = Postgres.freshSchema();
        Path dirA = Files.createTempDirectory("fulcrum-rj-a");
        Path dirB = Files.createTempDirectory("fulcrum-rj-b");
        String forged = JSON.write(Orders.tco("TCO-FORGED-PG", "FR", "pg-post"));
        try (App a = App.create(node(schema, dirA, "node-a"), Clock.systemUTC()).start()) {
            Authority.Response r = Authority.raw(
                    a.baseUrl(),
                    "POST",
                    "/v1/lawful/requests",
                    Map.of(
                            "body",
                            forged,
                            "Signature-Input",
                            "sig1=(\"@method\");created=1;keyid=\"nobody\";nonce=\"abcdefgh\"",
                            "Signature",
                            "sig1=:AAAA:"));
            assertThat(r.status()).as(r.body()).isEqualTo(401);
        }
        try (App a = App.create(node(schema, dirA, "node-a"), Clock.systemUTC()).start();
                App b = App.create(node(schema, dirB, "node-b"), Clock.systemUTC())
                        .start()) {
            for (App node : List.of(a, b)) {
                Http legal = new Http(node.baseUrl())
                        .session(new StaffSessions(node).signIn("legal." + node.port(), Role.LEGAL));
                JsonNode list = legal.get("/v1/lawful/rejections").json();
                assertThat(list.size()).as(list.toString()).isEqualTo(1);
                assertThat(list.get(0).get("reason").asText()).isEqualTo("signature-incomplete");
                assertThat(list.get(0).get("jurisdiction").asText()).isEqualTo("FR");
                assertThat(list.get(0).get("keyId").asText()).isEqualTo("nobody");
                assertThat(legal.get("/console/lawful/rejections").body())
                        .contains(list.get(0).get("id").asText());
            }
        }
    }
}

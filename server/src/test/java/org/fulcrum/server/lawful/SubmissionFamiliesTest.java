package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.App;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.decision.RequestFacts;
import org.fulcrum.server.lawful.intake.Intake;
import org.fulcrum.server.lawful.request.ContentOrder;
import org.fulcrum.server.lawful.request.DataCategory;
import org.fulcrum.server.lawful.request.DataRequest;
import org.fulcrum.server.lawful.request.EmergencyRequest;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.RequestInvalid;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.policy.Facts;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.Policy;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Bodies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One record per instrument family: each family parses from the unchanged flat wire form, a field of
 * another family is refused with a 400 problem and nothing stored, the decision code reads the family
 * it is given, and the OpenAPI document still describes every wire field.
 */
class SubmissionFamiliesTest {
    private static final Json JSON = Json.strict();
    private static final Bodies BODIES = new Bodies(Long.MAX_VALUE, JSON);

    static final Policy POLICY =
            Policy.parse(Policies.defaultText(Policies.PRINCIPLES), Policies.defaultText(Policies.JURISDICTIONS));

    static App app;
    static Http http;
    static Authority france;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("fulcrum-families");
        app = App.create(TestApp.seeded(dir), java.time.Clock.systemUTC()).start();
        http = new Http(app.baseUrl());
        Http legal = http.session(new StaffSessions(app).signIn("legal.one", Role.LEGAL));
        france = Authority.register(legal, app.baseUrl(), "FR", "Brigade numérique", true);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Submission parse(Map<String, Object> m) {
        return BODIES.parse(JSON.write(m).getBytes(java.nio.charset.StandardCharsets.UTF_8), Submission.class);
    }

    static long stored() {
        return app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT COUNT(*) FROM lawful_request")
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void eachFamilyParsesFromTheFlatWireFormIntoItsOwnRecord() {
        Submission tco = parse(Orders.tco("F-1", "FR", "post-1"));
        assertThat(tco).isInstanceOfSatisfying(ContentOrder.class, c -> {
            assertThat(c.category()).contains("terrorism");
            assertThat(c.issuer().contactPoint()).isPresent();
            assertThat(c.subjects().targets()).hasSize(1);
        });
        assertThat(tco.family()).isEqualTo(Submission.Family.content_order);

        Submission epoc = parse(Orders.epoc("F-2", "DE", "acct-1", List.of("ip_addresses")));
        assertThat(epoc).isInstanceOfSatisfying(DataRequest.class, d -> {
            assertThat(d.data().crime()).contains("terrorism");
            assertThat(d.data().offenceMaxYears()).contains(10);
            assertThat(d.data().categories()).containsExactly(DataCategory.ip_addresses);
            assertThat(d.emergency()).contains(false);
            assertThat(d.issuer().validatingAuthority()).isPresent();
        });

        Submission emergency = parse(Orders.emergency("F-3", "US", "acct-1"));
        assertThat(emergency)
                .isInstanceOfSatisfying(
                        EmergencyRequest.class,
                        e -> assertThat(e.details().flatMap(Submission.EmergencyDetails::threat))
                                .contains("A child's life is at risk"));
        assertThat(emergency.isEmergency()).isTrue();

        // A request for keys is a data request whatever the instrument carrying it.
        assertThat(parse(Orders.keys("F-4", "RU"))).isInstanceOf(DataRequest.class);
        Map<String, Object> keysUnderTco = new LinkedHashMap<>(Orders.tco("F-5", "FR", "post-1"));
        keysUnderTco.put("kind", "hand_over_keys");
        keysUnderTco.remove("category");
        assertThat(parse(keysUnderTco)).isInstanceOf(DataRequest.class);
    }

    @Test
    void theWireFormIsUnchangedAndRoundTrips() throws IOException {
        Map<String, Object> sent = Orders.epoc("F-6", "DE", "acct-1", List.of("ip_addresses"));
        Submission s = parse(sent);
        JsonNode written = JSON.mapper().readTree(JSON.write(s));
        for (String field : sent.keySet()) {
            assertThat(written.has(field)).as(field).isTrue();
        }
        assertThat(written.get("crime").asText()).isEqualTo("terrorism");
        assertThat(written.has("data")).as("no nested parts on the wire").isFalse();
        assertThat(written.has("order")).isFalse();
        assertThat(JSON.mapper().readValue(JSON.write(s), Submission.class)).isEqualTo(s);
    }

    @Test
    void aFieldOfAnotherFamilyIsRefusedWithA400AndNothingIsStored() {
        long before = stored();
        Map<String, Object> tcoWithCrime = new LinkedHashMap<>(Orders.tco("X-1", "FR", "post-1"));
        tcoWithCrime.put("crime", "terrorism");
        assertRefused(tcoWithCrime, "crime", "content order");

        Map<String, Object> tcoWithData = new LinkedHashMap<>(Orders.tco("X-2", "FR", "post-1"));
        tcoWithData.put("dataCategories", List.of("ip_addresses"));
        assertRefused(tcoWithData, "dataCategories", "content order");

        Map<String, Object> epocWithCategory =
                new LinkedHashMap<>(Orders.epoc("X-3", "FR", "acct-1", List.of("ip_addresses")));
        epocWithCategory.put("category", "terrorism");
        assertRefused(epocWithCategory, "category", "data request");

        Map<String, Object> epocWithEmergencyDetails =
                new LinkedHashMap<>(Orders.epoc("X-4", "FR", "acct-1", List.of("ip_addresses")));
        epocWithEmergencyDetails.put("emergencyDetails", Map.of("nature", "Kidnapping"));
        assertRefused(epocWithEmergencyDetails, "emergencyDetails", "data request");

        Map<String, Object> emergencyWithSuspension = new LinkedHashMap<>(Orders.emergency("X-5", "FR", "acct-1"));
        emergencyWithSuspension.put(
                "suspendUntil", Instant.now().plusSeconds(3600).toString());
        assertRefused(emergencyWithSuspension, "suspendUntil", "emergency request");

        Map<String, Object> emergencyWithFollowUp = new LinkedHashMap<>(Orders.emergency("X-6", "FR", "acct-1"));
        emergencyWithFollowUp.put("followUp", "A production order will follow");
        assertRefused(emergencyWithFollowUp, "followUp", "emergency request");

        assertThat(stored()).isEqualTo(before);
        // Empty lists of another family are no fields at all (clients send them by habit).
        Map<String, Object> tcoWithEmptyList = new LinkedHashMap<>(Orders.tco("X-7", "FR", "post-1"));
        tcoWithEmptyList.put("dataCategories", List.of());
        assertThat(parse(tcoWithEmptyList)).isInstanceOf(ContentOrder.class);
    }

    private static void assertRefused(Map<String, Object> body, String field, String family) {
        Authority.Response r = france.submit(body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains(field).contains(family);
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(
                        FulcrumException.InvalidInput.class,
                        e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void theDecisionCodeSeesTheRightFamily() {
        Submission tco = parse(Orders.tco("D-1", "FR", "post-1"));
        Facts.Request content = RequestFacts.request(tco, Lane.api, false, false, POLICY);
        assertThat(content.category()).isEqualTo("terrorism");
        assertThat(content.crime()).isEmpty();
        assertThat(content.dataCategories()).isEmpty();

        Submission epoc = parse(Orders.epoc("D-2", "DE", "acct-1", List.of("ip_addresses")));
        Facts.Request data = RequestFacts.request(epoc, Lane.api, false, false, POLICY);
        assertThat(data.category()).isEmpty();
        assertThat(data.crime()).isEqualTo("terrorism");
        assertThat(data.offenceMaxYears()).isEqualTo(10);
        assertThat(data.dataCategories()).containsExactly("ip_addresses");

        Submission emergency = parse(Orders.emergency("D-3", "US", "acct-1"));
        Facts.Request urgent = RequestFacts.request(emergency, Lane.api, true, false, POLICY);
        assertThat(urgent.dataCategories()).containsExactly("phone_number", "ip_addresses");

        // The EPOC emergency flag (a data request's field) sets its 8-hour clock.
        Map<String, Object> urgentEpoc = new LinkedHashMap<>(Orders.epoc("D-4", "DE", "acct-1", List.of("name")));
        urgentEpoc.put("emergency", true);
        Submission flagged = parse(urgentEpoc);
        assertThat(flagged.isEmergency()).isTrue();
        assertThat(Instrument.epoc.clock(flagged, Instant.now())).isEqualTo(Duration.ofHours(8));
        assertThat(Instrument.epoc.clock(epoc, Instant.now())).isEqualTo(Duration.ofDays(10));

        // Intake's content checks apply to content orders: a removal without its ground is named.
        Map<String, Object> noGround = new LinkedHashMap<>(Orders.tco("D-5", "FR", "post-1"));
        noGround.remove("category");
        assertThatThrownBy(() -> Intake.check(parse(noGround), POLICY, Instant.now()))
                .isInstanceOfSatisfying(
                        RequestInvalid.class,
                        e -> assertThat(e.errors().toString()).contains("category"));
    }

    @Test
    void aStoredBodyFromBeforeTheFamiliesIsReadWithoutTheOtherFamilysFields() throws IOException {
        Map<String, Object> old = new LinkedHashMap<>(Orders.tco("S-1", "FR", "post-1"));
        old.put("emergency", false);
        old.put("offenceMaxYears", 10);
        Submission.Wire wire = JSON.mapper().readValue(JSON.write(old), Submission.Wire.class);
        Submission s = Submission.stored(wire);
        assertThat(s).isInstanceOf(ContentOrder.class);
        assertThat(JSON.mapper().readTree(JSON.write(s)).has("offenceMaxYears")).isFalse();
        assertThatThrownBy(() -> Submission.of(wire)).isInstanceOf(FulcrumException.InvalidInput.class);
    }

    @Test
    void aContentOrderAndADataRequestAreStoredAndDecidedThroughTheApi() {
        Authority.Response tco = france.submit(Orders.tco("A-1", "FR", "no-such-post"));
        assertThat(tco.status()).as(tco.body()).isEqualTo(201);
        Authority.Response epoc = france.submit(Orders.epoc("A-2", "FR", "acct-1", List.of("ip_addresses")));
        assertThat(epoc.status()).as(epoc.body()).isEqualTo(201);
        String id = epoc.json().get("id").asText();
        String body = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT body FROM lawful_request WHERE id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
        assertThat(body).contains("\"crime\":\"terrorism\"").doesNotContain("\"category\"");
    }

    @Test
    void theOpenApiDocumentDescribesEveryWireFieldOfEveryFamily() {
        JsonNode doc = http.get("/openapi.json").json();
        JsonNode props = doc.at("/components/schemas/lawful.Submission/properties");
        for (String field : List.of(
                "reference",
                "instrument",
                "kind",
                "category",
                "suspendUntil",
                "crime",
                "dataCategories",
                "emergency",
                "followUp",
                "emergencyDetails")) {
            assertThat(props.has(field)).as(field).isTrue();
        }
        assertThat(doc.at("/components/schemas/lawful.Submission/required").toString())
                .contains("reference")
                .doesNotContain("crime");
    }
}

package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.FieldError;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.decision.Decisions;
import org.fulcrum.server.lawful.decision.RequestFacts;
import org.fulcrum.server.lawful.intake.Intake;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.RequestInvalid;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.policy.Evaluation;
import org.fulcrum.server.policy.Facts;
import org.fulcrum.server.policy.Measure;
import org.fulcrum.server.policy.MeasureKind;
import org.fulcrum.server.policy.Outcome;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.Policy;
import org.fulcrum.server.policy.PolicyEngine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Due process judged on substance (issued or validated by a judge or a court, as each instrument's
 * profile declares), and a content lane for every jurisdiction; intake and the real policy engine.
 */
class DueProcessAndContentLaneTest {
    private static final Json JSON = Json.strict();

    static final Policy POLICY =
            Policy.parse(Policies.defaultText(Policies.PRINCIPLES), Policies.defaultText(Policies.JURISDICTIONS));
    static final Facts.Target ACCOUNT = new Facts.Target("acct-1", "account", true, "", 0);
    static final Facts.Target POST = new Facts.Target("post-1", "post", true, "none", 800);

    static Submission parse(Map<String, Object> m) {
        try {
            return JSON.mapper().readValue(JSON.write(m), Submission.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Evaluation evaluate(Submission s, Facts.Target target) {
        Intake.check(s, POLICY, Instant.now());
        return PolicyEngine.evaluate(
                POLICY,
                new Facts(RequestFacts.request(s, Lane.api, false, false, POLICY), List.of(target), s.jurisdiction()));
    }

    static Map<String, Object> us(String instrument) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", "US-" + instrument);
        m.put("instrument", instrument);
        m.put("kind", "disclose_subscriber_data");
        m.put("jurisdiction", "US");
        m.put("issuingAuthority", "FBI Field Office, San Francisco");
        m.put("court", "US District Court for the Northern District of California");
        m.put("judge", "Hon. A. Example");
        m.put("accounts", List.of("acct-1"));
        m.put("dateRange", Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-11-01T00:00:00Z"));
        m.put("dataCategories", List.of("ip_addresses", "phone_number"));
        m.put("crime", "terrorism");
        return m;
    }

    @Nested
    class DueProcess {
        @Test
        void aUs2703dOrderCarryingCourtAndJudgeIsNotRefusedForLackOfValidatingAuthority() {
            Evaluation e = evaluate(parse(us("us_2703d_order")), ACCOUNT);
            assertThat(e.outcome()).as(e.explanation()).isInstanceOf(Outcome.Comply.class);
        }

        @Test
        void aUsWarrantCarryingCourtAndJudgeIsNotRefusedForLackOfValidatingAuthority() {
            Evaluation e = evaluate(parse(us("us_search_warrant")), ACCOUNT);
            assertThat(e.outcome()).as(e.explanation()).isInstanceOf(Outcome.Comply.class);
        }

        @Test
        void aUsSubpoenaIsRefusedWithTheSamePrincipleAndExplanationAsAnyNonJudicialRequest() {
            Map<String, Object> subpoena = us("us_subpoena");
            subpoena.put("signatureOfOfficial", "Assistant US Attorney B. Example");
            // A subpoena carrying a judge's name is still a subpoena: the profile says it is not judicial.
            Outcome us = evaluate(parse(subpoena), ACCOUNT).outcome();
            Map<String, Object> police = new LinkedHashMap<>(
                    Orders.generic("RU-1", "RU", "disclose_subscriber_data", "terrorism", List.of()));
            police.remove("targets");
            police.remove("category");
            police.put("accounts", List.of("acct-1"));
            police.put("crime", "terrorism");
            police.put("validatingAuthority", Map.of("name", "Head of the investigative department", "type", "police"));
            Outcome ru = evaluate(parse(police), ACCOUNT).outcome();
            assertThat(us).isInstanceOf(Outcome.Refuse.class).isEqualTo(ru);
            assertThat(((Outcome.Refuse) us).principle()).isEqualTo("due-process");
        }

        @Test
        void factsAndTiersStoredBeforeTheNewFieldsStillRead() throws IOException {
            Facts facts = new Facts(
                    RequestFacts.request(parse(us("us_2703d_order")), Lane.api, false, false, POLICY),
                    List.of(ACCOUNT),
                    "US");
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.mapper().valueToTree(facts);
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("request")).remove("judiciallyAuthorised");
            Facts old = JSON.mapper().treeToValue(tree, Facts.class);
            assertThat(old.request().judiciallyAuthorised()).isFalse();
            var tier = JSON.mapper()
                    .readValue(
                            "{\"humanReview\":true,\"callback\":true,\"approvals\":2}",
                            org.fulcrum.server.policy.TierProcess.class);
            assertThat(tier.persecutionFinding()).isFalse();
        }

        @Test
        void aCourtValidatedEpocIsJudicialAndAProsecutorValidatedOneIsNot() {
            Submission court = parse(Orders.epoc("E-1", "DE", "acct-1", List.of("ip_addresses")));
            assertThat(RequestFacts.judiciallyAuthorised(court, POLICY)).isTrue();
            Map<String, Object> m = Orders.epoc("E-2", "DE", "acct-1", List.of("ip_addresses"));
            m.put("validatingAuthority", Map.of("name", "Staatsanwaltschaft", "type", "prosecutor"));
            assertThat(RequestFacts.judiciallyAuthorised(parse(m), POLICY)).isFalse();
        }
    }

    @Nested
    class ContentLane {
        static Map<String, Object> usContent(String kind, String category) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reference", "US-CONTENT-1");
            m.put("instrument", "national_content_order");
            m.put("kind", kind);
            m.put("jurisdiction", "US");
            m.put("issuingAuthority", "US District Court for the District of Columbia");
            m.put("legalBasis", "18 U.S.C. 2339B (material support to designated terrorist organisations)");
            m.put("reasons", "Recruitment video of a designated organisation");
            m.put("category", category);
            m.put("targets", List.of(Map.of("locator", "https://messenger.example/p/post-1", "subjectId", "post-1")));
            return m;
        }

        @Test
        void aUsAuthorityCanRequestRemovalOfContent() {
            Evaluation e = evaluate(parse(usContent("remove_content", "terrorism")), POST);
            assertThat(e.outcome())
                    .isEqualTo(new Outcome.Comply(
                            List.of(new Measure("post-1", MeasureKind.remove, List.of(), List.of()))));
        }

        @Test
        void aUsAuthorityCanRequestRestrictionInTheUsOnly() {
            Evaluation e = evaluate(parse(usContent("restrict_content", "terrorism")), POST);
            assertThat(e.outcome())
                    .isEqualTo(new Outcome.Comply(
                            List.of(new Measure("post-1", MeasureKind.geo_restrict, List.of("US"), List.of()))));
        }

        @Test
        void locallyIllegalContentIsGeoRestrictedInTheRequestingJurisdictionOnly() {
            Map<String, Object> m = usContent("remove_content", "holocaust_denial");
            m.put("jurisdiction", "DE");
            m.put("legalBasis", "StGB 130(3)");
            Evaluation de = evaluate(parse(m), POST);
            assertThat(Decisions.measures(de.outcome()))
                    .containsExactly(new Measure("post-1", MeasureKind.geo_restrict, List.of("DE"), List.of()));
            Evaluation us = evaluate(parse(usContent("remove_content", "holocaust_denial")), POST);
            assertThat(us.outcome()).isInstanceOf(Outcome.Escalate.class);
        }

        @Test
        void aRemovalUnderAUsDataInstrumentIsAnswered422NamingTheLaneToUse() {
            Map<String, Object> m = us("us_2703d_order");
            m.put("kind", "remove_content");
            // A removal is a content order: it carries a ground, not the data request's offence and data.
            m.remove("crime");
            m.remove("dateRange");
            m.remove("dataCategories");
            m.put("category", "terrorism");
            m.put("targets", List.of(Map.of("locator", "https://messenger.example/p/post-1")));
            assertThatThrownBy(() -> Intake.check(parse(m), POLICY, Instant.now()))
                    .isInstanceOfSatisfying(
                            RequestInvalid.class,
                            e -> assertThat(e.errors())
                                    .filteredOn(f -> f.field().equals("kind"))
                                    .extracting(FieldError::reason)
                                    .singleElement()
                                    .asString()
                                    .contains("send it as national_content_order"));
        }

        @Test
        void aTcoOrderFromTheUsIsAnswered422NamingTheLaneToUse() {
            Map<String, Object> m = Orders.tco("TCO-US", "US", "post-1");
            assertThatThrownBy(() -> Intake.check(parse(m), POLICY, Instant.now()))
                    .isInstanceOfSatisfying(
                            RequestInvalid.class,
                            e -> assertThat(e.errors().toString())
                                    .contains("instrument")
                                    .contains("send it as national_content_order"));
        }
    }
}

package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.PrivacyModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Moderators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Legal holds from moderation decisions, preservation orders and legal staff: who, why, until, released by whom. */
class HoldTest {

    @Nested
    class ThroughTheApp {
        static PrivacyWorld w;

        @BeforeAll
        static void start() throws Exception {
            w = PrivacyWorld.start();
            w.events(List.of(
                    Events.post("d-1", "ch-d", "acct-d", "DE", "de", 50),
                    Events.post("tco-1", "ch-t", "acct-t", "DE", "de", 50),
                    Events.post("two-1", "ch-2", "acct-2", "DE", "de", 50),
                    Events.post("rev-1", "ch-r", "acct-r", "DE", "de", 50)));
        }

        @AfterAll
        static void stop() {
            w.close();
        }

        @Test
        void aModerationDecisionThatPreservesPlacesAHoldWithWhoWhyAndUntil() {
            Instant until = w.clock.instant().plus(Duration.ofDays(30));
            JsonNode d = w.decide(
                    w.report("acct-rep", "d-1", "acct-rep explains"),
                    Moderators.decision(
                            "ToS 9.1",
                            List.of(Map.of("type", "remove"), Map.of("type", "preserve", "until", until.toString()))));
            String decisionId = d.get("decisionId").asText();
            JsonNode holds =
                    w.legal.get("/v1/privacy/holds?subjectId=d-1").json().get("holds");
            assertThat(holds).hasSize(1);
            JsonNode h = holds.get(0);
            assertThat(h.get("status").asText()).isEqualTo("active");
            assertThat(h.at("/hold/source").asText()).isEqualTo("decision");
            assertThat(h.at("/hold/sourceRef").asText()).isEqualTo(decisionId);
            assertThat(h.at("/hold/placedBy").asText())
                    .isEqualTo(w.principal("alice").actor());
            assertThat(h.at("/hold/reason").asText()).contains("ToS 9.1");
            assertThat(Instant.parse(h.at("/hold/until").asText())).isEqualTo(until);
            assertThat(h.get("preserved").toString())
                    .contains("subject_content")
                    .contains("content_event");
        }

        @Test
        void aTcoRemovalOrderPreservesTheRemovedContentForSixMonths() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("reference", "TCO-DE-1");
            m.put("instrument", "tco_removal_order");
            m.put("kind", "remove_content");
            m.put("jurisdiction", "DE");
            m.put("issuingAuthority", "Bundeskriminalamt");
            m.put("issuedAt", w.clock.instant().minusSeconds(60).toString());
            m.put("reasons", "Video glorifying a terrorist attack, Art. 2(7)(a) of Regulation (EU) 2021/784");
            m.put("category", "terrorism");
            m.put("targets", List.of(Map.of("locator", "https://messenger.example/p/tco-1", "subjectId", "tco-1")));
            m.put("contactPoint", "tco@bka.example");
            String request = w.portal(m, Optional.empty());
            Hold h = w.core()
                    .module(PrivacyModule.class)
                    .privacy()
                    .holds()
                    .list(Optional.of("tco-1"), true, 10)
                    .getFirst();
            assertThat(h.source()).isEqualTo(Hold.Source.order);
            assertThat(h.sourceRef()).hasValue(request);
            assertThat(h.instrument()).hasValue("tco_removal_order");
            assertThat(h.until())
                    .isEqualTo(h.placedAt()
                            .atZone(ZoneOffset.UTC)
                            .plus(Period.ofMonths(6))
                            .toInstant());
            assertThat(w.count("SELECT visibility = 'removed' FROM subject WHERE id = 'tco-1'"))
                    .isEqualTo(1);
            // TCO Art. 6(2): a competent authority may ask for longer preservation
            Hold longer = w.core()
                    .module(PrivacyModule.class)
                    .privacy()
                    .holds()
                    .extend(
                            w.principal("legal.one"),
                            h.id(),
                            new Holds.Extension(
                                    h.until().plus(Duration.ofDays(90)), "the court review is still pending"));
            assertThat(longer.extensions()).isEqualTo(1);
            assertThat(w.count("SELECT hold_until FROM subject WHERE id = 'tco-1'"))
                    .isEqualTo(longer.until().toEpochMilli());
        }

        @Test
        void releasingOneOfTwoHoldsKeepsTheSubjectPreservedUntilTheOtherEnds() {
            Holds holds = w.core().module(PrivacyModule.class).privacy().holds();
            Instant now = w.clock.instant();
            Hold shorter = holds.place(
                    w.principal("legal.one"),
                    new Holds.Placement("two-1", now.plus(Duration.ofDays(30)), "2703(f) letter"));
            Hold longer = holds.place(
                    w.principal("legal.one"),
                    new Holds.Placement("two-1", now.plus(Duration.ofDays(60)), "civil litigation"));
            assertThat(w.count("SELECT hold_until FROM subject WHERE id = 'two-1'"))
                    .isEqualTo(longer.until().toEpochMilli());
            Hold released =
                    holds.release(w.principal("legal.two"), longer.id(), new Holds.Release("litigation settled"));
            assertThat(released.releasedBy()).hasValue(w.principal("legal.two").actor());
            assertThat(released.releaseReason()).hasValue("litigation settled");
            assertThat(w.count("SELECT hold_until FROM subject WHERE id = 'two-1'"))
                    .isEqualTo(shorter.until().toEpochMilli());
            assertThatThrownBy(() -> holds.release(w.principal("legal.two"), longer.id(), new Holds.Release("again")))
                    .isInstanceOf(FulcrumException.Conflict.class);
            holds.release(w.principal("legal.two"), shorter.id(), new Holds.Release("letter withdrawn"));
            assertThat(w.count("SELECT COUNT(*) FROM subject WHERE id = 'two-1' AND hold_until IS NULL"))
                    .isEqualTo(1);
            assertThat(
                            w.count(
                                    "SELECT COUNT(*) FROM enforcement_action WHERE subject_id = 'two-1' AND type = 'release_hold'"))
                    .isEqualTo(2);
        }

        @Test
        void aReversalThroughTheEnforcementPathReleasesTheHoldItPlaced() {
            Hold h = w.core()
                    .module(PrivacyModule.class)
                    .privacy()
                    .holds()
                    .place(
                            w.principal("legal.one"),
                            new Holds.Placement(
                                    "rev-1", w.clock.instant().plus(Duration.ofDays(10)), "preserve while we check"));
            String action = w.core()
                    .module(StoreModule.class)
                    .db()
                    .read(x -> x.createQuery("SELECT action_id FROM legal_hold WHERE id = :id")
                            .bind("id", h.id())
                            .mapTo(String.class)
                            .one());
            w.core()
                    .module(StoreModule.class)
                    .db()
                    .write(tx -> w.core()
                            .module(DeliveryModule.class)
                            .enforcement()
                            .reverse(
                                    tx,
                                    action,
                                    "appeal",
                                    Optional.empty(),
                                    "the preservation was not needed",
                                    "staff:reviewer"));
            Hold after = w.core()
                    .module(PrivacyModule.class)
                    .privacy()
                    .holds()
                    .find(h.id())
                    .orElseThrow();
            assertThat(after.status(w.clock.instant())).isEqualTo("released");
            assertThat(after.releasedBy()).hasValue("staff:reviewer");
        }
    }

    @Nested
    class Extensions {
        final Instant placed = Instant.parse("2026-12-01T00:00:00Z");

        Hold hold(String instrument, int extensions, Instant until) {
            return new Hold(
                    "lh_1",
                    "acct-1",
                    Hold.Source.order,
                    Optional.of("lr_1"),
                    Optional.ofNullable(instrument),
                    "order",
                    "policy",
                    placed,
                    until,
                    extensions,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        @Test
        void anEpocPrPreservesSixtyDaysAndMayBeExtendedOnceByThirty() {
            Hold h = hold("epoc_pr", 0, placed.plus(Duration.ofDays(60)));
            Instant now = placed.plus(Duration.ofDays(50));
            HoldRules.checkExtension(h, placed.plus(Duration.ofDays(90)), now);
            assertThatThrownBy(() -> HoldRules.checkExtension(h, placed.plus(Duration.ofDays(91)), now))
                    .isInstanceOf(FulcrumException.InvalidInput.class)
                    .hasMessageContaining("extended once by 30");
            assertThatThrownBy(() -> HoldRules.checkExtension(
                            hold("epoc_pr", 1, placed.plus(Duration.ofDays(90))),
                            placed.plus(Duration.ofDays(90)).plusSeconds(1),
                            now))
                    .isInstanceOf(FulcrumException.Conflict.class)
                    .hasMessageContaining("already extended");
        }

        @Test
        void a2703fPreservationMayBeRenewedOnceForNinetyDays() {
            Hold h = hold("us_2703f_preservation", 0, placed.plus(Duration.ofDays(90)));
            Instant now = placed.plus(Duration.ofDays(80));
            HoldRules.checkExtension(h, placed.plus(Duration.ofDays(180)), now);
            assertThatThrownBy(() -> HoldRules.checkExtension(h, placed.plus(Duration.ofDays(181)), now))
                    .isInstanceOf(FulcrumException.InvalidInput.class)
                    .hasMessageContaining("renewed once for 90");
            assertThatThrownBy(() -> HoldRules.checkExtension(
                            hold("us_2703f_preservation", 1, placed.plus(Duration.ofDays(180))),
                            placed.plus(Duration.ofDays(200)),
                            now))
                    .isInstanceOf(FulcrumException.Conflict.class);
        }

        @Test
        void otherHoldsRunAtMostTwoYearsAheadAndOnlyGetLonger() {
            Hold h = hold(null, 3, placed.plus(Duration.ofDays(30)));
            HoldRules.checkExtension(h, placed.plus(Duration.ofDays(700)), placed);
            assertThatThrownBy(() -> HoldRules.checkExtension(h, placed.plus(Duration.ofDays(800)), placed))
                    .isInstanceOf(FulcrumException.InvalidInput.class);
            assertThatThrownBy(() -> HoldRules.checkExtension(h, placed.plus(Duration.ofDays(20)), placed))
                    .isInstanceOf(FulcrumException.InvalidInput.class)
                    .hasMessageContaining("later than");
            assertThatThrownBy(() -> HoldRules.checkPlacement(placed.minusSeconds(1), placed))
                    .isInstanceOf(FulcrumException.InvalidInput.class);
        }
    }
}

package org.fulcrum.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    static final Policy POLICY =
            Policy.parse(Policies.defaultText(Policies.PRINCIPLES), Policies.defaultText(Policies.JURISDICTIONS));

    static Facts.Request restrict(String kind, MeasureKind measure, String category) {
        return new Facts.Request(
                kind,
                "generic_national_order",
                "api",
                measure,
                true,
                false,
                false,
                false,
                false,
                "",
                category,
                "",
                0,
                List.of(),
                false);
    }

    static Facts.Request disclose(
            String authority, String crime, boolean emergency, boolean callback, List<String> categories) {
        return new Facts.Request(
                "disclose_subscriber_data",
                "epoc",
                "api",
                MeasureKind.disclose,
                false,
                true,
                false,
                emergency,
                callback,
                authority,
                "",
                crime,
                8,
                categories,
                authority.equals("judge") || authority.equals("court"));
    }

    static Facts.Target post(String id, String finding) {
        return new Facts.Target(id, "post", true, finding, 1200);
    }

    static Evaluation eval(Facts.Request r, String jurisdiction, Facts.Target... targets) {
        return PolicyEngine.evaluate(POLICY, new Facts(r, List.of(targets), jurisdiction));
    }

    @Nested
    class Principles {
        @Test
        void requestForEncryptionKeysIsRefusedByPrincipleNoKeysEverywhere() {
            Facts.Request keys = new Facts.Request(
                    "hand_over_keys",
                    "generic_national_order",
                    "api",
                    MeasureKind.none,
                    false,
                    false,
                    false,
                    false,
                    false,
                    "court",
                    "",
                    "terrorism",
                    10,
                    List.of("encryption_keys"),
                    true);
            for (String j : List.of("RU", "FR", "US", "ZZ")) {
                Evaluation e = eval(keys, j);
                assertThat(e.outcome()).isInstanceOf(Outcome.Refuse.class);
                assertThat(((Outcome.Refuse) e.outcome()).principle()).isEqualTo("no-keys");
                assertThat(e.explanation()).contains("Principle 1 (No keys)").contains("keys-requested");
            }
        }

        @Test
        void blockingAProtestChannelIsRefusedByPeacefulExpression() {
            Facts.Request block = restrict("block_container", MeasureKind.block, "anti_state_propaganda");
            Evaluation e = eval(block, "IR", new Facts.Target("channel-protest", "channel", true, "protest", 80_000));
            assertThat(e.outcome()).isInstanceOf(Outcome.Refuse.class);
            assertThat(((Outcome.Refuse) e.outcome()).principle()).isEqualTo("peaceful-expression");
            assertThat(e.process().humanReview()).isTrue();
        }

        @Test
        void restrictingAChannelWithoutAFindingIsEscalatedForOne() {
            Facts.Request block = restrict("block_container", MeasureKind.block, "terrorism");
            Evaluation e = eval(block, "FR", new Facts.Target("channel-1", "channel", true, "", 500));
            assertThat(e.outcome())
                    .isEqualTo(new Outcome.Escalate(
                            List.of(Need.finding),
                            List.of(POLICY.principles()
                                    .principles()
                                    .get(1)
                                    .rules()
                                    .get(1)
                                    .because())));
        }

        @Test
        void manifestTerroristPostIsRemovedWithoutAFinding() {
            Evaluation e = eval(restrict("remove_content", MeasureKind.remove, "terrorism"), "FR", post("p1", ""));
            assertThat(e.outcome())
                    .isEqualTo(
                            new Outcome.Comply(List.of(new Measure("p1", MeasureKind.remove, List.of(), List.of()))));
            assertThat(e.trace())
                    .extracting(TraceStep::principle)
                    .contains("no-keys", "peaceful-expression", "one-standard");
            assertThat(e.trace())
                    .filteredOn(TraceStep::matched)
                    .extracting(TraceStep::rule)
                    .containsExactly("globally-illegal");
        }

        @Test
        void locallyIllegalContentIsGeoRestrictedNotRemoved() {
            Evaluation e = eval(
                    restrict("remove_content", MeasureKind.remove, "unconstitutional_symbols"),
                    "DE",
                    post("p2", "none"));
            assertThat(e.outcome()).isInstanceOf(Outcome.ComplyInPart.class);
            Outcome.ComplyInPart part = (Outcome.ComplyInPart) e.outcome();
            assertThat(part.measures())
                    .containsExactly(new Measure("p2", MeasureKind.geo_restrict, List.of("DE"), List.of()));
            assertThat(part.withheld().get(0)).contains("geo-restriction in DE");
            // the same ground from a jurisdiction where it is legal has no ground at all
            assertThat(eval(
                                    restrict("remove_content", MeasureKind.remove, "unconstitutional_symbols"),
                                    "FR",
                                    post("p2", "none"))
                            .outcome())
                    .isInstanceOf(Outcome.Escalate.class);
        }

        @Test
        void criticismOfARulerIsNotRestrictableEvenWhereInsultIsIllegal() {
            Evaluation e = eval(
                    restrict("remove_content", MeasureKind.remove, "lese_majeste"),
                    "TH",
                    post("p3", "political_speech"));
            assertThat(((Outcome.Refuse) e.outcome()).principle()).isEqualTo("peaceful-expression");
        }

        @Test
        void judicialDisclosureIsNarrowedToIpAddressesAndPhoneNumber() {
            Evaluation e = eval(
                    disclose(
                            "court",
                            "terrorism",
                            false,
                            false,
                            List.of("name", "email", "phone_number", "ip_addresses", "e2e_content")),
                    "DE",
                    new Facts.Target("acct-9", "account", true, "", 10));
            Outcome.ComplyInPart part = (Outcome.ComplyInPart) e.outcome();
            assertThat(part.measures())
                    .containsExactly(new Measure(
                            "acct-9", MeasureKind.disclose, List.of(), List.of("phone_number", "ip_addresses")));
            assertThat(part.withheld())
                    .anyMatch(w -> w.contains("e2e_content") && w.contains("e2e-content-withheld"))
                    .anyMatch(w -> w.contains("email") && w.contains("minimise"));
        }

        @Test
        void disclosureWithoutAJudgeIsRefusedByDueProcess() {
            Evaluation e = eval(
                    disclose("police", "terrorism", false, false, List.of("phone_number")),
                    "FR",
                    new Facts.Target("acct-9", "account", true, "", 10));
            assertThat(((Outcome.Refuse) e.outcome()).rule()).isEqualTo("no-judicial-authority");
            Evaluation minor = eval(
                    disclose("court", "shoplifting", false, false, List.of("phone_number")),
                    "FR",
                    new Facts.Target("acct-9", "account", true, "", 10));
            assertThat(((Outcome.Refuse) minor.outcome()).rule()).isEqualTo("not-serious-crime");
        }

        @Test
        void emergencyWaitsForCallBackThenComplies() {
            Facts.Target acct = new Facts.Target("acct-1", "account", true, "", 10);
            Evaluation held =
                    eval(disclose("police", "", true, false, List.of("phone_number", "ip_addresses")), "US", acct);
            assertThat(held.outcome())
                    .isEqualTo(
                            new Outcome.Escalate(
                                    List.of(Need.callback),
                                    List.of(
                                            "Emergency requests are answered only after call-back verification through the contact on file.")));
            Evaluation verified =
                    eval(disclose("police", "", true, true, List.of("phone_number", "ip_addresses")), "US", acct);
            assertThat(verified.outcome()).isInstanceOf(Outcome.Comply.class);
        }

        @Test
        void unknownTargetAsksForClarification() {
            Evaluation e = eval(
                    restrict("remove_content", MeasureKind.remove, "terrorism"),
                    "FR",
                    new Facts.Target("nope", "", false, "", 0));
            assertThat(e.outcome()).isInstanceOf(Outcome.Clarify.class);
        }
    }

    @Test
    void sameRequestGetsTheSameOutcomeFromAnyJurisdiction() {
        List<String> jurisdictions = List.copyOf(POLICY.jurisdictions().keySet());
        Seeded.forAll(
                200,
                r -> sameRequestGetsTheSameOutcomeFromAnyJurisdiction(
                        Seeded.oneOf(r, jurisdictions),
                        Seeded.oneOf(r, jurisdictions),
                        Seeded.oneOf(r, List.of("remove_content", "block_container", "restrict_content")),
                        Seeded.oneOf(r, List.of("terrorism", "child_sexual_abuse", "fraud", "criticism", "")),
                        Seeded.oneOf(r, List.of("", "none", "protest", "journalism", "political_speech"))));
    }

    private static void sameRequestGetsTheSameOutcomeFromAnyJurisdiction(
            String a, String b, String kind, String ground, String finding) {
        MeasureKind measure = switch (kind) {
            case "block_container" -> MeasureKind.block;
            case "restrict_content" -> MeasureKind.geo_restrict;
            default -> MeasureKind.remove;
        };
        String targetKind = kind.equals("block_container") ? "channel" : "post";
        Facts.Request r = restrict(kind, measure, ground);
        Facts.Target t = new Facts.Target("x", targetKind, true, finding, 100);
        Outcome oa = eval(r, a, t).outcome();
        Outcome ob = eval(r, b, t).outcome();
        if (measure == MeasureKind.geo_restrict) {
            // a geo-restriction names the requesting country; everything else is the same
            assertThat(oa.name()).isEqualTo(ob.name());
        } else {
            assertThat(oa).isEqualTo(ob);
        }
    }

    @Test
    void evaluationIsDeterministic() {
        Facts f = new Facts(
                restrict("remove_content", MeasureKind.remove, "terrorism"),
                List.of(post("a", ""), post("b", "journalism")),
                "FR");
        assertThat(PolicyEngine.evaluate(POLICY, f)).isEqualTo(PolicyEngine.evaluate(POLICY, f));
        assertThat(PolicyEngine.evaluate(POLICY, f).outcome()).isInstanceOf(Outcome.ComplyInPart.class);
    }

    @Test
    void aConditionThatDoesNotCompileIsRejectedNamingTheRule() {
        String broken = Policies.defaultText(Policies.PRINCIPLES)
                .replace("request.kind == 'hand_over_keys'", "request.kind == ");
        assertThatThrownBy(() -> Policy.parse(broken, Policies.defaultText(Policies.JURISDICTIONS)))
                .isInstanceOf(PolicyInvalid.class)
                .hasMessageContaining("keys-requested");
    }

    @Test
    void anUnknownEffectIsRejected() {
        String broken = Policies.defaultText(Policies.PRINCIPLES).replaceFirst("effect: refuse", "effect: obliterate");
        assertThatThrownBy(() -> Policy.parse(broken, Policies.defaultText(Policies.JURISDICTIONS)))
                .isInstanceOf(PolicyInvalid.class)
                .hasMessageContaining("principles");
    }

    @Test
    void theVersionChangesWithTheText() {
        Policy edited = Policy.parse(
                Policies.defaultText(Policies.PRINCIPLES) + "\n# edited\n",
                Policies.defaultText(Policies.JURISDICTIONS));
        assertThat(edited.version()).isNotEqualTo(POLICY.version()).hasSize(64);
    }
}

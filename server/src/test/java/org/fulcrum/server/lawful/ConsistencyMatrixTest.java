package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.decision.RequestFacts;
import org.fulcrum.server.lawful.intake.Intake;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.RequestInvalid;
import org.fulcrum.server.lawful.request.RequestKind;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.policy.Evaluation;
import org.fulcrum.server.policy.Facts;
import org.fulcrum.server.policy.Measure;
import org.fulcrum.server.policy.Outcome;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.Policy;
import org.fulcrum.server.policy.PolicyEngine;
import org.junit.jupiter.api.Test;

/**
 * One answer for everyone, as a matrix: every request type sent from every jurisdiction of the default
 * profiles, through every instrument of that jurisdiction that carries it (checked at intake as the API
 * checks it, then evaluated by the real policy engine). The outcome class of a type must be the same
 * everywhere, except for the differences README "Lawful requests" lists with their legal reason.
 */
class ConsistencyMatrixTest {
    private static final Json JSON = Json.strict();

    static final Policy POLICY =
            Policy.parse(Policies.defaultText(Policies.PRINCIPLES), Policies.defaultText(Policies.JURISDICTIONS));

    /** A request type: what is asked, with what substance, against which kind of target. */
    record Type(
            String name,
            String kind,
            Map<String, Object> fields,
            List<Facts.Target> targets,
            boolean judicial,
            boolean callbackVerified) {}

    static final Facts.Target POST = new Facts.Target("post-1", "post", true, "none", 800);
    static final Facts.Target PROTEST = new Facts.Target("chan-1", "channel", true, "protest", 80_000);
    static final Facts.Target CHANNEL = new Facts.Target("chan-2", "channel", true, "", 5_000);
    static final Facts.Target ACCOUNT = new Facts.Target("acct-1", "account", true, "", 0);

    static List<Type> types() {
        List<String> subscriber = List.of("name", "email", "phone_number", "ip_addresses");
        return List.of(
                new Type(
                        "remove a terrorist post",
                        "remove_content",
                        Map.of("category", "terrorism"),
                        List.of(POST),
                        false,
                        false),
                new Type(
                        "restrict a post illegal only under German law",
                        "restrict_content",
                        Map.of("category", "holocaust_denial"),
                        List.of(POST),
                        false,
                        false),
                new Type(
                        "remove a post illegal only under German law",
                        "remove_content",
                        Map.of("category", "holocaust_denial"),
                        List.of(POST),
                        false,
                        false),
                new Type(
                        "remove a post on a ground no profile lists",
                        "remove_content",
                        Map.of("category", "defamation"),
                        List.of(POST),
                        false,
                        false),
                new Type(
                        "block a peaceful protest channel",
                        "block_container",
                        Map.of("category", "anti_state_propaganda"),
                        List.of(PROTEST),
                        false,
                        false),
                new Type(
                        "block a channel no reviewer has assessed",
                        "block_container",
                        Map.of("category", "terrorism"),
                        List.of(CHANNEL),
                        false,
                        false),
                new Type(
                        "hand over encryption keys",
                        "hand_over_keys",
                        Map.of("dataCategories", List.of("encryption_keys")),
                        List.of(),
                        true,
                        false),
                new Type(
                        "disclose a terror suspect's subscriber data on a judicial order",
                        "disclose_subscriber_data",
                        Map.of("crime", "terrorism", "dataCategories", subscriber),
                        List.of(ACCOUNT),
                        true,
                        false),
                new Type(
                        "disclose subscriber data on a request no judge issued or validated",
                        "disclose_subscriber_data",
                        Map.of("crime", "terrorism", "dataCategories", subscriber),
                        List.of(ACCOUNT),
                        false,
                        false),
                new Type(
                        "disclose subscriber data for an offence that is not a serious crime",
                        "disclose_subscriber_data",
                        Map.of("crime", "insulting_officials", "dataCategories", subscriber),
                        List.of(ACCOUNT),
                        true,
                        false),
                new Type(
                        "disclose the content of end-to-end encrypted chats",
                        "disclose_content",
                        Map.of("crime", "terrorism", "dataCategories", List.of("e2e_content")),
                        List.of(ACCOUNT),
                        true,
                        false),
                new Type(
                        "preserve an account's data",
                        "preserve_data",
                        Map.of("crime", "terrorism", "dataCategories", subscriber),
                        List.of(ACCOUNT),
                        false,
                        false),
                new Type(
                        "emergency disclosure before the call-back",
                        "emergency_disclosure",
                        Map.of("dataCategories", List.of("phone_number", "ip_addresses")),
                        List.of(ACCOUNT),
                        false,
                        false),
                new Type(
                        "emergency disclosure after the call-back",
                        "emergency_disclosure",
                        Map.of("dataCategories", List.of("phone_number", "ip_addresses")),
                        List.of(ACCOUNT),
                        false,
                        true));
    }

    /**
     * The differences README "Lawful requests" lists, by type and jurisdiction, with the outcome class
     * expected there. Everything not listed must get the type's one outcome class.
     */
    static final Map<String, Map<String, String>> LISTED = Map.of(
            "restrict a post illegal only under German law", Map.of("DE", "comply:geo_restrict(own)"),
            "remove a post illegal only under German law", Map.of("DE", "comply_in_part:geo_restrict(own)"));

    /** Every jurisdiction code of the profiles; the fallback profile is tried as ZZ. */
    static List<String> codes() {
        return POLICY.jurisdictions().keySet().stream()
                .map(c -> c.equals("*") ? "ZZ" : c)
                .sorted()
                .toList();
    }

    @Test
    void everyRequestTypeGetsTheSameOutcomeClassFromEveryJurisdictionExceptTheListedDifferences() {
        for (Type type : types()) {
            Map<String, Set<String>> byCode = new TreeMap<>();
            for (String code : codes()) {
                Set<String> classes = new TreeSet<>();
                for (Instrument instrument : lanes(code, type)) {
                    classes.add(outcomeClass(type, code, instrument));
                }
                byCode.put(code, classes.isEmpty() ? Set.of("no-lane") : classes);
            }
            Map<String, String> listed = LISTED.getOrDefault(type.name(), Map.of());
            Set<String> common = new TreeSet<>();
            byCode.forEach((code, classes) -> {
                assertThat(classes)
                        .as("%s from %s: one outcome whatever the instrument", type.name(), code)
                        .hasSize(1);
                String c = classes.iterator().next();
                if (listed.containsKey(code)) {
                    assertThat(c)
                            .as("%s from %s (listed difference)", type.name(), code)
                            .isEqualTo(listed.get(code));
                } else {
                    common.add(c);
                }
            });
            assertThat(common)
                    .as("%s: the outcome class by jurisdiction is %s", type.name(), byCode)
                    .hasSize(1);
            assertThat(common.iterator().next())
                    .as("%s has a lane everywhere", type.name())
                    .isNotEqualTo("no-lane");
        }
    }

    @Test
    void instrumentsDifferByJurisdictionOnlyAsTheReadmeTableSays() {
        Set<String> eu = new TreeSet<>();
        POLICY.jurisdictions().forEach((code, j) -> {
            if (j.entity().id().equals("fulcrum-eu")) {
                eu.add(code);
            }
        });
        Set<String> all = new TreeSet<>(POLICY.jurisdictions().keySet());
        Set<String> notUs = new TreeSet<>(all);
        notUs.remove("US");
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (String i : List.of("dsa_art9_order", "dsa_art10_order", "tco_removal_order", "epoc", "epoc_pr")) {
            expected.put(i, eu);
        }
        for (String i : List.of("us_subpoena", "us_2703d_order", "us_search_warrant", "us_2703f_preservation")) {
            expected.put(i, Set.of("US"));
        }
        expected.put("emergency_disclosure_request", all);
        expected.put("national_content_order", all);
        expected.put("generic_national_order", notUs);
        for (Instrument i : Instrument.values()) {
            Set<String> using = new TreeSet<>();
            POLICY.jurisdictions().forEach((code, j) -> {
                if (j.instruments().contains(i.name())) {
                    using.add(code);
                }
            });
            assertThat(using).as("jurisdictions using %s", i.name()).isEqualTo(expected.get(i.name()));
        }
    }

    @Test
    void readmeListsEveryDifferenceWithItsReason() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        assertThat(text).contains("### Consistency matrix");
        for (Type type : types()) {
            assertThat(text).as("README row for %s", type.name()).contains("| " + type.name() + " |");
        }
        for (String instrument :
                List.of("tco_removal_order", "us_subpoena", "generic_national_order", "national_content_order")) {
            assertThat(text).contains("`" + instrument + "`");
        }
    }

    /** The instruments of {@code code} that carry the type and that intake accepts as sent. */
    static List<Instrument> lanes(String code, Type type) {
        List<Instrument> out = new ArrayList<>();
        List<String> ofJurisdiction = POLICY.jurisdiction(code).instruments();
        Predicate<Instrument> judicialFits = i -> !type.judicial()
                || type.kind().equals("hand_over_keys")
                || !POLICY.judicialElements(i.name()).isEmpty();
        for (Instrument i : Instrument.values()) {
            if (!ofJurisdiction.contains(i.name())
                    || !i.allows(RequestKind.valueOf(type.kind()))
                    || !judicialFits.test(i)) {
                continue;
            }
            try {
                Intake.check(submission(type, code, i), POLICY, Instant.now());
                out.add(i);
            } catch (RequestInvalid e) {
                // this instrument cannot carry the request as sent (a missing element it requires)
            }
        }
        return out;
    }

    static String outcomeClass(Type type, String code, Instrument instrument) {
        Submission s = submission(type, code, instrument);
        Facts.Request request = RequestFacts.request(s, Lane.api, s.isEmergency(), type.callbackVerified(), POLICY);
        Evaluation e = PolicyEngine.evaluate(POLICY, new Facts(request, type.targets(), code));
        return switch (e.outcome()) {
            case Outcome.Refuse r -> "refuse:" + r.principle();
            case Outcome.Escalate x -> "escalate:" + x.needs();
            case Outcome.Clarify c -> "clarify";
            case Outcome.Comply c -> "comply:" + measures(c.measures(), code);
            case Outcome.ComplyInPart p -> "comply_in_part:" + measures(p.measures(), code);
        };
    }

    private static String measures(List<Measure> measures, String code) {
        return String.join(
                ",",
                measures.stream()
                        .map(m -> m.kind().name()
                                + (m.countries().isEmpty()
                                        ? ""
                                        : "(" + (m.countries().equals(List.of(code)) ? "own" : m.countries()) + ")"))
                        .distinct()
                        .toList());
    }

    /** The request with every element any instrument of its family asks for, judicial ones only for a judicial type. */
    static Submission submission(Type type, String code, Instrument instrument) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", "M-" + code + "-" + instrument.name());
        m.put("instrument", instrument.name());
        m.put("kind", type.kind());
        m.put("jurisdiction", code);
        m.put("issuingAuthority", "Competent authority of " + code);
        m.put("issuedAt", Instant.now().minusSeconds(60).toString());
        m.put("legalBasis", "Code of criminal procedure, Art. 1");
        m.put("reasons", "The investigation needs it");
        m.put("contactPoint", "desk@authority.example");
        m.put("signatureOfOfficial", "A. Official, Deputy Chief");
        m.put("addressee", "Fulcrum");
        m.put("territorialScope", List.of(code));
        m.put("redress", "Appeal to the competent court");
        m.put("language", "en");
        m.put("deadlineAsked", Instant.now().plusSeconds(86_400).toString());
        // Each family carries its own elements only: a field of another family is refused at the door.
        Submission.Family family = Submission.Family.of(RequestKind.valueOf(type.kind()));
        if (family != Submission.Family.content_order) {
            m.put("offenceMaxYears", 10);
            m.put("dateRange", Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-11-01T00:00:00Z"));
        }
        if (family == Submission.Family.data_request) {
            m.put("emergency", false);
            m.put("followUp", "A production order will follow");
        }
        if (type.judicial()) {
            m.put("validatingAuthority", Map.of("name", "Investigating judge", "type", "court"));
            m.put("court", "District court");
            m.put("judge", "Judge A. Example");
        } else {
            m.put("validatingAuthority", Map.of("name", "Prosecutor's office", "type", "prosecutor"));
        }
        if (type.kind().equals("emergency_disclosure")) {
            m.put(
                    "emergencyDetails",
                    Map.of(
                            "nature",
                            "Kidnapping",
                            "threat",
                            "A life is at risk",
                            "whyUrgent",
                            "Hours count",
                            "supervisorContact",
                            "Sgt. Doe"));
        }
        RequestKind kind = RequestKind.valueOf(type.kind());
        if (kind.targetsAccounts()) {
            m.put("accounts", type.targets().stream().map(Facts.Target::ref).toList());
        } else if (kind != RequestKind.hand_over_keys) {
            m.put(
                    "targets",
                    type.targets().stream()
                            .map(t -> Map.of("locator", "https://messenger.example/" + t.ref(), "subjectId", t.ref()))
                            .toList());
        }
        m.putAll(type.fields());
        try {
            return JSON.mapper().readValue(JSON.write(m), Submission.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

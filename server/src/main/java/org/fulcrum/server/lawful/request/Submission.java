package org.fulcrum.server.lawful.request;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.web.Omittable;

/**
 * A lawful request as an authority sends it, whatever the lane. Only the fields every request
 * needs are required here; which others an instrument requires is checked at intake
 * ({@link Element}), so a missing one is named in the answer.
 *
 * @param reference the authority's reference or file number
 * @param instrument the legal instrument
 * @param kind what is asked
 * @param jurisdiction the issuing state, ISO 3166-1 alpha-2
 * @param addressedTo the legal entity the authority addressed (routed if it is not the right one)
 * @param issuingAuthority the authority that issued the order
 * @param validatingAuthority the authority that validated it, and its type
 * @param issuedAt date and time of issue
 * @param legalBasis the legal basis with the provision
 * @param reasons the statement of reasons
 * @param category the ground of illegality of content (terrorism, unconstitutional_symbols, ...)
 * @param crime the offence investigated, for data requests
 * @param offenceMaxYears the maximum sentence of that offence, in years
 * @param targets content, channels or groups named by locator and, if known, platform id
 * @param accounts accounts named by platform id
 * @param dataCategories the data asked for
 * @param dateRange the period the data concern
 * @param territorialScope countries where an order applies
 * @param redress how the order can be challenged
 * @param language the language of the order
 * @param contactPoint the authority's contact point
 * @param signatureOfOfficial name and title of the official who signed (US subpoena)
 * @param court the court (US orders and warrants)
 * @param judge the judge
 * @param addressee the service provider or representative the order names
 * @param emergency the emergency flag of an EPOC
 * @param emergencyDetails for emergency disclosure requests
 * @param followUp the production order intended after a preservation
 * @param deadlineAsked the deadline the authority asks for (generic orders)
 * @param gag a secrecy order
 * @param suspendUntil for suspensions, the end
 */
public record Submission(
        String reference,
        Instrument instrument,
        RequestKind kind,
        String jurisdiction,
        Optional<String> addressedTo,
        Optional<String> issuingAuthority,
        Optional<Authority> validatingAuthority,
        Optional<Instant> issuedAt,
        Optional<String> legalBasis,
        Optional<String> reasons,
        Optional<String> category,
        Optional<String> crime,
        Optional<Integer> offenceMaxYears,
        @Omittable List<Target> targets,
        @Omittable List<String> accounts,
        @Omittable List<DataCategory> dataCategories,
        Optional<DateRange> dateRange,
        @Omittable List<String> territorialScope,
        Optional<String> redress,
        Optional<String> language,
        Optional<String> contactPoint,
        Optional<String> signatureOfOfficial,
        Optional<String> court,
        Optional<String> judge,
        Optional<String> addressee,
        Optional<Boolean> emergency,
        Optional<EmergencyDetails> emergencyDetails,
        Optional<String> followUp,
        Optional<Instant> deadlineAsked,
        Optional<Gag> gag,
        Optional<Instant> suspendUntil) {

    public static final int MAX_TARGETS = 100;

    public Submission {
        Check.required("reference", reference);
        text("reference", reference, 200);
        Check.required("instrument", instrument);
        Check.required("kind", kind);
        Check.required("jurisdiction", jurisdiction);
        Check.country("jurisdiction", jurisdiction);
        addressedTo = opt(addressedTo);
        addressedTo.ifPresent(a -> Check.id("addressedTo", a));
        issuingAuthority = text("issuingAuthority", opt(issuingAuthority), 300);
        validatingAuthority = opt(validatingAuthority);
        issuedAt = opt(issuedAt);
        legalBasis = text("legalBasis", opt(legalBasis), 2000);
        reasons = text("reasons", opt(reasons), 10_000);
        category = opt(category);
        category.ifPresent(c -> token("category", c));
        crime = opt(crime);
        crime.ifPresent(c -> token("crime", c));
        offenceMaxYears = opt(offenceMaxYears);
        offenceMaxYears.ifPresent(y -> {
            if (y < 0 || y > 100) {
                throw new InvalidInput("offenceMaxYears", "must be between 0 and 100");
            }
        });
        targets = targets == null ? List.of() : List.copyOf(targets);
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        if (targets.size() > MAX_TARGETS || accounts.size() > MAX_TARGETS) {
            throw new InvalidInput(
                    targets.size() > MAX_TARGETS ? "targets" : "accounts",
                    "must name at most " + MAX_TARGETS + " items");
        }
        for (int i = 0; i < accounts.size(); i++) {
            Check.id("accounts[" + i + "]", accounts.get(i));
        }
        dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
        dateRange = opt(dateRange);
        territorialScope = territorialScope == null ? List.of() : List.copyOf(territorialScope);
        for (int i = 0; i < territorialScope.size(); i++) {
            String c = territorialScope.get(i);
            if (!c.equals("EU") && !c.equals("EEA") && !c.equals("WORLD")) {
                Check.country("territorialScope[" + i + "]", c);
            }
        }
        redress = text("redress", opt(redress), 2000);
        language = opt(language);
        language.ifPresent(l -> Check.language("language", l));
        contactPoint = text("contactPoint", opt(contactPoint), 500);
        signatureOfOfficial = text("signatureOfOfficial", opt(signatureOfOfficial), 300);
        court = text("court", opt(court), 300);
        judge = text("judge", opt(judge), 300);
        addressee = text("addressee", opt(addressee), 300);
        emergency = opt(emergency);
        emergencyDetails = opt(emergencyDetails);
        followUp = text("followUp", opt(followUp), 2000);
        deadlineAsked = opt(deadlineAsked);
        gag = opt(gag);
        suspendUntil = opt(suspendUntil);
    }

    /** A validating authority and what kind of authority it is. */
    public record Authority(String name, AuthorityType type) {
        public Authority {
            Check.required("validatingAuthority.name", name);
            Check.text("validatingAuthority.name", name, 300);
            Check.required("validatingAuthority.type", type);
        }
    }

    /** Kinds of authority, as instruments and principle 4 distinguish them. */
    public enum AuthorityType {
        judge,
        court,
        prosecutor,
        police,
        agency,
        regulator
    }

    /** A target named by locator; {@code subjectId} when the authority knows the platform's id. */
    public record Target(String locator, Optional<String> subjectId) {
        public Target {
            Check.required("locator", locator);
            Check.text("locator", locator, 2000);
            if (locator.isBlank()) {
                throw new InvalidInput("locator", "must not be blank");
            }
            subjectId = opt(subjectId);
            subjectId.ifPresent(s -> Check.id("subjectId", s));
        }
    }

    /** A period the requested data concern. */
    public record DateRange(Instant from, Instant to) {
        public DateRange {
            Check.required("dateRange.from", from);
            Check.required("dateRange.to", to);
            if (to.isBefore(from)) {
                throw new InvalidInput("dateRange.to", "must not be before dateRange.from");
            }
        }
    }

    /** The elements of an emergency disclosure request. */
    public record EmergencyDetails(
            Optional<String> nature,
            Optional<String> threat,
            Optional<String> whyUrgent,
            Optional<String> supervisorContact) {
        public EmergencyDetails {
            nature = text("emergencyDetails.nature", opt(nature), 2000);
            threat = text("emergencyDetails.threat", opt(threat), 2000);
            whyUrgent = text("emergencyDetails.whyUrgent", opt(whyUrgent), 2000);
            supervisorContact = text("emergencyDetails.supervisorContact", opt(supervisorContact), 300);
        }
    }

    /** A secrecy order: the user is not told, and the log shows a commitment only, until {@code until}. */
    public record Gag(Instant until, String basis) {
        public Gag {
            Check.required("gag.until", until);
            Check.required("gag.basis", basis);
            Check.text("gag.basis", basis, 1000);
        }
    }

    /** The data categories of a request: as named, or the kind's usual ones when it names none. */
    public List<String> dataAsked() {
        if (!dataCategories.isEmpty()) {
            return dataCategories.stream().map(Enum::name).distinct().toList();
        }
        return switch (kind) {
            case disclose_subscriber_data -> List.of("name", "email", "phone_number", "ip_addresses");
            case disclose_traffic_data -> List.of("traffic_data", "ip_addresses", "session_times");
            case disclose_content -> List.of("content");
            case emergency_disclosure -> List.of("phone_number", "ip_addresses");
            case hand_over_keys -> List.of("encryption_keys");
            case remove_content, restrict_content, block_container, suspend_account, preserve_data -> List.of();
        };
    }

    public boolean isEmergency() {
        return kind == RequestKind.emergency_disclosure
                || instrument == Instrument.emergency_disclosure_request
                || emergency.orElse(false);
    }

    private static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }

    private static Optional<String> text(String field, Optional<String> value, int max) {
        Optional<String> v = opt(value).map(String::strip).filter(s -> !s.isEmpty());
        v.ifPresent(s -> Check.text(field, s, max));
        return v;
    }

    private static void text(String field, String value, int max) {
        Check.text(field, value, max);
        if (value.isBlank()) {
            throw new InvalidInput(field, "must not be blank");
        }
    }

    private static void token(String field, String value) {
        if (!value.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new InvalidInput(field, "must be a category name of a-z 0-9 _ (like terrorism)");
        }
    }
}

package org.fulcrum.server.lawful.request;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.web.Omittable;

/**
 * A lawful request as an authority sends it, one record per instrument family: a {@link ContentOrder}
 * (removal, restriction, blocking, suspension), a {@link DataRequest} (disclosure, preservation, keys)
 * or an {@link EmergencyRequest} (threat to life). The family follows from the kind asked for; every
 * family is built from the same parts ({@link Order}, {@link Issuer}, {@link Grounds}, {@link Targets})
 * plus what only it carries. Only the fields every request needs are required here; which others an
 * instrument requires is checked at intake ({@link Element}), so a missing one is named in the answer.
 *
 * <p>On the wire a submission is one flat JSON object ({@link Wire}); a field of another family than
 * the kind's is refused with a 400 that names it.
 */
public sealed interface Submission permits ContentOrder, DataRequest, EmergencyRequest {

    int MAX_TARGETS = 100;

    /** The instrument, what is asked, by whom it is addressed and its dates. */
    Order order();

    /** Who issued, validated and signed the request. */
    Issuer issuer();

    /** The legal basis and the statement of reasons. */
    Grounds grounds();

    /** The content and accounts concerned. */
    Targets subjects();

    default String reference() {
        return order().reference();
    }

    default Instrument instrument() {
        return order().instrument();
    }

    default RequestKind kind() {
        return order().kind();
    }

    default String jurisdiction() {
        return order().jurisdiction();
    }

    default List<Target> targets() {
        return subjects().targets();
    }

    default List<String> accounts() {
        return subjects().accounts();
    }

    default Optional<Gag> gag() {
        return order().gag();
    }

    /** The data asked for and the offence they concern; a content order asks for none. */
    default Optional<DataAsked> askedData() {
        return switch (this) {
            case ContentOrder c -> Optional.empty();
            case DataRequest d -> Optional.of(d.data());
            case EmergencyRequest e -> Optional.of(e.data());
        };
    }

    /** The data categories of a request: as named, or the kind's usual ones when it names none. */
    default List<String> dataAsked() {
        return askedData().map(d -> d.asked(kind())).orElse(List.of());
    }

    default boolean isEmergency() {
        return switch (this) {
            case EmergencyRequest e -> true;
            case DataRequest d ->
                d.emergency().orElse(false) || instrument() == Instrument.emergency_disclosure_request;
            case ContentOrder c -> false;
        };
    }

    /** The instrument families; the kind asked for decides which one a request belongs to. */
    enum Family {
        content_order("content order"),
        data_request("data request"),
        emergency_request("emergency request");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Restricting kinds are content orders, the emergency kind an emergency request, the rest data requests. */
        public static Family of(RequestKind kind) {
            if (kind == RequestKind.emergency_disclosure) {
                return emergency_request;
            }
            return kind.restricts() ? content_order : data_request;
        }
    }

    default Family family() {
        return switch (this) {
            case ContentOrder c -> Family.content_order;
            case DataRequest d -> Family.data_request;
            case EmergencyRequest e -> Family.emergency_request;
        };
    }

    /**
     * The flat JSON form every lane sends and the store keeps, the fields of every family side by side.
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
     * @param category content orders: the ground of illegality (terrorism, unconstitutional_symbols, ...)
     * @param crime data and emergency requests: the offence investigated
     * @param offenceMaxYears data and emergency requests: the maximum sentence of that offence, in years
     * @param targets content, channels or groups named by locator and, if known, platform id
     * @param accounts accounts named by platform id
     * @param dataCategories data and emergency requests: the data asked for
     * @param dateRange data and emergency requests: the period the data concern
     * @param territorialScope countries where an order applies
     * @param redress how the order can be challenged
     * @param language the language of the order
     * @param contactPoint the authority's contact point
     * @param signatureOfOfficial name and title of the official who signed (US subpoena)
     * @param court the court (US orders and warrants)
     * @param judge the judge
     * @param addressee the service provider or representative the order names
     * @param emergency data requests: the emergency flag of an EPOC
     * @param emergencyDetails emergency requests: the emergency's elements
     * @param followUp data requests: the production order intended after a preservation
     * @param deadlineAsked the deadline the authority asks for (generic orders)
     * @param gag a secrecy order
     * @param suspendUntil content orders: for suspensions, the end
     */
    record Wire(
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
            Optional<Instant> suspendUntil) {}

    /** Reads a submission as an authority sent it: a field of another family is refused. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Submission of(Wire w) {
        return SubmissionWire.read(w, true);
    }

    /**
     * Reads a submission as the store keeps it. Bodies kept before the families were separated may
     * carry fields of another family the request never used; they are left out rather than refused.
     */
    static Submission stored(Wire w) {
        return SubmissionWire.read(w, false);
    }

    /** The flat wire form of this submission. */
    @JsonValue
    default Wire wire() {
        return SubmissionWire.write(this);
    }

    /** A validating authority and what kind of authority it is. */
    record Authority(String name, AuthorityType type) {
        public Authority {
            Check.required("validatingAuthority.name", name);
            Check.text("validatingAuthority.name", name, 300);
            Check.required("validatingAuthority.type", type);
        }
    }

    /** Kinds of authority, as instruments and principle 4 distinguish them. */
    enum AuthorityType {
        judge,
        court,
        prosecutor,
        police,
        agency,
        regulator
    }

    /** A target named by locator; {@code subjectId} when the authority knows the platform's id. */
    record Target(String locator, Optional<String> subjectId) {
        public Target {
            Check.required("locator", locator);
            Check.text("locator", locator, 2000);
            if (locator.isBlank()) {
                throw new InvalidInput("locator", "must not be blank");
            }
            subjectId = Parts.opt(subjectId);
            subjectId.ifPresent(s -> Check.id("subjectId", s));
        }
    }

    /** A period the requested data concern. */
    record DateRange(Instant from, Instant to) {
        public DateRange {
            Check.required("dateRange.from", from);
            Check.required("dateRange.to", to);
            if (to.isBefore(from)) {
                throw new InvalidInput("dateRange.to", "must not be before dateRange.from");
            }
        }
    }

    /** The elements of an emergency disclosure request. */
    record EmergencyDetails(
            Optional<String> nature,
            Optional<String> threat,
            Optional<String> whyUrgent,
            Optional<String> supervisorContact) {
        public EmergencyDetails {
            nature = Parts.text("emergencyDetails.nature", nature, 2000);
            threat = Parts.text("emergencyDetails.threat", threat, 2000);
            whyUrgent = Parts.text("emergencyDetails.whyUrgent", whyUrgent, 2000);
            supervisorContact = Parts.text("emergencyDetails.supervisorContact", supervisorContact, 300);
        }
    }

    /** A secrecy order: the user is not told, and the log shows a commitment only, until {@code until}. */
    record Gag(Instant until, String basis) {
        public Gag {
            Check.required("gag.until", until);
            Check.required("gag.basis", basis);
            Check.text("gag.basis", basis, 1000);
        }
    }
}

package org.fulcrum.server.lawful.request;

import static org.fulcrum.server.lawful.request.Element.*;

import java.time.Duration;
import java.time.Period;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The legal instruments Fulcrum recognises (SPEC 2.5), each with the kinds it may carry, its
 * required elements (SPEC 6), its clock, and how long what it preserves is kept. A request for
 * keys may come under any instrument: intake accepts it so that policy, not a technicality, refuses it.
 */
public enum Instrument {
    dsa_art9_order(
            "EU DSA Art. 9 order to act against illegal content",
            "without undue delay (internal target 72 hours)",
            Duration.ofHours(72),
            null,
            EnumSet.of(
                    RequestKind.remove_content,
                    RequestKind.restrict_content,
                    RequestKind.block_container,
                    RequestKind.suspend_account),
            List.of(LEGAL_BASIS, REASONS, GROUND, ISSUING_AUTHORITY, LOCATORS, REDRESS, TERRITORIAL_SCOPE, LANGUAGE)),
    dsa_art10_order(
            "EU DSA Art. 10 order to provide information",
            "without undue delay (internal target 72 hours)",
            Duration.ofHours(72),
            null,
            EnumSet.of(RequestKind.disclose_subscriber_data, RequestKind.disclose_traffic_data),
            List.of(LEGAL_BASIS, ISSUING_AUTHORITY, ACCOUNTS, REDRESS, DATA_CATEGORIES, CRIME)),
    tco_removal_order(
            "EU 2021/784 (TCO) removal order",
            "1 hour from receipt",
            Duration.ofHours(1),
            Period.ofMonths(6),
            EnumSet.of(RequestKind.remove_content),
            List.of(ISSUING_AUTHORITY, ISSUED_AT, LOCATORS, REASONS, GROUND, CONTACT_POINT)),
    epoc(
            "EU 2023/1543 European Production Order (EPOC)",
            "10 days; 8 hours in emergencies",
            Duration.ofDays(10),
            null,
            EnumSet.of(
                    RequestKind.disclose_subscriber_data,
                    RequestKind.disclose_traffic_data,
                    RequestKind.disclose_content),
            List.of(
                    ISSUING_AUTHORITY,
                    VALIDATING_AUTHORITY,
                    ADDRESSEE,
                    EMERGENCY_FLAG,
                    DATA_CATEGORIES,
                    ACCOUNTS,
                    CRIME)),
    epoc_pr(
            "EU 2023/1543 European Preservation Order (EPOC-PR)",
            "without undue delay (internal target 24 hours); " + "preserve 60 days, extendable by 30",
            Duration.ofHours(24),
            Period.ofDays(60),
            EnumSet.of(RequestKind.preserve_data),
            List.of(ISSUING_AUTHORITY, VALIDATING_AUTHORITY, ACCOUNTS, DATA_CATEGORIES, FOLLOW_UP)),
    us_subpoena(
            "US subpoena (18 U.S.C. 2703(c)(2))",
            "internal target 14 days",
            Duration.ofDays(14),
            null,
            EnumSet.of(RequestKind.disclose_subscriber_data),
            List.of(ISSUING_AUTHORITY, OFFICIAL_SIGNATURE, ACCOUNTS, DATE_RANGE, CRIME)),
    us_2703d_order(
            "US 18 U.S.C. 2703(d) court order",
            "internal target 14 days",
            Duration.ofDays(14),
            null,
            EnumSet.of(RequestKind.disclose_subscriber_data, RequestKind.disclose_traffic_data),
            List.of(COURT, JUDGE, ACCOUNTS, DATE_RANGE, CRIME)),
    us_search_warrant(
            "US search warrant",
            "internal target 14 days",
            Duration.ofDays(14),
            null,
            EnumSet.of(
                    RequestKind.disclose_subscriber_data,
                    RequestKind.disclose_traffic_data,
                    RequestKind.disclose_content),
            List.of(COURT, JUDGE, ACCOUNTS, DATA_CATEGORIES, CRIME)),
    us_2703f_preservation(
            "US 18 U.S.C. 2703(f) preservation request",
            "internal target 24 hours; preserve 90 days, " + "renewable once",
            Duration.ofHours(24),
            Period.ofDays(90),
            EnumSet.of(RequestKind.preserve_data),
            List.of(ISSUING_AUTHORITY, ACCOUNTS)),
    emergency_disclosure_request(
            "Emergency disclosure request (threat to life)",
            "internal target 4 hours, " + "after call-back verification",
            Duration.ofHours(4),
            null,
            EnumSet.of(RequestKind.emergency_disclosure),
            List.of(
                    ISSUING_AUTHORITY,
                    ACCOUNTS,
                    DATA_CATEGORIES,
                    EMERGENCY_NATURE,
                    THREAT,
                    WHY_URGENT,
                    SUPERVISOR_CONTACT)),
    generic_national_order(
            "Generic national order",
            "the deadline asked for (1 hour to 90 days)",
            Duration.ofDays(10),
            Period.ofDays(90),
            EnumSet.complementOf(EnumSet.of(RequestKind.emergency_disclosure)),
            List.of(
                    ISSUING_AUTHORITY,
                    LEGAL_BASIS,
                    TARGETS_OR_ACCOUNTS,
                    REASONS,
                    TERRITORIAL_SCOPE,
                    REDRESS,
                    DEADLINE_ASKED)),
    // Every jurisdiction's lane for content illegal under its own law (SPEC 2.5): the provision is cited,
    // and the same principles judge it; locally illegal content is withheld in that jurisdiction only.
    national_content_order(
            "National order against content illegal under local law (court order, notice-and-action " + "order)",
            "without undue delay (internal target 72 hours)",
            Duration.ofHours(72),
            null,
            EnumSet.of(
                    RequestKind.remove_content,
                    RequestKind.restrict_content,
                    RequestKind.block_container,
                    RequestKind.suspend_account),
            List.of(ISSUING_AUTHORITY, LEGAL_BASIS, REASONS, GROUND, TARGETS_OR_ACCOUNTS));

    /** Data a US subpoena compels: basic subscriber records only. */
    public static final Set<DataCategory> SUBSCRIBER_RECORDS = EnumSet.of(
            DataCategory.name,
            DataCategory.address,
            DataCategory.session_times,
            DataCategory.ip_addresses,
            DataCategory.payment,
            DataCategory.phone_number,
            DataCategory.email);

    private final String title;
    private final String clockLabel;
    private final Duration clock;
    private final Period preservation;
    private final Set<RequestKind> kinds;
    private final List<Element> required;

    Instrument(
            String title,
            String clockLabel,
            Duration clock,
            Period preservation,
            Set<RequestKind> kinds,
            List<Element> required) {
        this.title = title;
        this.clockLabel = clockLabel;
        this.clock = clock;
        this.preservation = preservation;
        this.kinds = kinds;
        this.required = required;
    }

    public String title() {
        return title;
    }

    public String clockLabel() {
        return clockLabel;
    }

    /** The kinds this instrument may carry; a request for keys is accepted under any. */
    public boolean allows(RequestKind kind) {
        return kind == RequestKind.hand_over_keys || kinds.contains(kind);
    }

    /** The kinds it may carry, space-separated, for the entry forms (a request for keys included). */
    public String kindNames() {
        return java.util.stream.Stream.concat(kinds.stream(), java.util.stream.Stream.of(RequestKind.hand_over_keys))
                .distinct()
                .map(RequestKind::name)
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /**
     * The fields of its required elements, space-separated, for the entry forms; "accounts or
     * locators" needs either field.
     */
    public String neededFields() {
        return required.stream()
                .map(e -> e == Element.TARGETS_OR_ACCOUNTS ? "targets accounts" : e.field())
                .distinct()
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /** Its required elements in words ("issuing authority; exact locators …"), for the entry forms. */
    public String neededWords() {
        return required.stream().map(Element::label).collect(java.util.stream.Collectors.joining("; "));
    }

    public Set<RequestKind> kinds() {
        return kinds;
    }

    public List<Element> required() {
        return required;
    }

    /** How long what this instrument preserves (or what its removal takes down) is kept. */
    public Optional<Period> preservation() {
        return Optional.ofNullable(preservation);
    }

    /** The time to answer a request under this instrument. */
    public Duration clock(Submission s, java.time.Instant receivedAt) {
        if (this == epoc && s instanceof DataRequest d && d.emergency().orElse(false)) {
            return Duration.ofHours(8);
        }
        if (this == generic_national_order && s.order().deadlineAsked().isPresent()) {
            Duration asked =
                    Duration.between(receivedAt, s.order().deadlineAsked().get());
            Duration min = Duration.ofHours(1);
            Duration max = Duration.ofDays(90);
            return asked.compareTo(min) < 0 ? min : asked.compareTo(max) > 0 ? max : asked;
        }
        return clock;
    }
}

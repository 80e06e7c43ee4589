package org.fulcrum.server.lawful.request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.lawful.request.Submission.EmergencyDetails;
import org.fulcrum.server.lawful.request.Submission.Family;
import org.fulcrum.server.lawful.request.Submission.Wire;

/**
 * Between a {@link Submission} and its flat wire form: the family follows from the kind asked for,
 * and the fields only another family carries are refused when an authority sends them (and left out
 * when an older stored body carries them).
 */
final class SubmissionWire {
    private SubmissionWire() {}

    /** The submission a wire form carries; {@code strict} refuses a field of another family. */
    static Submission read(Wire w, boolean strict) {
        Order order = new Order(
                w.reference(),
                w.instrument(),
                w.kind(),
                w.jurisdiction(),
                w.addressedTo(),
                w.issuedAt(),
                w.deadlineAsked(),
                w.territorialScope(),
                w.redress(),
                w.language(),
                w.gag());
        Family family = Family.of(order.kind());
        if (strict) {
            refuseForeign(w, family, order.kind());
        }
        Issuer issuer = new Issuer(
                w.issuingAuthority(),
                w.validatingAuthority(),
                w.court(),
                w.judge(),
                w.signatureOfOfficial(),
                w.addressee(),
                w.contactPoint());
        Grounds grounds = new Grounds(w.legalBasis(), w.reasons());
        Targets subjects = new Targets(w.targets(), w.accounts());
        return switch (family) {
            case content_order -> new ContentOrder(order, issuer, grounds, subjects, w.category(), w.suspendUntil());
            case data_request ->
                new DataRequest(order, issuer, grounds, subjects, data(w), w.emergency(), w.followUp());
            case emergency_request ->
                new EmergencyRequest(
                        order,
                        issuer,
                        grounds,
                        subjects,
                        data(w),
                        w.emergencyDetails() == null ? Optional.empty() : w.emergencyDetails());
        };
    }

    private static DataAsked data(Wire w) {
        return new DataAsked(w.crime(), w.offenceMaxYears(), w.dataCategories(), w.dateRange());
    }

    /** Refuses, naming the first of them, the fields that only another family carries. */
    private static void refuseForeign(Wire w, Family family, RequestKind kind) {
        List<String> foreign = new ArrayList<>();
        if (family != Family.content_order) {
            add(foreign, "category", w.category());
            add(foreign, "suspendUntil", w.suspendUntil());
        }
        if (family == Family.content_order) {
            add(foreign, "crime", w.crime());
            add(foreign, "offenceMaxYears", w.offenceMaxYears());
            add(foreign, "dataCategories", w.dataCategories());
            add(foreign, "dateRange", w.dateRange());
        }
        if (family != Family.data_request) {
            add(foreign, "emergency", w.emergency());
            add(foreign, "followUp", w.followUp());
        }
        if (family != Family.emergency_request) {
            add(foreign, "emergencyDetails", w.emergencyDetails());
        }
        if (!foreign.isEmpty()) {
            throw new InvalidInput(
                    foreign.getFirst(),
                    "a request for " + kind + " is a " + family.label() + " and does not carry "
                            + String.join(", ", foreign) + " (fields of "
                            + owners(foreign.getFirst()) + ")");
        }
    }

    private static String owners(String field) {
        return switch (field) {
            case "category", "suspendUntil" -> "content orders";
            case "crime", "offenceMaxYears", "dataCategories", "dateRange" -> "data and emergency requests";
            case "emergency", "followUp" -> "data requests";
            default -> "emergency requests";
        };
    }

    private static void add(List<String> foreign, String field, Optional<?> value) {
        if (value != null && value.isPresent()) {
            foreign.add(field);
        }
    }

    private static void add(List<String> foreign, String field, List<?> value) {
        if (value != null && !value.isEmpty()) {
            foreign.add(field);
        }
    }

    /** The flat wire form of {@code s}. */
    static Wire write(Submission s) {
        Order o = s.order();
        Issuer i = s.issuer();
        Optional<String> category = Optional.empty();
        Optional<Instant> suspendUntil = Optional.empty();
        Optional<Boolean> emergency = Optional.empty();
        Optional<String> followUp = Optional.empty();
        Optional<EmergencyDetails> details = Optional.empty();
        switch (s) {
            case ContentOrder c -> {
                category = c.category();
                suspendUntil = c.suspendUntil();
            }
            case DataRequest d -> {
                emergency = d.emergency();
                followUp = d.followUp();
            }
            case EmergencyRequest e -> details = e.details();
        }
        Optional<DataAsked> data = s.askedData();
        return new Wire(
                o.reference(),
                o.instrument(),
                o.kind(),
                o.jurisdiction(),
                o.addressedTo(),
                i.issuingAuthority(),
                i.validatingAuthority(),
                o.issuedAt(),
                s.grounds().legalBasis(),
                s.grounds().reasons(),
                category,
                data.flatMap(DataAsked::crime),
                data.flatMap(DataAsked::offenceMaxYears),
                s.targets(),
                s.accounts(),
                data.map(DataAsked::categories).orElse(List.of()),
                data.flatMap(DataAsked::dateRange),
                o.territorialScope(),
                o.redress(),
                o.language(),
                i.contactPoint(),
                i.signatureOfOfficial(),
                i.court(),
                i.judge(),
                i.addressee(),
                emergency,
                details,
                followUp,
                o.deadlineAsked(),
                o.gag(),
                suspendUntil);
    }
}

package org.fulcrum.server.lawful.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.lawful.request.DataCategory;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.lawful.request.RequestKind;
import org.fulcrum.server.lawful.request.Submission;

/**
 * Builds a {@link Submission} from the request form shared by the portal and the manual lane.
 * Times are entered in UTC. Every field goes through the same record validation as the API.
 */
final class SubmissionForm {
    private SubmissionForm() {}

    static Submission read(Context ctx) {
        Optional<Submission.EmergencyDetails> emergency = Optional.of(new Submission.EmergencyDetails(
                        text(ctx, "emergencyNature"),
                        text(ctx, "emergencyThreat"),
                        text(ctx, "emergencyWhyUrgent"),
                        text(ctx, "emergencySupervisor")))
                .filter(e -> e.nature().isPresent()
                        || e.threat().isPresent()
                        || e.whyUrgent().isPresent()
                        || e.supervisorContact().isPresent());
        Optional<Submission.Authority> validating = text(ctx, "validatingName")
                .map(n -> new Submission.Authority(
                        n, parse(Submission.AuthorityType.class, "validatingType", ctx.formParam("validatingType"))));
        Optional<Instant> gagUntil = time(ctx, "gagUntil");
        Optional<Submission.Gag> gag =
                gagUntil.map(u -> new Submission.Gag(u, text(ctx, "gagBasis").orElse(null)));
        Optional<Instant> from = time(ctx, "dateFrom");
        Optional<Instant> to = time(ctx, "dateTo");
        Optional<Submission.DateRange> range = from.isPresent() || to.isPresent()
                ? Optional.of(new Submission.DateRange(from.orElse(null), to.orElse(null)))
                : Optional.empty();
        List<Submission.Target> targets = lines(ctx.formParam("targets")).stream()
                .map(l -> new Submission.Target(l, Optional.empty()))
                .toList();
        List<DataCategory> categories = ctx.formParams("dataCategories").stream()
                .map(c -> parse(DataCategory.class, "dataCategories", c))
                .toList();
        String emergencyFlag = ctx.formParam("emergencyFlag");
        Optional<Boolean> flag = emergencyFlag == null || emergencyFlag.isBlank()
                ? Optional.empty()
                : Optional.of("yes".equals(emergencyFlag));
        return Submission.of(new Submission.Wire(
                text(ctx, "reference").orElse(null),
                parse(Instrument.class, "instrument", ctx.formParam("instrument")),
                parse(RequestKind.class, "kind", ctx.formParam("kind")),
                text(ctx, "jurisdiction").map(String::toUpperCase).orElse(null),
                text(ctx, "addressedTo"),
                text(ctx, "issuingAuthority"),
                validating,
                time(ctx, "issuedAt"),
                text(ctx, "legalBasis"),
                text(ctx, "reasons"),
                text(ctx, "category"),
                text(ctx, "crime"),
                text(ctx, "offenceMaxYears").map(v -> {
                    try {
                        return Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new FulcrumException.InvalidInput("offenceMaxYears", "must be a whole number of years");
                    }
                }),
                targets,
                lines(ctx.formParam("accounts")),
                categories,
                range,
                lines(ctx.formParam("territorialScope")).stream()
                        .map(String::toUpperCase)
                        .toList(),
                text(ctx, "redress"),
                text(ctx, "language"),
                text(ctx, "contactPoint"),
                text(ctx, "signatureOfOfficial"),
                text(ctx, "court"),
                text(ctx, "judge"),
                text(ctx, "addressee"),
                flag,
                emergency,
                text(ctx, "followUp"),
                time(ctx, "deadlineAsked"),
                gag,
                time(ctx, "suspendUntil")));
    }

    private static Optional<String> text(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Lines, commas or spaces separate items of a list field. */
    static List<String> lines(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : value.split("\\r?\\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.contains("://")) {
                out.add(l);
            } else {
                out.addAll(Arrays.stream(l.split("[,\\s]+"))
                        .filter(s -> !s.isEmpty())
                        .toList());
            }
        }
        return out;
    }

    private static Optional<Instant> time(Context ctx, String name) {
        return text(ctx, name).map(v -> {
            try {
                return org.fulcrum.server.core.SaneInstants.within(
                        name,
                        v.endsWith("Z")
                                ? Instant.parse(v)
                                : LocalDateTime.parse(v).toInstant(ZoneOffset.UTC));
            } catch (java.time.DateTimeException e) {
                throw new FulcrumException.InvalidInput(name, "must be a date and time like 2026-11-29T10:00 (UTC)");
            }
        });
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new FulcrumException.InvalidInput(field, "is required");
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw new FulcrumException.InvalidInput(field, "unknown value '" + value + "'");
        }
    }
}

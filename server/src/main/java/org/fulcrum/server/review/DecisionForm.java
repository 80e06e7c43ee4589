package org.fulcrum.server.review;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.platform.ActionType;

/**
 * Reads the console's decision form into a {@link DecisionRequest}: the action checkboxes (each
 * with its target), the ground, facts, scope, end date and automation flags. The same record
 * validates it as when it comes through the API.
 */
final class DecisionForm {
    /** The action checkboxes of the form: value, action, target. */
    enum Choice {
        remove(ActionType.remove, DecisionRequest.Target.subject),
        disable(ActionType.disable, DecisionRequest.Target.subject),
        geo_restrict(ActionType.geo_restrict, DecisionRequest.Target.subject),
        label(ActionType.label, DecisionRequest.Target.subject),
        demote(ActionType.demote, DecisionRequest.Target.subject),
        suspend_author(ActionType.suspend, DecisionRequest.Target.author),
        terminate_author(ActionType.terminate, DecisionRequest.Target.author),
        block_container(ActionType.block, DecisionRequest.Target.container),
        suspend(ActionType.suspend, DecisionRequest.Target.subject),
        terminate(ActionType.terminate, DecisionRequest.Target.subject),
        block(ActionType.block, DecisionRequest.Target.subject),
        preserve(ActionType.preserve, DecisionRequest.Target.subject);

        final ActionType type;
        final DecisionRequest.Target target;

        Choice(ActionType type, DecisionRequest.Target target) {
            this.type = type;
            this.target = target;
        }
    }

    private DecisionForm() {}

    static DecisionRequest read(Context ctx) {
        List<String> chosen = ctx.formParams("action");
        if (chosen.size() > DecisionRequest.MAX_ACTIONS) {
            throw new InvalidInput("action", "choose at most " + DecisionRequest.MAX_ACTIONS + " actions");
        }
        Optional<Instant> until = date(ctx.formParam("until"));
        List<String> countries = codes(ctx.formParam("countries"));
        Optional<String> label = text(ctx.formParam("label"));
        List<DecisionRequest.ActionSpec> actions = new ArrayList<>();
        for (String c : chosen) {
            Choice choice;
            try {
                choice = Choice.valueOf(c);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("action", "unknown action " + c);
            }
            actions.add(new DecisionRequest.ActionSpec(
                    choice.type,
                    Optional.of(choice.target),
                    choice.type == ActionType.geo_restrict && !countries.isEmpty()
                            ? Optional.of(countries)
                            : Optional.empty(),
                    choice.type == ActionType.label ? label : Optional.empty(),
                    Optional.empty()));
        }
        boolean legal = "legal".equals(ctx.formParam("groundKind"));
        Optional<String> ground = text(ctx.formParam("ground"));
        return new DecisionRequest(
                legal ? Optional.empty() : ground,
                legal ? ground : Optional.empty(),
                text(ctx.formParam("explanation")),
                ctx.formParam("facts"),
                Optional.empty(),
                actions,
                countries.isEmpty() ? Optional.empty() : Optional.of(countries),
                until,
                ctx.formParam("automatedDetection") != null,
                Optional.empty(),
                ctx.formParam("manifestlyUnfounded") != null,
                Optional.empty(),
                Optional.empty());
    }

    private static Optional<String> text(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static List<String> codes(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        List<String> out = Arrays.stream(v.split("[,\\s]+"))
                .filter(s -> !s.isBlank())
                .map(s -> s.strip().toUpperCase(java.util.Locale.ROOT))
                .distinct()
                .toList();
        if (out.size() > 250) {
            throw new InvalidInput("countries", "must have at most 250 countries");
        }
        return out;
    }

    private static Optional<Instant> date(String v) {
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(org.fulcrum.server.core.SaneInstants.within(
                    "until",
                    LocalDate.parse(v.strip())
                            .plusDays(1)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant()));
        } catch (java.time.DateTimeException e) {
            throw new InvalidInput("until", "must be a date like 2026-12-31");
        }
    }
}

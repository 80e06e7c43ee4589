package org.fulcrum.server.platform;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * An enforcement action as applied and delivered to the platform.
 *
 * @param id the action id the platform uses to drop duplicate deliveries
 * @param subjectId the subject acted on
 * @param type what was done
 * @param countries for geo-restrictions, where
 * @param label for labels, which
 * @param until for suspensions and holds, until when
 * @param origin which part of Fulcrum decided it: moderation, lawful, detection, appeal, overturn (a reviewer reversing a fully automated decision), system
 * @param originRef the id of the decision, order or match behind it
 * @param reason a short public reason (policy clause or legal ground)
 * @param actor who took it (staff id, token id or "automation")
 * @param reverses the action this one reverses, if any
 * @param at when it was applied
 */
public record Action(
        String id,
        String subjectId,
        ActionType type,
        List<String> countries,
        Optional<String> label,
        Optional<Instant> until,
        String origin,
        Optional<String> originRef,
        String reason,
        String actor,
        Optional<String> reverses,
        Instant at) {
    public Action {
        countries = countries == null ? List.of() : List.copyOf(countries);
        label = label == null ? Optional.empty() : label;
        until = until == null ? Optional.empty() : until;
        originRef = originRef == null ? Optional.empty() : originRef;
        reverses = reverses == null ? Optional.empty() : reverses;
    }

    /**
     * Where and how long the action applies, in words: "everywhere" or "in DE, AT" for actions on
     * visibility, the label, "until 2027-06-06" (UTC day); empty when the action has none of these.
     */
    public String scope() {
        List<String> words = new java.util.ArrayList<>();
        if (!countries.isEmpty()) {
            words.add("in " + String.join(", ", countries));
        } else if (type == ActionType.remove || type == ActionType.disable || type == ActionType.block) {
            words.add("everywhere");
        }
        label.ifPresent(l -> words.add("label “" + l + "”"));
        until.ifPresent(u -> words.add("until " + u.toString().substring(0, 10)));
        return String.join(" ", words);
    }

    /**
     * What a caller asks the enforcement path to do. Validated here so every origin (a moderator,
     * an order, a hash match) passes the same checks.
     */
    public record Request(
            String subjectId,
            ActionType type,
            List<String> countries,
            Optional<String> label,
            Optional<Instant> until,
            String origin,
            Optional<String> originRef,
            String reason,
            String actor) {
        public Request {
            Check.id("subjectId", subjectId);
            Check.required("type", type);
            countries = countries == null ? List.of() : List.copyOf(countries);
            countries.forEach(c -> Check.country("countries", c));
            label = label == null ? Optional.empty() : label;
            until = until == null ? Optional.empty() : until;
            originRef = originRef == null ? Optional.empty() : originRef;
            Check.required("origin", origin);
            Check.required("reason", reason);
            Check.text("reason", reason, 500);
            Check.required("actor", actor);
            if ((type == ActionType.geo_restrict || type == ActionType.lift_geo_restriction) && countries.isEmpty()) {
                throw new InvalidInput("countries", "a geo-restriction names at least one country");
            }
            if ((type == ActionType.label || type == ActionType.unlabel) && label.isEmpty()) {
                throw new InvalidInput("label", "is required for " + type);
            }
            if ((type == ActionType.suspend || type == ActionType.preserve) && until.isEmpty()) {
                throw new InvalidInput("until", "is required for " + type);
            }
        }
    }
}

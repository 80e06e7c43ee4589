package org.fulcrum.server.policy;

import java.util.List;
import org.fulcrum.server.web.Omittable;

/**
 * One rule of a principle: when its CEL condition holds for a target, its effect applies.
 *
 * @param id unique across the policy, named in traces
 * @param when a CEL expression returning bool
 * @param effect what a match does
 * @param categories for {@code withhold} and {@code keep_only}: the data categories concerned
 * @param need for {@code escalate}: what the request waits for
 * @param because the explanation given to the authority and to reviewers
 */
public record Rule(
        String id,
        String when,
        Effect effect,
        List<String> categories,
        @Omittable Need need,
        String because) {
    public Rule {
        PolicyInvalid.require(
                id != null && id.matches("[a-z0-9][a-z0-9-]{0,63}"),
                "rule id '" + id + "' must be 1-64 characters of a-z 0-9 -");
        PolicyInvalid.require(when != null && !when.isBlank(), "rule " + id + " has no 'when' condition");
        PolicyInvalid.require(effect != null, "rule " + id + " has no effect");
        PolicyInvalid.require(because != null && !because.isBlank(), "rule " + id + " has no 'because' explanation");
        categories = categories == null ? List.of() : List.copyOf(categories);
        PolicyInvalid.require(
                !(effect == Effect.withhold || effect == Effect.keep_only) || !categories.isEmpty(),
                "rule " + id + " (" + effect + ") names no categories");
        PolicyInvalid.require(effect != Effect.escalate || need != null, "rule " + id + " escalates without a need");
        because = because.strip();
    }
}

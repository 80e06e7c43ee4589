package org.fulcrum.server.review;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;

/**
 * What a moderator typed into the decision form, kept as typed so a refused decision comes back
 * with every box and field as it was, and the error in words beside the field it concerns.
 *
 * @param actions the ticked action boxes
 * @param groundKind "policy" or "legal"
 * @param ground the clause or legal provision
 * @param explanation the published explanation
 * @param facts the facts and circumstances
 * @param countries the countries as typed
 * @param label the label as typed
 * @param until the end date as typed
 * @param automatedDetection whether that box was ticked
 * @param manifestlyUnfounded whether that box was ticked
 */
public record DecisionDraft(
        List<String> actions,
        String groundKind,
        String ground,
        String explanation,
        String facts,
        String countries,
        String label,
        String until,
        boolean automatedDetection,
        boolean manifestlyUnfounded) {
    public static final DecisionDraft EMPTY = new DecisionDraft(List.of(), "", "", "", "", "", "", "", false, false);

    public DecisionDraft {
        actions = List.copyOf(actions);
    }

    static DecisionDraft of(Context ctx) {
        return new DecisionDraft(
                ctx.formParams("action").stream().limit(20).toList(),
                v(ctx, "groundKind"),
                v(ctx, "ground"),
                v(ctx, "explanation"),
                v(ctx, "facts"),
                v(ctx, "countries"),
                v(ctx, "label"),
                v(ctx, "until"),
                ctx.formParam("automatedDetection") != null,
                ctx.formParam("manifestlyUnfounded") != null);
    }

    public boolean ticked(String action) {
        return actions.contains(action);
    }

    /** Whether the ground is a legal provision (illegal content); otherwise a clause of the terms. */
    public boolean legal() {
        return "legal".equals(groundKind);
    }

    private static String v(Context ctx, String name) {
        String s = ctx.formParam(name);
        return s == null ? "" : s.length() > 6000 ? s.substring(0, 6000) : s;
    }

    /**
     * The form field a failure concerns and the failure in plain words: {@code ("", message)} for
     * one that concerns the whole form (the case is not claimed, already decided).
     */
    static Map.Entry<String, String> error(FulcrumException e) {
        if (!(e instanceof FulcrumException.InvalidInput i)) {
            String m = e.getMessage();
            if (m.startsWith("claim case")) {
                return Map.entry("", "Claim the case before deciding it (press c or use Claim).");
            }
            return Map.entry("", Character.toUpperCase(m.charAt(0)) + m.substring(1) + ".");
        }
        String field = i.field();
        String leaf = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
        return switch (leaf) {
            case "policyClause", "legalGround", "ground" ->
                Map.entry(
                        "ground",
                        "Cite the clause of the terms of service or the legal provision the decision rests on.");
            case "groundKind" -> Map.entry("groundKind", "Choose terms of service or illegal content.");
            case "facts" ->
                Map.entry(
                        "facts",
                        i.getMessage().startsWith("state")
                                ? "State the facts and circumstances you relied on."
                                : "Facts: " + i.getMessage() + ".");
            case "territorialScope", "countries" ->
                Map.entry("countries", "Use two-letter country codes separated by commas, such as DE, AT.");
            case "label" -> Map.entry("label", "A label is 1 to 64 characters: a-z, 0-9, _ or -.");
            case "until" ->
                Map.entry(
                        "until",
                        i.getMessage().contains("future")
                                ? "The end date must be in the future."
                                : "Give the end date as a date, such as 2026-12-31.");
            case "manifestlyUnfounded" ->
                Map.entry(
                        "manifestlyUnfounded",
                        "Only a decision to take no action can find the notices manifestly unfounded.");
            case "explanation" -> Map.entry("explanation", "Explanation: " + i.getMessage() + ".");
            default -> Map.entry("action", "Actions: " + i.getMessage() + ".");
        };
    }

    /** The message for {@code field} among {@code errors}, or empty. */
    public static Optional<String> on(Map<String, String> errors, String field) {
        return Optional.ofNullable(errors.get(field));
    }
}

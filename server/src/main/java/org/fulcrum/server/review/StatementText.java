package org.fulcrum.server.review;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.SubjectKind;

/**
 * The statement of reasons as the affected user reads it, in their language. Templates are
 * resource bundles ({@code statements_<lang>.properties}); English is the fallback.
 */
public final class StatementText {
    public static final Set<String> LANGUAGES = Set.of("en", "fr", "de");
    private static final String BUNDLE = "org.fulcrum.server.review.statements";

    private StatementText() {}

    /** The supported language closest to {@code tag}, else English. */
    public static String language(Optional<String> tag) {
        return tag.map(t -> t.split("-")[0].toLowerCase(Locale.ROOT))
                .filter(LANGUAGES::contains)
                .orElse("en");
    }

    static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle(
                BUNDLE,
                Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    static String format(ResourceBundle b, String key, Object... args) {
        String s = b.getString(key);
        for (int i = 0; i < args.length; i++) {
            s = s.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return s;
    }

    public static String render(
            String language,
            Decision d,
            SubjectKind kind,
            List<Action> actions,
            Instant appealUntil,
            String reference) {
        ResourceBundle b = bundle(language);
        StringBuilder out = new StringBuilder();
        out.append(format(b, "title", b.getString("kind." + kind.name()))).append("\n\n");
        for (Action a : actions) {
            String line = switch (a.type()) {
                case geo_restrict -> format(b, "action.geo_restrict", String.join(", ", new TreeSet<>(a.countries())));
                case label -> format(b, "action.label", a.label().orElse(""));
                case suspend ->
                    format(
                            b,
                            "action.suspend",
                            a.until().map(StatementText::day).orElse("?"));
                case remove, disable, demote, terminate, block ->
                    b.getString("action." + a.type().name());
                case preserve,
                        restore,
                        lift_geo_restriction,
                        unlabel,
                        undemote,
                        unsuspend,
                        reinstate,
                        unblock,
                        release_hold -> null;
            };
            if (line != null) {
                out.append(line).append('\n');
            }
        }
        out.append(format(b, d.illegal() ? "ground.legal" : "ground.policy", Words.groundInSentence(d.ground())))
                .append('\n');
        d.explanation().ifPresent(e -> out.append(format(b, "explanation", e)).append('\n'));
        out.append(format(b, "facts", d.facts())).append('\n');
        out.append(
                        d.territorialScope().isEmpty()
                                ? b.getString("scope.everywhere")
                                : format(b, "scope.countries", String.join(", ", new TreeSet<>(d.territorialScope()))))
                .append('\n');
        out.append(d.until().map(u -> format(b, "until", day(u))).orElse(b.getString("permanent")))
                .append('\n');
        out.append(b.getString(
                        switch (d.sourceType()) {
                            case "SOURCE_TRUSTED_FLAGGER" -> "source.trusted";
                            case "SOURCE_VOLUNTARY" -> "source.voluntary";
                            default -> "source.notice";
                        }))
                .append('\n');
        if (d.automatedDetection()) {
            out.append(b.getString("automated.detection")).append('\n');
        }
        out.append(b.getString(
                        switch (d.automatedDecision()) {
                            case AUTOMATED_DECISION_FULLY -> "automated.decision.full";
                            case AUTOMATED_DECISION_PARTIALLY -> "automated.decision.partial";
                            case AUTOMATED_DECISION_NOT_AUTOMATED -> "automated.decision.none";
                        }))
                .append("\n\n");
        out.append(format(b, "redress", day(appealUntil), reference));
        return out.toString();
    }

    /** The outcome of an appeal as the appellant reads it. */
    public static String appealOutcome(String language, boolean reversed, String reason) {
        return format(bundle(language), reversed ? "appeal.reverse" : "appeal.uphold", reason);
    }

    /** What the recipient of an automated decision's statement is told when a person overturns it. */
    public static String overturned(String language, String decisionId, String reason) {
        return format(bundle(language), "decision.overturn", reason, decisionId);
    }

    private static String day(Instant i) {
        return LocalDate.ofInstant(i, ZoneOffset.UTC).toString();
    }
}

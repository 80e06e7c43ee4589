package org.fulcrum.server.review;

import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.platform.SubjectKind;

/**
 * Sends the cases it matches to a queue. Every field given must match; fields left out match
 * anything. Rules are tried by position, the first match wins.
 *
 * @param id the rule id
 * @param position the order in which rules are tried
 * @param queueId where matching cases go
 * @param reason the case's reason
 * @param category the case's DSA category
 * @param source the case's source
 * @param subjectKind the kind of the subject
 * @param language the subject's language
 * @param country the country of the subject's author
 */
public record RoutingRule(
        String id,
        int position,
        String queueId,
        Optional<Reason> reason,
        Optional<DsaCategory> category,
        Optional<Source> source,
        Optional<SubjectKind> subjectKind,
        Optional<String> language,
        Optional<String> country) {
    public RoutingRule {
        reason = opt(reason);
        category = opt(category);
        source = opt(source);
        subjectKind = opt(subjectKind);
        language = opt(language);
        country = opt(country);
    }

    public boolean matches(Facts f) {
        return reason.map(r -> r == f.reason()).orElse(true)
                && category.map(c -> c == f.reason().category()).orElse(true)
                && source.map(s -> s == f.source()).orElse(true)
                && subjectKind.map(k -> k == f.subjectKind()).orElse(true)
                && language.map(l -> f.language().map(l::equals).orElse(false)).orElse(true)
                && country.map(c -> f.country().map(c::equals).orElse(false)).orElse(true);
    }

    /** What routing looks at. */
    public record Facts(
            Reason reason,
            Source source,
            SubjectKind subjectKind,
            Optional<String> language,
            Optional<String> country) {}

    /**
     * A rule to create.
     *
     * @param position the order, 0-100000
     * @param queueId the target queue
     * @param reason match on reason
     * @param category match on category
     * @param source match on source
     * @param subjectKind match on subject kind
     * @param language match on language
     * @param country match on country
     */
    public record Draft(
            int position,
            String queueId,
            Optional<Reason> reason,
            Optional<DsaCategory> category,
            Optional<Source> source,
            Optional<SubjectKind> subjectKind,
            Optional<String> language,
            Optional<String> country) {
        public Draft {
            if (position < 0 || position > 100_000) {
                throw new InvalidInput("position", "must be between 0 and 100000");
            }
            Check.id("queueId", queueId);
            reason = opt(reason);
            category = opt(category);
            source = opt(source);
            subjectKind = opt(subjectKind);
            language = opt(language);
            language.ifPresent(l -> Check.language("language", l));
            country = opt(country);
            country.ifPresent(c -> Check.country("country", c));
        }
    }

    private static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }
}

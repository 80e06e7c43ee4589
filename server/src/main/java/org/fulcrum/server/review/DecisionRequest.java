package org.fulcrum.server.review;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.web.Omittable;

/**
 * A moderator's decision on a case (or, on the moderator's own initiative, on a subject).
 *
 * @param policyClause the terms-of-service clause breached (exactly one of this and legalGround)
 * @param legalGround the law that makes the content illegal, with its provision
 * @param explanation why the content breaches that clause or law (published; at most 2000 characters)
 * @param facts the facts and circumstances relied on (published; at most 5000 characters)
 * @param category the DSA category, if not the case's
 * @param actions what to do; none means no action (the notices were unfounded)
 * @param territorialScope where the restriction applies (ISO codes); empty means everywhere
 * @param until when the restriction ends, if it is temporary
 * @param automatedDetection whether the content was detected by automated means
 * @param automatedDecision whether and how far the decision was automated
 * @param manifestlyUnfounded for no action: whether the notices were manifestly unfounded (DSA Art. 23)
 * @param contentType the DSA content types, if the subject's kind does not say it
 * @param contentTypeOther what the content is, for CONTENT_TYPE_OTHER
 */
public record DecisionRequest(
        Optional<String> policyClause,
        Optional<String> legalGround,
        Optional<String> explanation,
        String facts,
        Optional<DsaCategory> category,
        List<ActionSpec> actions,
        Optional<List<String>> territorialScope,
        Optional<Instant> until,
        @Omittable Boolean automatedDetection,
        Optional<AutomatedDecision> automatedDecision,
        @Omittable Boolean manifestlyUnfounded,
        Optional<List<ContentType>> contentType,
        Optional<String> contentTypeOther) {
    public static final int MAX_ACTIONS = 10;

    public DecisionRequest {
        policyClause = trimmed(policyClause, "policyClause", 500);
        legalGround = trimmed(legalGround, "legalGround", 500);
        if (policyClause.isPresent() == legalGround.isPresent()) {
            throw new InvalidInput("policyClause", "cite exactly one of policyClause and legalGround");
        }
        explanation = trimmed(explanation, "explanation", 2000);
        if (facts == null || facts.isBlank()) {
            throw new InvalidInput("facts", "state the facts and circumstances relied on");
        }
        facts = Check.text("facts", facts.strip(), 5000);
        category = opt(category);
        actions = actions == null ? List.of() : Lists.copy("actions", actions, MAX_ACTIONS);
        territorialScope = opt(territorialScope)
                .map(l -> List.copyOf(new LinkedHashSet<>(Lists.copy("territorialScope", l, 250))));
        territorialScope.ifPresent(l -> l.forEach(c -> Check.country("territorialScope", c)));
        until = opt(until);
        automatedDetection = automatedDetection != null && automatedDetection;
        automatedDecision = opt(automatedDecision);
        manifestlyUnfounded = manifestlyUnfounded != null && manifestlyUnfounded;
        if (manifestlyUnfounded && !actions.isEmpty()) {
            throw new InvalidInput("manifestlyUnfounded", "applies only to a decision to take no action");
        }
        contentType = opt(contentType).map(l -> Lists.copy("contentType", l, ContentType.values().length));
        if (contentType.map(List::isEmpty).orElse(false)) {
            throw new InvalidInput("contentType", "name at least one content type");
        }
        contentTypeOther = trimmed(contentTypeOther, "contentTypeOther", 500);
        if (contentType.map(l -> l.contains(ContentType.CONTENT_TYPE_OTHER)).orElse(false)
                && contentTypeOther.isEmpty()) {
            throw new InvalidInput("contentTypeOther", "is required with CONTENT_TYPE_OTHER");
        }
    }

    public boolean illegal() {
        return legalGround.isPresent();
    }

    public String ground() {
        return policyClause.or(() -> legalGround).orElseThrow();
    }

    public List<String> scope() {
        return territorialScope.orElse(List.of());
    }

    public AutomatedDecision automation() {
        return automatedDecision.orElse(AutomatedDecision.AUTOMATED_DECISION_NOT_AUTOMATED);
    }

    private static Optional<String> trimmed(Optional<String> v, String field, int max) {
        Optional<String> s = opt(v).map(String::strip).filter(x -> !x.isEmpty());
        s.ifPresent(x -> Check.text(field, x, max));
        return s;
    }

    private static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }

    /** Whom an action is aimed at, relative to the case's subject. */
    public enum Target {
        subject,
        author,
        container
    }

    /** How far a decision was automated (DSA Transparency Database values). */
    public enum AutomatedDecision {
        AUTOMATED_DECISION_FULLY,
        AUTOMATED_DECISION_PARTIALLY,
        AUTOMATED_DECISION_NOT_AUTOMATED
    }

    /** DSA Transparency Database content types. */
    public enum ContentType {
        CONTENT_TYPE_APP,
        CONTENT_TYPE_AUDIO,
        CONTENT_TYPE_IMAGE,
        CONTENT_TYPE_PRODUCT,
        CONTENT_TYPE_SYNTHETIC_MEDIA,
        CONTENT_TYPE_TEXT,
        CONTENT_TYPE_VIDEO,
        CONTENT_TYPE_OTHER
    }

    /**
     * One action of a decision.
     *
     * @param type a restricting action or preserve (reversals go through appeals)
     * @param on whom it is aimed at: the subject (default), its author or its channel/group
     * @param countries for geo-restrictions, where (else the decision's territorial scope)
     * @param label for labels, which (1-64 characters)
     * @param until for suspensions and holds, until when (else the decision's end)
     */
    public record ActionSpec(
            ActionType type,
            Optional<Target> on,
            Optional<List<String>> countries,
            Optional<String> label,
            Optional<Instant> until) {
        public ActionSpec {
            Check.required("type", type);
            if (type.reversal() == null) {
                throw new InvalidInput("type", type + " is a reversal; reversals follow appeals");
            }
            on = opt(on);
            countries = opt(countries).map(l -> Lists.copy("countries", l, 250));
            countries.ifPresent(l -> l.forEach(c -> Check.country("countries", c)));
            label = opt(label);
            label.ifPresent(l -> {
                if (!l.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                    throw new InvalidInput("label", "must be 1-64 characters of a-z 0-9 _ -");
                }
            });
            until = opt(until);
        }

        public Target target() {
            return on.orElse(Target.subject);
        }
    }
}

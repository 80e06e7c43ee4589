package org.fulcrum.server.review;

import java.time.Instant;
import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * An appeal against a decision (DSA Art. 20), lodged by the affected user or by a notifier.
 *
 * @param id the appeal id
 * @param decisionId the decision appealed
 * @param appellant who appeals
 * @param appellantRef the appellant's platform account or trusted flagger id
 * @param explanation the appellant's grounds
 * @param language the appellant's language
 * @param status open or decided
 * @param assignedTo the reviewer working it
 * @param outcome reverse or uphold, once decided
 * @param reason the reviewer's reason
 * @param decidedBy the reviewer
 * @param decidedAt when it was decided
 * @param createdAt when it was lodged
 */
public record Appeal(
        String id,
        String decisionId,
        Appellant appellant,
        Optional<String> appellantRef,
        String explanation,
        String language,
        String status,
        Optional<String> assignedTo,
        Optional<Outcome> outcome,
        Optional<String> reason,
        Optional<String> decidedBy,
        Optional<Instant> decidedAt,
        Instant createdAt) {

    /** Who may appeal. */
    public enum Appellant {
        affected_user,
        notifier
    }

    /** What the reviewer found: the appeal is well founded (the decision is reversed) or not. */
    public enum Outcome {
        reverse,
        uphold
    }

    /**
     * An appeal as lodged through the platform (or by a trusted flagger for its own notices).
     *
     * @param decisionId the decision, as named in its statement of reasons
     * @param appellant the affected user or a notifier
     * @param accountId the appellant's platform account (required through the platform)
     * @param explanation the grounds, 1-5000 characters
     * @param language the appellant's language, for the answer
     */
    public record Request(
            String decisionId,
            Appellant appellant,
            Optional<String> accountId,
            String explanation,
            Optional<String> language) {
        public Request {
            Check.id("decisionId", decisionId);
            Check.required("appellant", appellant);
            accountId = accountId == null ? Optional.empty() : accountId;
            accountId.ifPresent(a -> Check.id("accountId", a));
            if (explanation == null || explanation.isBlank()) {
                throw new InvalidInput("explanation", "give the grounds of the appeal");
            }
            explanation = Check.text("explanation", explanation.strip(), 5000);
            language = language == null ? Optional.empty() : language;
            language.ifPresent(l -> Check.language("language", l));
        }
    }

    /**
     * A reviewer's decision on an appeal.
     *
     * @param outcome reverse or uphold
     * @param reason why, told to the appellant (1-2000 characters)
     * @param secondLook the reviewer looked again at content that matched a hash bank and confirms it
     *                   should be restored; reversing a decision on such content is refused without it
     */
    public record Ruling(Outcome outcome, String reason, Optional<Boolean> secondLook) {
        @com.fasterxml.jackson.annotation.JsonCreator
        public Ruling {
            secondLook = secondLook == null ? Optional.empty() : secondLook;
            Check.required("outcome", outcome);
            if (reason == null || reason.isBlank()) {
                throw new InvalidInput("reason", "give the reason the appellant will read");
            }
            reason = Check.text("reason", reason.strip(), 2000);
        }

        /** A ruling without a second look. */
        public Ruling(Outcome outcome, String reason) {
            this(outcome, reason, Optional.empty());
        }

        /** Whether the reviewer confirmed a second look. */
        public boolean lookedAgain() {
            return secondLook.orElse(false);
        }
    }
}

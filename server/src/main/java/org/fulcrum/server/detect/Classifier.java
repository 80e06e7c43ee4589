package org.fulcrum.server.detect;

import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.platform.ContentEvent;

/**
 * The hook for an external model: it scores an event's text or media (by hash) and the pipeline
 * treats a score at or above the hook's threshold as a match, with the hook's policy and reason.
 * Implementations are called from the detection workers, concurrently; one that throws is logged
 * and counted as no opinion, never failing the event. A slow remote model should keep its own
 * timeout: the worker waits for it.
 */
public interface Classifier {
    /** A short stable name, used as the detector id ("nsfw-v2"). */
    String name();

    /** The score of {@code event}, or empty if this classifier has nothing to say about it. */
    Optional<Score> score(ContentEvent event);

    /**
     * A classifier's verdict.
     *
     * @param value the score, 0 to 1
     * @param label what it thinks the content is ("spam", "nudity")
     */
    record Score(double value, String label) {
        public Score {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("a score is between 0 and 1, got " + value);
            }
            label = label == null ? "" : label;
        }
    }

    /**
     * A classifier plugged into the pipeline.
     *
     * @param classifier the model
     * @param threshold the score from which an event counts as a match
     * @param policy what a match leads to
     * @param reason the reason a match stands for
     * @param mode enforce, or dry_run to record and count only
     */
    record Hook(Classifier classifier, double threshold, MatchPolicy policy, Reason reason, RuleMode mode) {
        public Hook {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new InvalidInput("threshold", "must be above 0 and at most 1");
            }
            Fields.required("policy", policy);
            Fields.required("reason", reason);
            Fields.required("mode", mode);
        }

        Detector detector() {
            return new Detector(
                    Detector.Kind.classifier,
                    classifier.name(),
                    classifier.name(),
                    policy,
                    reason,
                    Optional.empty(),
                    90);
        }
    }
}

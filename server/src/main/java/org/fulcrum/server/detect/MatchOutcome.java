package org.fulcrum.server.detect;

import java.util.Optional;

/** What the pipeline did about the matches on one item. */
public sealed interface MatchOutcome {
    /** The name recorded with each match. */
    String name();

    /** The notice or decision it produced, if any. */
    Optional<String> ref();

    /** A notice from automated detection opened or joined a case. */
    record Noticed(String noticeId, String caseId) implements MatchOutcome {
        public String name() {
            return "noticed";
        }

        public Optional<String> ref() {
            return Optional.of(noticeId);
        }
    }

    /** An automated decision removed the item (and, by policy, preserved and reported it). */
    record Removed(String decisionId, Optional<String> noticeId) implements MatchOutcome {
        public String name() {
            return noticeId.isPresent() ? "removed_reported" : "removed";
        }

        public Optional<String> ref() {
            return Optional.of(decisionId);
        }
    }

    /** Nothing was done, and why: dry_run, suppressed, already_removed, deleted, report_only, failed. */
    record NotActed(String why) implements MatchOutcome {
        public String name() {
            return why;
        }

        public Optional<String> ref() {
            return Optional.empty();
        }
    }
}

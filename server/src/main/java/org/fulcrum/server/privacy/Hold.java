package org.fulcrum.server.privacy;

import java.time.Instant;
import java.util.Optional;

/**
 * A legal hold: the subject it preserves (an account's hold covers everything the account wrote),
 * who placed it, why, from what, and until when; who released it, if anyone did.
 *
 * @param id the hold's id
 * @param subjectId the subject held
 * @param source what placed it
 * @param sourceRef the lawful request or moderation decision behind it
 * @param instrument for a hold from an order, the instrument (its extension rule applies)
 * @param reason why it was placed
 * @param placedBy who placed it (staff, officer-facing automation, a moderator)
 * @param placedAt when
 * @param until when it ends unless extended or released earlier
 * @param extensions how many times it was extended
 * @param releasedBy who released it
 * @param releasedAt when it was released
 * @param releaseReason why it was released
 */
public record Hold(
        String id,
        String subjectId,
        Source source,
        Optional<String> sourceRef,
        Optional<String> instrument,
        String reason,
        String placedBy,
        Instant placedAt,
        Instant until,
        int extensions,
        Optional<String> releasedBy,
        Optional<Instant> releasedAt,
        Optional<String> releaseReason) {
    /** What placed a hold. */
    public enum Source {
        /** A preservation order, or the preservation that comes with a removal order (TCO). */
        order,
        /** A moderation decision (or an appeal decision) with a preserve action. */
        decision,
        /** Automated detection (a bank whose policy preserves). */
        detection,
        /** Legal staff, for litigation or a request not yet formalised. */
        staff,
        /** Any other use of the enforcement path, or a hold placed before holds were recorded. */
        enforcement;

        static Source ofOrigin(String origin) {
            return switch (origin) {
                case "lawful" -> order;
                case "moderation", "appeal" -> decision;
                case "detection" -> detection;
                case Holds.ORIGIN -> staff;
                default -> enforcement;
            };
        }
    }

    /** Whether the hold still runs at {@code now}. */
    public boolean active(Instant now) {
        return releasedAt.isEmpty() && until.isAfter(now);
    }

    /** When the hold ended, or will end: its release, or its end date. */
    public Instant ended() {
        return releasedAt.filter(r -> r.isBefore(until)).orElse(until);
    }

    /** The state for pages and answers. */
    public String status(Instant now) {
        return active(now) ? "active" : releasedAt.isPresent() ? "released" : "expired";
    }
}

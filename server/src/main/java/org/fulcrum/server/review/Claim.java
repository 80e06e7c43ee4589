package org.fulcrum.server.review;

import java.time.Instant;
import java.util.Optional;

/**
 * Who is working a case and until when; a claim lapses at its expiry without a decision.
 *
 * @param assignedTo the moderator working it
 * @param claimExpiresAt when that claim lapses
 */
public record Claim(Optional<String> assignedTo, Optional<Instant> claimExpiresAt) {

    /** Whether {@code actor} holds a live claim at {@code now}. */
    public boolean heldBy(String actor, Instant now) {
        return assignedTo.map(actor::equals).orElse(false) && live(now);
    }

    /** Whether someone other than {@code actor} holds a live claim at {@code now}. */
    public boolean heldByOther(String actor, Instant now) {
        return assignedTo.isPresent() && !assignedTo.get().equals(actor) && live(now);
    }

    /** Who holds a live claim at {@code now}: nobody once the claim has lapsed. */
    public Optional<String> holder(Instant now) {
        return live(now) ? assignedTo : Optional.empty();
    }

    private boolean live(Instant now) {
        return claimExpiresAt.map(now::isBefore).orElse(false);
    }
}

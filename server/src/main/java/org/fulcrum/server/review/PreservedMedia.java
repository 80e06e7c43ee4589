package org.fulcrum.server.review;

import java.util.Optional;

/**
 * Copies of media items that a legal hold preserved, opened for the case page: the console shows
 * them after the platform deleted the item. The evidence store of {@code privacy} provides them,
 * wired by the composition root, so review does not depend on privacy.
 */
@FunctionalInterface
public interface PreservedMedia {
    /** The newest preserved copy of item {@code position} of {@code subjectId}, if one was kept. */
    Optional<Copy> open(String subjectId, int position);

    /** A preserved copy: its id in the evidence store, its type and its bytes as the platform served them. */
    record Copy(String id, String contentType, byte[] bytes) {}
}

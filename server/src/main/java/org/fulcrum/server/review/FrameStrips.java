package org.fulcrum.server.review;

import java.util.List;

/**
 * The frame strips of the videos of a piece of content that matched a video bank: detection
 * records which frames matched, wired by the composition root so review does not depend on detect.
 */
@FunctionalInterface
public interface FrameStrips {
    /** No strips (a node without detection). */
    FrameStrips NONE = subjectId -> List.of();

    /** The strips of {@code subjectId}'s matched videos, newest match first. */
    List<FrameStrip> of(String subjectId);
}

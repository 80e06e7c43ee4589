package org.fulcrum.server.review;

import java.util.List;

/**
 * The retro-hunts the progress page lists beside the sweeps. The hunts of {@code detect} provide
 * them, wired by the composition root: detect builds on review (automated decisions), not the
 * other way round.
 */
@FunctionalInterface
public interface HuntProgress {
    /** The newest {@code limit} hunts, newest first. */
    List<Hunt> recent(int limit);

    /** A hunt as the page shows it; {@code act} is false for a hunt that only reports. */
    record Hunt(
            String id,
            String detectorName,
            String status,
            int percent,
            long scanned,
            long total,
            long matched,
            boolean act) {}
}

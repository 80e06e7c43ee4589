package org.fulcrum.server.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fulcrum.server.store.Database;
import org.jdbi.v3.core.Handle;

/**
 * How much of the hardest material a moderator has reviewed lately, counted from what is already
 * recorded, nothing written: the critical cases they decided (a case is critical when its reason
 * is, {@link org.fulcrum.server.notice.Reason#critical()}: child sexual abuse, terrorism, threats to
 * life) and the media items of critical cases they viewed, each item once, as the audit trail
 * records every staff media view ({@code personal_data.view} of {@code media:subject/n}).
 *
 * <p>The wellbeing defaults live here, in one place: the console suggests a break once a moderator
 * reaches {@link #THRESHOLD} critical items within {@link #WINDOW}; a break from critical cases
 * lasts {@link #PAUSE}; team leads see each person's count over {@link #TEAM_WINDOW}.
 */
public final class CriticalExposure {
    /** The trailing window the console counts over. */
    public static final Duration WINDOW = Duration.ofHours(2);

    /** Critical items within {@link #WINDOW} from which the console suggests a break. */
    public static final int THRESHOLD = 20;

    /** How long a break from critical cases lasts unless ended sooner. */
    public static final Duration PAUSE = Duration.ofMinutes(30);

    /** The window of the counts team leads see. */
    public static final Duration TEAM_WINDOW = Duration.ofHours(24);

    private final Database db;
    private final Clock clock;

    public CriticalExposure(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Critical items one person reviewed in a window.
     *
     * @param decided critical cases they decided
     * @param media media items of critical cases they viewed, each counted once
     */
    public record Count(long decided, long media) {
        public long total() {
            return decided + media;
        }
    }

    /** What {@code actor} reviewed in the {@code window} up to now. */
    public Count last(String actor, Duration window) {
        Instant since = clock.instant().minus(window);
        return db.read(h -> since(h, actor, since));
    }

    /** Whether a count within {@link #WINDOW} has reached the threshold. */
    public static boolean suggestsBreak(Count inWindow) {
        return inWindow.total() >= THRESHOLD;
    }

    /** What {@code actor} reviewed from {@code since} (inclusive). */
    static Count since(Handle h, String actor, Instant since) {
        long decided = h.createQuery("""
                        SELECT COUNT(DISTINCT d.case_id) FROM review_decision d
                        JOIN review_case c ON c.id = d.case_id
                        WHERE d.decided_by = :a AND d.created_at >= :since AND c.severity = 1""")
                .bind("a", actor)
                .bind("since", since.toEpochMilli())
                .mapTo(Long.class)
                .one();
        List<String> targets = h.createQuery("""
                        SELECT DISTINCT target FROM audit
                        WHERE at >= :since AND actor = :a AND action = 'personal_data.view' AND target LIKE 'media:%'""")
                .bind("a", actor)
                .bind("since", since.toEpochMilli())
                .mapTo(String.class)
                .list();
        Set<String> subjects = new TreeSet<>();
        targets.forEach(t -> subjectOf(t).ifPresent(subjects::add));
        if (subjects.isEmpty()) {
            return new Count(decided, 0);
        }
        Set<String> critical = new TreeSet<>(
                h.createQuery("SELECT DISTINCT subject_id FROM review_case WHERE severity = 1 AND subject_id IN (<s>)")
                        .bindList("s", List.copyOf(subjects))
                        .mapTo(String.class)
                        .list());
        long media = targets.stream()
                .filter(t -> subjectOf(t).map(critical::contains).orElse(false))
                .count();
        return new Count(decided, media);
    }

    /** The subject of a media view's audit target {@code media:subject/n}. */
    static Optional<String> subjectOf(String target) {
        if (target == null || !target.startsWith("media:")) {
            return Optional.empty();
        }
        int slash = target.lastIndexOf('/');
        return slash > "media:".length() ? Optional.of(target.substring("media:".length(), slash)) : Optional.empty();
    }
}

package org.fulcrum.server.review;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.store.Database;

/**
 * A moderator's break from critical cases: while it lasts, "Claim next" passes over critical cases
 * for them (a critical case they open themselves still opens). It ends by itself after {@link
 * CriticalExposure#PAUSE}, or when they end it. Kept as one of their console preferences (the time
 * it ends); starting and ending it are audited.
 */
public final class CriticalPause {
    static final String PREFERENCE = "critical-pause-until";

    private final Database db;
    private final Clock clock;
    private final Preferences prefs;

    public CriticalPause(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.prefs = new Preferences(db);
    }

    /** When {@code actor}'s break ends, if one is on now. */
    public Optional<Instant> until(String actor) {
        Instant now = clock.instant();
        return prefs.get(actor, PREFERENCE)
                .filter(v -> v.matches("[0-9]{1,19}"))
                .map(v -> Instant.ofEpochMilli(Long.parseLong(v)))
                .filter(now::isBefore);
    }

    /** Starts (or restarts) a break for {@code actor}; returns when it ends. */
    public Instant start(String actor) {
        Instant end = clock.instant().plus(CriticalExposure.PAUSE);
        db.write(tx -> {
            Preferences.put(tx, actor, PREFERENCE, Long.toString(end.toEpochMilli()));
            Audit.record(
                    tx, actor, "wellbeing.pause_start", actor, null, "no critical cases from Claim next until " + end);
            return null;
        });
        return end;
    }

    /** Ends {@code actor}'s break now; nothing happens (and nothing is audited) when none is on. */
    public void end(String actor) {
        if (until(actor).isEmpty()) {
            return;
        }
        db.write(tx -> {
            Preferences.put(tx, actor, PREFERENCE, "");
            Audit.record(tx, actor, "wellbeing.pause_end", actor, null, "ended before its time");
            return null;
        });
    }
}

package org.fulcrum.server.review;

import java.time.Instant;
import java.util.Optional;
import org.fulcrum.server.web.Text;

/**
 * What the console tells a moderator about their own exposure to critical material, and the team
 * lead's one line per person: the count from {@link CriticalExposure} and the break from {@link
 * CriticalPause}.
 */
public final class Wellbeing {
    private final CriticalExposure exposure;
    private final CriticalPause pause;

    public Wellbeing(CriticalExposure exposure, CriticalPause pause) {
        this.exposure = exposure;
        this.pause = pause;
    }

    public CriticalExposure exposure() {
        return exposure;
    }

    public CriticalPause pause() {
        return pause;
    }

    /**
     * The notice on the queue and case pages.
     *
     * @param critical critical items reviewed within {@link CriticalExposure#WINDOW}
     * @param suggest whether to suggest a break (the threshold is reached and no break is on)
     * @param pausedUntil when the break ends, if one is on
     */
    public record Notice(long critical, boolean suggest, Optional<Instant> pausedUntil) {
        public static final Notice NONE = new Notice(0, false, Optional.empty());

        /** The suggestion in words. */
        public String words() {
            return "You have reviewed " + critical
                    + " cases and media items of child sexual abuse, terrorism or threats to life in the last "
                    + Text.duration(CriticalExposure.WINDOW) + ". Consider a break.";
        }

        /** How long the break is, in words. */
        public String pauseLength() {
            return Text.duration(CriticalExposure.PAUSE);
        }
    }

    /** The notice for {@code actor}. */
    public Notice notice(String actor) {
        Optional<Instant> until = pause.until(actor);
        CriticalExposure.Count c = exposure.last(actor, CriticalExposure.WINDOW);
        return new Notice(c.total(), until.isEmpty() && CriticalExposure.suggestsBreak(c), until);
    }

    /**
     * One person's critical items over {@link CriticalExposure#TEAM_WINDOW} and their break, short,
     * for the team page's column, whose heading names the window: "12 items · on a break until …".
     */
    public String teamCell(String actor) {
        long n = exposure.last(actor, CriticalExposure.TEAM_WINDOW).total();
        return (n == 0 ? "No items" : Text.plural(n, "item"))
                + pause.until(actor)
                        .map(t -> " · on a break until " + Words.time(t))
                        .orElse(" · no break");
    }

    /** The hours of {@link CriticalExposure#TEAM_WINDOW}, for the team page's heading. */
    public static long teamHours() {
        return CriticalExposure.TEAM_WINDOW.toHours();
    }

    /**
     * One person's critical items over {@link CriticalExposure#TEAM_WINDOW} and their break, in
     * a sentence, for their own account page.
     */
    public String summary(String actor) {
        long n = exposure.last(actor, CriticalExposure.TEAM_WINDOW).total();
        String count = (n == 0 ? "No" : Long.toString(n))
                + " critical " + Text.noun(n, "item") + " reviewed in the last "
                + CriticalExposure.TEAM_WINDOW.toHours() + " hours";
        return count
                + pause.until(actor)
                        .map(t -> "; on a break from critical cases until " + Words.time(t))
                        .orElse("; not on a break from critical cases");
    }
}

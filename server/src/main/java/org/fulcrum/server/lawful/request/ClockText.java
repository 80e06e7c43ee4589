package org.fulcrum.server.lawful.request;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A request's clock in words, the same on every page: time left in days and hours while it runs,
 * "paused" while the authority is asked, and once the request is refused, completed or withdrawn a stopped
 * clock with the time the answer took and how it stood against the deadline.
 *
 * @param text what to show
 * @param state {@code running}, {@code overdue}, {@code paused} or {@code stopped}, for styling and filters
 */
public record ClockText(String text, String state) {

    /** The clock of {@code r} at {@code now}. */
    public static ClockText of(LawfulRequest r, Instant now) {
        return of(
                r.state().status().name(),
                r.deadline(now),
                r.clock().receivedAt(),
                r.clock().closedAt());
    }

    /**
     * The clock from a status and a deadline view, for views that carry no request row (the portal's).
     * {@code closedAt} gives the time the answer took when known.
     */
    public static ClockText of(
            String status, LawfulRequest.Deadline c, Instant receivedAt, Optional<Instant> closedAt) {
        boolean closed = !RequestStatus.valueOf(status).open();
        if (closed) {
            String against = c.remainingSeconds() >= 0
                    ? span(Duration.ofSeconds(c.remainingSeconds())) + " before the deadline"
                    : span(Duration.ofSeconds(-c.remainingSeconds())) + " after the deadline";
            String took = closedAt.map(at -> " after " + span(Duration.between(receivedAt, at)))
                    .orElse("");
            return new ClockText("stopped: " + status + took + ", " + against, "stopped");
        }
        if (c.paused()) {
            return new ClockText(
                    "paused while the authority is asked; "
                            + span(Duration.ofSeconds(Math.max(0, c.remainingSeconds()))) + " left when it restarts",
                    "paused");
        }
        if (c.breached()) {
            return new ClockText("overdue by " + span(Duration.ofSeconds(-c.remainingSeconds())), "overdue");
        }
        return new ClockText(span(Duration.ofSeconds(c.remainingSeconds())) + " left", "running");
    }

    /** A duration as people read it: "2 d 5 h", "3 h 20 min", "12 min", "under a minute". */
    public static String span(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        return minutes > 0 ? minutes + " min" : "under a minute";
    }
}

package org.fulcrum.server.review;

import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * A review queue and its service level: a case must be decided within {@code slaMinutes} of
 * entering it.
 *
 * @param id the queue id
 * @param name a short unique name
 * @param description what the queue is for
 * @param slaMinutes the service level, in minutes
 * @param position where the queue sorts; the last one takes what no rule routes
 */
public record Queue(String id, String name, String description, int slaMinutes, int position) {

    /**
     * A queue to create.
     *
     * @param name 1-64 characters of a-z 0-9 and -
     * @param description at most 500 characters
     * @param slaMinutes 1 minute to 90 days
     * @param position the sort position
     */
    public record Draft(String name, Optional<String> description, int slaMinutes, int position) {
        public Draft {
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new InvalidInput("name", "must be 1-64 characters of a-z 0-9 and -");
            }
            description = description == null ? Optional.empty() : description;
            description.ifPresent(d -> Check.text("description", d, 500));
            if (slaMinutes < 1 || slaMinutes > 90 * 24 * 60) {
                throw new InvalidInput("slaMinutes", "must be between 1 and " + 90 * 24 * 60);
            }
            if (position < 0 || position > 10_000) {
                throw new InvalidInput("position", "must be between 0 and 10000");
            }
        }
    }

    /**
     * Figures for one queue.
     *
     * @param queue the queue
     * @param pending open cases
     * @param claimed open cases a moderator is working
     * @param breaching open cases past their SLA deadline
     * @param slaBreaches cases that ever breached the SLA in the last 30 days
     * @param medianHandlingMinutes median minutes from first notice to decision, last 30 days
     * @param decided30d cases decided in the last 30 days
     * @param oldestPendingMinutes age of the oldest open case
     */
    public record Stats(
            Queue queue,
            long pending,
            long claimed,
            long breaching,
            long slaBreaches,
            Optional<Double> medianHandlingMinutes,
            long decided30d,
            Optional<Long> oldestPendingMinutes) {}
}

package org.fulcrum.server.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fulcrum.server.store.Tx;

/**
 * The transactional outbox: an enforcement change and its delivery record are written in one
 * transaction, so no change is ever lost between the database and the platform. A
 * {@link Transport} then delivers each record at least once.
 */
public interface Outbox {
    /** Records {@code action} for delivery, in the caller's transaction. */
    void enqueue(Tx tx, Action action, EnforcementState newState);

    /**
     * Records a message for the platform that changes no state (a statement of reasons, an appeal's
     * outcome, a warning), in the caller's transaction. Its id plays the part of the action id, so
     * the platform drops duplicates the same way; the payload carries a {@code message} kind.
     */
    void enqueueMessage(Tx tx, String messageId, String subjectId, java.util.Map<String, Object> payload);

    /**
     * One outbox record on its way to the platform.
     *
     * @param actionId the action's id, which the platform uses to drop duplicates
     * @param subjectId the subject acted on; a transport that partitions keeps one subject together
     * @param payload the action as JSON
     */
    record Envelope(String actionId, String subjectId, String payload) {}

    /** Delivers outbox records to the platform: a webhook in embedded mode, a topic in a cluster. */
    interface Transport {
        /** Delivers one record; {@link Delivery.Delivered} only if the platform's side acknowledged it. */
        Delivery deliver(Envelope envelope);

        /**
         * Delivers records of distinct subjects, one answer per record in the same order. A transport
         * that can send many at once overrides this and {@link #batchSize()}.
         */
        default List<Delivery> deliverAll(List<Envelope> envelopes) {
            List<Delivery> results = new ArrayList<>(envelopes.size());
            for (Envelope e : envelopes) {
                results.add(deliver(e));
            }
            return results;
        }

        /** The most records one {@link #deliverAll} call should carry. */
        default int batchSize() {
            return 1;
        }

        /** The longest one {@link #deliverAll} call of {@link #batchSize()} records can take. */
        default Duration timeout() {
            return Duration.ofSeconds(30);
        }
    }

    /** The answer of one delivery attempt. */
    sealed interface Delivery {
        /** Acknowledged; {@code status} is the platform's status code where the transport has one, else 0. */
        record Delivered(int status) implements Delivery {}

        record Failed(Integer status, String error) implements Delivery {}

        /**
         * Not sent: the claim would have run out before an answer could come, or the node is
         * stopping. Released for any node to take at once, without counting as an attempt.
         */
        record NotAttempted() implements Delivery {}
    }
}

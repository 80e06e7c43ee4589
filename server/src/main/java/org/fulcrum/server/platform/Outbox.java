package org.fulcrum.server.platform;

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

    /** Delivers one outbox record to the platform: a webhook in embedded mode, a topic in a cluster. */
    interface Transport {
        /** Delivers the payload; returns normally only if the platform acknowledged it. */
        Delivery deliver(String actionId, String payload);
    }

    /** The answer of one delivery attempt. */
    sealed interface Delivery {
        record Delivered(int status) implements Delivery {
        }

        record Failed(Integer status, String error) implements Delivery {
        }
    }
}

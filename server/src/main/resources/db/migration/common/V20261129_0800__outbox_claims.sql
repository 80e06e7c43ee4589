-- Outbox claims for several nodes on one database, and the order of each subject's actions.
--
-- A dispatcher claims the records it is about to deliver with a lease (claimed_by, claim_until,
-- epoch milliseconds); another node leaves a live claim alone and takes over an expired one, so the
-- records of a node that died are delivered by the others once its lease runs out.
--
-- subject_seq numbers the actions of one subject in the order they were committed (1, 2, ...):
-- only the oldest undelivered record of a subject may be claimed, so one subject's actions reach
-- the platform in order whichever node delivers them.

ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claim_until BIGINT;
ALTER TABLE outbox ADD COLUMN subject_seq BIGINT NOT NULL DEFAULT 0;

UPDATE outbox SET subject_seq = (
    SELECT COUNT(*) FROM outbox earlier
    WHERE earlier.subject_id = outbox.subject_id
      AND (earlier.created_at < outbox.created_at
           OR (earlier.created_at = outbox.created_at AND earlier.action_id <= outbox.action_id)));

CREATE UNIQUE INDEX outbox_subject_seq ON outbox (subject_id, subject_seq);
-- Undelivered records in delivery order: the dispatcher's scan stops after one batch.
CREATE INDEX outbox_undelivered ON outbox (created_at, action_id) WHERE delivered_at IS NULL;

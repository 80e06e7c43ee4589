-- Outbox delivery at any backlog.
--
-- next_attempt_at now says exactly when a record may be claimed:
--   * the creation time for a subject's oldest undelivered record;
--   * 9223372036854775807 (never) for a record waiting behind an earlier undelivered record of its
--     subject; delivering the earlier one sets the next one's time, so a subject's records still go
--     out one after the other, in order;
--   * the end of the lease while a node holds the record (a dead node's records become due again);
--   * the retry time after a failed attempt.
-- The claim then walks outbox_ready from its start and stops after one round: every row it reads
-- is due, so its cost does not depend on how many records wait.

UPDATE outbox SET next_attempt_at = 9223372036854775807
WHERE delivered_at IS NULL AND EXISTS (
    SELECT 1 FROM outbox earlier
    WHERE earlier.subject_id = outbox.subject_id AND earlier.subject_seq < outbox.subject_seq
      AND earlier.delivered_at IS NULL);

UPDATE outbox SET next_attempt_at = claim_until
WHERE delivered_at IS NULL AND claim_until IS NOT NULL AND claim_until > next_attempt_at
  AND next_attempt_at < 9223372036854775807;

DROP INDEX outbox_due;
CREATE INDEX outbox_ready ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
-- The undelivered records of one subject, in order: finding the next one to release is one probe.
CREATE INDEX outbox_subject_pending ON outbox (subject_id, subject_seq) WHERE delivered_at IS NULL;

-- Sealed log entries still to reveal: the checkpointer looks every round, without reading the log.
CREATE INDEX log_entry_reveal_due ON log_entry (sealed_until) WHERE kind = 'sealed' AND revealed_by IS NULL;

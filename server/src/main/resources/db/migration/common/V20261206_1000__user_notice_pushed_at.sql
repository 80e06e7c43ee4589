-- When a user notice about a lawful request was handed to the outbox for the platform (null: not yet).
-- A notice is pushed once: the update that sets this column decides, in the transaction of the outbox record.
ALTER TABLE user_notice ADD COLUMN pushed_at BIGINT;

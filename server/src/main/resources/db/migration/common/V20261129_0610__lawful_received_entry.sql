-- The index of a request's "request_received" log entry, published in its decision entries so
-- reports can link a decision to its request (pending requests, time to decide) from the log alone.
ALTER TABLE lawful_request ADD COLUMN received_entry BIGINT;

-- Leases on singleton background jobs (purge, SLA monitor, checkpointer, lawful clocks): the node
-- named in holder runs the job until expires_at (epoch milliseconds). The holder renews its
-- leases well before they expire; any node may take a lease whose expiry has passed, so when the
-- holder dies another node runs the job once the lease runs out.

CREATE TABLE job_lease (
    job        TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

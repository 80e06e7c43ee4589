-- The public half of each key every node must share (the log's verifier key, the lawful answer
-- key's thumbprint), recorded by the first node that starts. A node whose key differs refuses to
-- start instead of signing with a key of its own.
CREATE TABLE shared_key (
    purpose TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);

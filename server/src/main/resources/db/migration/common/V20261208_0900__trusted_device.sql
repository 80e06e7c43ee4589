-- Browsers in which an account passed both factors. A password attempt that presents one of them is
-- throttled on its own key instead of the account's, so strangers guessing at an account from
-- anywhere else cannot keep its owner out (OWASP's device cookies). Only digests are stored.
CREATE TABLE trusted_device (
    token_hash TEXT PRIMARY KEY,
    realm      TEXT NOT NULL,
    account_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX trusted_device_account ON trusted_device (realm, account_id, created_at);

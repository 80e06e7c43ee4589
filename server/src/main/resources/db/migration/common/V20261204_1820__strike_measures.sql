-- The measures strike thresholds took (suspensions, terminations), so that withdrawing a strike on
-- appeal can lift a measure the remaining strikes no longer justify; and the sentence that says
-- what the withdrawal did to them, shown beside the withdrawn strike.

CREATE TABLE strike_measure (
    decision_id       TEXT PRIMARY KEY REFERENCES review_decision (id),
    account_id        TEXT NOT NULL,
    category          TEXT NOT NULL,
    strikes           INTEGER NOT NULL,
    cause_decision_id TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    lifted_at         BIGINT
);
CREATE INDEX strike_measure_account ON strike_measure (account_id, category);

ALTER TABLE strike ADD COLUMN withdrawal_note TEXT;

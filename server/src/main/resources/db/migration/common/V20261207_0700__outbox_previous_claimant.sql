-- Who held an outbox record's claim when another claim replaced it: set by a claim that takes over
-- a record whose lease ran out without the holder recording an outcome or letting it go (the holder
-- died, or stalled longer than its lease). Such a record may have reached the platform already and
-- is sent again, so take-overs are counted (fulcrum_outbox_takeovers_total) and logged by node.
ALTER TABLE outbox ADD COLUMN previous_claimant TEXT;

-- The actions a decision, an order or a match took are read by what caused them (the subject page
-- lists each decision's actions; the decision and lawful request pages list theirs).
CREATE INDEX IF NOT EXISTS enforcement_action_origin ON enforcement_action (origin_ref, origin);

-- A reviewer's exposure to critical material is read from what is already recorded: their decisions
-- and their audited media views over a trailing window (two hours on the console, a day on the team
-- page). These let each person's count read their own rows only, however busy the trail is.
CREATE INDEX review_decision_decided_by ON review_decision (decided_by, created_at);
CREATE INDEX audit_actor_at ON audit (actor, at);

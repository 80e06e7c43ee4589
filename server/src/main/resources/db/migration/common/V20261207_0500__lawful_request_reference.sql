-- One request per agency and the agency's own reference, whichever node it reached: a second
-- submission under the same reference is answered as a repeat of the first (LawfulIntake).
-- Requests stored before this constraint keep their duplicates, numbered from 1 in the order received;
-- every request stored from now on has 0, so the index refuses a second one.
ALTER TABLE lawful_request ADD COLUMN reference_repeat INTEGER NOT NULL DEFAULT 0;

UPDATE lawful_request SET reference_repeat = (
    SELECT COUNT(*) FROM lawful_request e
    WHERE e.agency_id = lawful_request.agency_id AND e.reference = lawful_request.reference
      AND (e.received_at < lawful_request.received_at
           OR (e.received_at = lawful_request.received_at AND e.id < lawful_request.id)))
WHERE agency_id IS NOT NULL;

CREATE UNIQUE INDEX lawful_request_reference ON lawful_request (agency_id, reference, reference_repeat);

-- An agency's reputation counts its rejected requests by reason on every request it sends.
CREATE INDEX lawful_rejection_agency ON lawful_rejection (agency_id, reason);

package org.fulcrum.server.privacy;

/**
 * How long a table's rows stay when no {@link DataClass} purges them: the deadlines of their own
 * that the table registry ({@code privacy/tables.tsv}) may name.
 */
public enum Deadline {
    subject_lifetime("as long as the account or content it is about is known; erasure of the account removes it"),
    as_record("kept as the record of what was done; erasure removes or replaces the data subject's identity in it"),
    until_done("until the work it queues is done, when the work deletes it"),
    until_expiry("until its own expiry (sessions, throttles, nonces, leases, idempotency keys)"),
    while_account("as long as the staff member, officer, authority or flagger has an account; an admin removes it"),
    until_changed("configuration: until an operator changes it"),
    append_only("the public transparency log: never changed; the secrets behind its entries are purged");

    private final String description;

    Deadline(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

package org.fulcrum.server.privacy;

/**
 * What kind of personal data a table holds, as the table registry ({@code privacy/tables.tsv})
 * declares it for every table of the database. Retention is a separate matter: a {@link DataClass} or
 * a {@link Deadline} says how long the rows stay.
 */
public enum PersonalData {
    account("accounts, posts, media, channels and messages as the platform described them"),
    content("what users wrote or sent: content copies, content events, reported E2E messages"),
    notices("notices and their items, naming the content reported and, for some, the notifier"),
    reporter("who reported what, and notifiers' standing under DSA Art. 23"),
    moderation("cases, decisions, actions, statements of reasons, appeals and strikes about a person or their content"),
    detection("what automated detection found in content, and content still to be scanned"),
    evidence("legal holds and what they preserved"),
    lawful("lawful requests about users: the orders, their targets, decisions, disclosures and notices"),
    audit("who among staff did what, when and why"),
    log("the transparency log: public entries without identities, and the secrets behind their commitments"),
    privacy("data subject requests and their outcomes"),
    cache("answers remembered under idempotency keys, which may name anyone the answer named"),
    staff("staff members: accounts, credentials, sessions, and what they made or changed"),
    officials("officers of authorities and the people called to verify their requests"),
    organisations("authorities and trusted flaggers, with their contact details"),
    none("no personal data");

    private final String description;

    PersonalData(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

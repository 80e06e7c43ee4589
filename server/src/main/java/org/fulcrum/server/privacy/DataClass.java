package org.fulcrum.server.privacy;

import java.time.Period;

/**
 * The classes of personal data Fulcrum keeps, each with its own retention rule. The default periods
 * follow the instruments where one applies (an appeal stays open for six months after a decision,
 * DSA Art. 20; preservation periods are set by the holds of the orders themselves: TCO 6 months,
 * EPOC-PR 60 + 30 days, 2703(f) 90 + 90 days) and are otherwise the operator's choice. A floor is the
 * shortest period an instrument allows; nobody can set a class below it.
 */
public enum DataClass {
    content_copies(
            "Content copies",
            "the latest copy of a post, message or media item (subject_content)",
            "after its last update; never while a case on it is open or within the appeal window of a decision on it",
            Period.ofDays(90),
            Period.ZERO),
    content_events(
            "Content events",
            "content events as the platform sent them (content_event)",
            "after receipt",
            Period.ofDays(30),
            Period.ZERO),
    notices(
            "Notices",
            "notices and their items (notice, notice_item)",
            "after the last decision on its items; never while an item is undecided",
            Period.ofYears(1),
            Retention.APPEAL_WINDOW),
    reporter_identities(
            "Reporter identities",
            "notifiers' names, e-mail addresses and account keys on notices, "
                    + "reporters on cases, reporters' Art. 23 standing",
            "after the last decision on the notice's items (the notifier may appeal until then)",
            Retention.APPEAL_WINDOW,
            Retention.APPEAL_WINDOW),
    request_documents(
            "Request documents",
            "documents attached to lawful requests (lawful_document)",
            "after the request was closed; never while a hold from the request runs",
            Period.ofYears(1),
            Period.ZERO),
    disclosure_packages(
            "Disclosure packages",
            "sealed packages of executed disclosures (disclosure.package)",
            "after the disclosure was executed; never while a hold from its request runs",
            Period.ofDays(90),
            Period.ZERO),
    preserved_evidence(
            "Preserved evidence",
            "what a legal hold captured when it was placed (preserved_item) and "
                    + "the media it preserved, sealed under the evidence key (preserved_media)",
            "after the hold ended (its period ran out, or it was released)",
            Period.ZERO,
            Period.ZERO),
    franked_report_evidence(
            "Franked-report evidence",
            "reported messages from E2E chats (e2e_report) and " + "rejected report attempts (e2e_rejection)",
            "after receipt; never while a case on the message is open or within the appeal window of a decision on it",
            Retention.APPEAL_WINDOW,
            Period.ZERO),
    rejected_requests(
            "Rejected lawful requests",
            "lawful requests refused before they were stored: reason, "
                    + "claimed jurisdiction, agency, officer and key when known, sender address, body digest (lawful_rejection); "
                    + "their transparency-log entries stay",
            "after the rejection",
            Period.ofYears(1),
            Period.ZERO),
    account_data(
            "Account data",
            "private account data the platform shared for lawful disclosure " + "(account_private_data)",
            "after it was observed",
            Period.ofYears(1),
            Period.ZERO),
    audit_trail("Audit trail", "who did what, when and why (audit)", "after the event", Period.ofYears(2), Period.ZERO),
    log_commitment_secrets(
            "Log commitment secrets",
            "the per-entry keys and details behind the transparency "
                    + "log's commitments (log_secret); the public log stays intact and verifiable",
            "after the entry was appended",
            Period.ofYears(2),
            Period.ZERO),
    subjects(
            "Subject records",
            "accounts, posts, media, channels and messages as the platform described them " + "(subject)",
            "after the last update, once no other record refers to it (a content copy, event, case, "
                    + "decision, action, notice, strike, hold, match or anything else the table registry ties to it); "
                    + "never under a hold",
            Period.ofYears(1),
            Period.ZERO),
    detection_records(
            "Detection records",
            "what hash banks, rules and classifiers found in content "
                    + "(detection_match) and events still waiting for a scan (detection_pending)",
            "after the match (or the event's receipt); never while a case on the content is open or within the "
                    + "appeal window of a decision on it, nor under a hold",
            Period.ofYears(1),
            Period.ZERO),
    lawful_records(
            "Lawful request records",
            "closed lawful requests with their bodies, targets, decisions, "
                    + "clarifications, call-backs, disclosures, documents, approvals and user notices (lawful_request, "
                    + "lawful_target, lawful_decision, ...); their transparency-log entries stay",
            "after the request was closed; never while a hold from the request runs",
            Period.ofYears(3),
            Period.ZERO);

    private final String title;
    private final String holds;
    private final String anchor;
    private final Period defaultPeriod;
    private final Period floor;

    DataClass(String title, String holds, String anchor, Period defaultPeriod, Period floor) {
        this.title = title;
        this.holds = holds;
        this.anchor = anchor;
        this.defaultPeriod = defaultPeriod;
        this.floor = floor;
    }

    public String title() {
        return title;
    }

    /** What the class holds, naming its tables. */
    public String holds() {
        return holds;
    }

    /** From when the period runs, and what else keeps the data. */
    public String anchor() {
        return anchor;
    }

    public Period defaultPeriod() {
        return defaultPeriod;
    }

    /** The shortest period allowed. */
    public Period floor() {
        return floor;
    }

    public static DataClass parse(String field, String value) {
        for (DataClass c : values()) {
            if (c.name().equals(value)) {
                return c;
            }
        }
        throw new org.fulcrum.server.core.FulcrumException.InvalidInput(
                field, "unknown data class '" + value + "'; one of " + java.util.Arrays.toString(values()));
    }
}

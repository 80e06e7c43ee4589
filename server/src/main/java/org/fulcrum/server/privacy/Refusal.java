package org.fulcrum.server.privacy;

/**
 * Why an erasure cannot be honoured now: a legal obligation or a hold prevents it (GDPR Art. 17(3)(b)
 * and (e)). The data subject is told the reason and may ask again once it no longer applies.
 */
public enum Refusal {
    /** A legal hold covers the account itself (a preservation order, a decision, litigation). */
    account_under_hold("a legal hold preserves this account's data; it is erased when the hold ends"),
    /** A lawful request concerning the account is still being answered. */
    pending_lawful_request("a lawful request concerning this account is still being answered"),
    /** A notice, case or appeal about the account's content awaits a decision (DSA Art. 16, 20). */
    pending_review("a notice, case or appeal about this account's content is still awaiting a decision"),
    /** Actions about the account have not yet reached the platform. */
    pending_delivery("enforcement actions about this account have not yet been delivered to the platform"),
    /** A report owed to a child-safety hotline or an authority (DSA Art. 18) is still open. */
    reporting_obligation("a report owed to a hotline or an authority about this account's content is still open"),
    /**
     * A hold or request under a secrecy order prevents erasure: the data subject is told only that an
     * obligation applies, never that an order exists.
     */
    legal_obligation("a legal obligation prevents erasure for now; ask again later");

    private final String text;

    Refusal(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}

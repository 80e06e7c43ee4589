package org.fulcrum.server.detect;

/** What a bank is for: matches against a block bank are acted on; an allow bank suppresses them. */
public enum BankKind {
    /** Known violating media: a match is acted on by the bank's policy. */
    block,
    /** Known false positives: media matching it is not acted on for any block bank. */
    allow
}

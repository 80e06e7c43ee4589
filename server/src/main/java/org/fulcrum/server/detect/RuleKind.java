package org.fulcrum.server.detect;

/** What a rule's patterns are. Every kind may also carry a CEL condition over the event. */
public enum RuleKind {
    /** Words and phrases, matched on normalised text (a trailing * matches a word prefix). */
    keywords,
    /** RE2 regular expressions (linear time), matched on the text with invisible characters removed. */
    regex,
    /** Domains, matched against every host named in the text, subdomains included. */
    domains,
    /** No patterns: the CEL condition alone decides. */
    condition
}

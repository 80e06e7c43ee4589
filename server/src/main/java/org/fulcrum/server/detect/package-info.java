/**
 * Detection: hash banks (PDQ, MD5, SHA-256) with match policies and allow banks, text and URL
 * rules (keywords with obfuscation-resistant normalisation, RE2/J expressions, domain lists, CEL
 * conditions), the pipeline that scans every accepted content event and acts on matches through
 * moderation (a notice from automated detection, or an automated decision), the durable record of
 * matches, retro-hunts over stored content, and the classifier hook.
 *
 * <p>Banks and rules live in the database and in memory: {@link org.fulcrum.server.detect.BankIndex}
 * and {@link org.fulcrum.server.detect.RuleSet} are loaded at start, updated after each committed
 * change on this node, and reloaded when another node's change moves a stored version.
 */
package org.fulcrum.server.detect;

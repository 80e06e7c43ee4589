/**
 * The global policy for lawful requests: principles and jurisdiction profiles as editable YAML
 * files, rule conditions in CEL, deterministic evaluation with a trace naming every principle and
 * rule applied, versions stored and logged so any decision can be replayed, and reviewers'
 * findings on whether a subject is political speech, protest or journalism.
 */
package org.fulcrum.server.policy;

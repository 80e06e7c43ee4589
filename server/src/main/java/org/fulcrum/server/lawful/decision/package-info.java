/**
 * Deciding and carrying out a request: the policy decision and its record, the process gate
 * (call-backs, clarifications, approvals a path still waits for), caps on automatic execution, the
 * facts a request gives policy, execution through enforcement, four-eyes disclosures, and
 * withdrawals by the authority.
 */
@SchemaNamespace("lawful")
package org.fulcrum.server.lawful.decision;

import org.fulcrum.server.web.SchemaNamespace;

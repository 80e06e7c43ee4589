/**
 * Legal review of stored requests: the reviewer's actions (call-backs, clarifications, decisions,
 * approvals), the queries behind the queue, the request record and search, and the background job
 * that alerts on clocks nearly run out.
 */
@SchemaNamespace("lawful")
package org.fulcrum.server.lawful.review;

import org.fulcrum.server.web.SchemaNamespace;

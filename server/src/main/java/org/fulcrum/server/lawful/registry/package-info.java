/**
 * Who may send requests: agencies and the jurisdictions they act for, their officers, officers'
 * keys and their verification, the published point of contact ({@code ContactDirectory}), an
 * agency's reputation (misuse only) and the anomaly flags raised about a sender at intake.
 */
@SchemaNamespace("lawful")
package org.fulcrum.server.lawful.registry;

import org.fulcrum.server.web.SchemaNamespace;

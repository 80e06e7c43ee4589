/**
 * The lawful request as Fulcrum holds it, shared by every other part of the capability: what an
 * authority sends ({@code Submission}), the stored request and its status, lane, instrument, kind,
 * required elements and verification, the anomaly flags it carries, its SQL ({@code Requests}), its
 * transparency log entries ({@code LawfulLog}), settings, metrics and how its clock reads.
 */
@SchemaNamespace("lawful")
package org.fulcrum.server.lawful.request;

import org.fulcrum.server.web.SchemaNamespace;

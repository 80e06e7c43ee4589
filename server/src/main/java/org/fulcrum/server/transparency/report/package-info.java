/**
 * Transparency reports computed from the log's entries alone, never from private tables, so that
 * anyone holding the log can recompute every published figure ({@code fulcrum verify} does).
 */
package org.fulcrum.server.transparency.report;

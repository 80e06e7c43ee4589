package org.fulcrum.server.transparency.report;

import java.util.List;
import java.util.Map;

/**
 * Every published figure, computed from the log up to one checkpoint. Serialised with sorted
 * maps, so the same log always gives the same bytes and a verifier can compare them directly.
 *
 * @param schema the report schema version
 * @param logSize the number of log entries the report covers
 * @param logRoot the root hash (base64) of the log at that size
 * @param lawful lawful-request figures by period type (day, quarter, year), period, then jurisdiction
 * @param moderation moderation figures by day
 * @param delayedByQuarter entries under secrecy orders not yet revealed, by quarter of receipt, in
 *                         bands of {@value ReportEngine#BAND} (the count itself is withheld)
 * @param policyVersions the versions of the principles and jurisdiction files, in log order
 */
public record TransparencyReport(
        int schema,
        long logSize,
        String logRoot,
        Map<String, Map<String, Map<String, LawfulFigures>>> lawful,
        Map<String, ModerationFigures> moderation,
        Map<String, String> delayedByQuarter,
        List<PolicyVersion> policyVersions) {

    /** A policy version as logged: its index, time and public fields (version hash, file names). */
    public record PolicyVersion(long index, String time, Map<String, Object> fields) {}
}

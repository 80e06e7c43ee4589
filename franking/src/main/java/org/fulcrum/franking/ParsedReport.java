package org.fulcrum.franking;

/** The outcome of reading a report from JSON: the report, or which field is wrong and why. */
public sealed interface ParsedReport permits ParsedReport.Ok, ParsedReport.Malformed {

    /**
     * The JSON was a well-formed report. It is not verified yet.
     *
     * @param report the report
     */
    record Ok(FrankingReport report) implements ParsedReport {}

    /**
     * The JSON was not a well-formed report.
     *
     * @param field the offending field, or {@code json} for a syntax error
     * @param problem what is wrong with it
     */
    record Malformed(String field, String problem) implements ParsedReport {

        /** {@code field: problem}. */
        public String detail() {
            return field + ": " + problem;
        }
    }
}

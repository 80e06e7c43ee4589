package org.fulcrum.server.transparency.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lawful-request figures for one jurisdiction in one period.
 *
 * @param received requests received
 * @param byInstrument received, by legal instrument
 * @param byKind received, by request kind (remove content, disclose subscriber data, keys...)
 * @param byLane received, by intake lane (api, portal, manual)
 * @param emergency emergency requests received
 * @param routed requests addressed to the wrong entity and routed
 * @param outcomes decisions, by outcome (comply, comply in part, refuse, clarify, escalate)
 * @param refusalsByPrinciple refusals, by the global principle that decided them
 * @param automatedDecisions decisions taken by policy without a person
 * @param pending received in the period and not decided in the log
 * @param accountsAffected accounts whose data were disclosed
 * @param disclosures disclosure packages sent
 * @param medianHoursToDecision median time from receipt to decision, in hours (null when none)
 * @param medianHoursToEffect median time from receipt to a complying decision, in hours (null when none)
 * @param rejected requests refused before they were stored (forged or bad signatures, signed for another
 *                 deployment, outside the sender's jurisdictions), under the jurisdiction they claimed
 * @param rejectedByReason rejected, by reason
 * @param withdrawn requests their authority withdrew before anything was executed, counted in the period of the
 *                  withdrawal; a withdrawn request is no longer pending
 */
public record LawfulFigures(
        long received,
        Map<String, Long> byInstrument,
        Map<String, Long> byKind,
        Map<String, Long> byLane,
        long emergency,
        long routed,
        Map<String, Long> outcomes,
        Map<String, Long> refusalsByPrinciple,
        long automatedDecisions,
        long pending,
        long accountsAffected,
        long disclosures,
        Double medianHoursToDecision,
        Double medianHoursToEffect,
        long rejected,
        Map<String, Long> rejectedByReason,
        long withdrawn) {

    /** Mutable accumulator; {@link #build()} freezes it. */
    static final class Builder {
        long received;
        final Map<String, Long> byInstrument = Counter.sorted();
        final Map<String, Long> byKind = Counter.sorted();
        final Map<String, Long> byLane = Counter.sorted();
        long emergency;
        long routed;
        final Map<String, Long> outcomes = Counter.sorted();
        final Map<String, Long> refusalsByPrinciple = Counter.sorted();
        long automated;
        long pending;
        long accounts;
        long disclosures;
        final List<Double> hoursToDecision = new ArrayList<>();
        final List<Double> hoursToEffect = new ArrayList<>();
        long rejected;
        final Map<String, Long> rejectedByReason = Counter.sorted();
        long withdrawn;

        LawfulFigures build() {
            return new LawfulFigures(
                    received,
                    byInstrument,
                    byKind,
                    byLane,
                    emergency,
                    routed,
                    outcomes,
                    refusalsByPrinciple,
                    automated,
                    pending,
                    accounts,
                    disclosures,
                    median(hoursToDecision),
                    median(hoursToEffect),
                    rejected,
                    rejectedByReason,
                    withdrawn);
        }
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return Math.round(m * 1000) / 1000.0;
    }
}

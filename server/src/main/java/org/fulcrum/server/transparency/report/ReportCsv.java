package org.fulcrum.server.transparency.report;

import java.util.Map;
import java.util.stream.Collectors;

/** The report's tables as CSV (RFC 4180), one row per period and jurisdiction, or per day. */
public final class ReportCsv {
    private ReportCsv() {}

    public static String lawful(TransparencyReport r, Periods period) {
        StringBuilder sb = new StringBuilder("period,jurisdiction,received,emergency,routed,pending,comply,"
                + "comply_in_part,refuse,clarify,escalate,automated_decisions,disclosures,accounts_affected,"
                + "median_hours_to_decision,median_hours_to_effect,by_instrument,by_kind,refusals_by_principle,rejected,"
                + "rejected_by_reason,withdrawn\r\n");
        r.lawful()
                .getOrDefault(period.name(), Map.of())
                .forEach((p, byJurisdiction) -> byJurisdiction.forEach((j, f) -> sb.append(String.join(
                                ",",
                                p,
                                j,
                                n(f.received()),
                                n(f.emergency()),
                                n(f.routed()),
                                n(f.pending()),
                                n(f.outcomes().getOrDefault("comply", 0L)),
                                n(f.outcomes().getOrDefault("comply_in_part", 0L)),
                                n(f.outcomes().getOrDefault("refuse", 0L)),
                                n(f.outcomes().getOrDefault("clarify", 0L)),
                                n(f.outcomes().getOrDefault("escalate", 0L)),
                                n(f.automatedDecisions()),
                                n(f.disclosures()),
                                n(f.accountsAffected()),
                                d(f.medianHoursToDecision()),
                                d(f.medianHoursToEffect()),
                                map(f.byInstrument()),
                                map(f.byKind()),
                                map(f.refusalsByPrinciple()),
                                n(f.rejected()),
                                map(f.rejectedByReason()),
                                n(f.withdrawn())))
                        .append("\r\n")));
        return sb.toString();
    }

    public static String moderation(TransparencyReport r) {
        StringBuilder sb = new StringBuilder("day,notices,trusted_flagger_notices,decisions_restricted,"
                + "decisions_no_action,automated_share,items_actioned,containers_actioned,accounts_actioned,reversals,"
                + "reversals_on_appeal,reversals_overturning_automation,"
                + "appeals_received,appeals_reversed,appeals_upheld,notifiers_warned,notifiers_suspended,"
                + "notices_by_source,decisions_by_category\r\n");
        r.moderation()
                .forEach((day, f) -> sb.append(String.join(
                                ",",
                                day,
                                n(f.notices().values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum()),
                                n(f.trustedFlaggerNotices()),
                                n(f.decisions().getOrDefault("restricted", 0L)),
                                n(f.decisions().getOrDefault("no_action", 0L)),
                                d(f.automatedShare()),
                                n(f.itemsActioned()),
                                n(f.containersActioned()),
                                n(f.accountsActioned()),
                                n(f.reversals()),
                                n(f.reversalsByOrigin().getOrDefault("appeal", 0L)),
                                n(f.reversalsByOrigin().getOrDefault("overturn", 0L)),
                                n(f.appealsReceived()),
                                n(f.appealOutcomes().getOrDefault("reversed", 0L)),
                                n(f.appealOutcomes().getOrDefault("upheld", 0L)),
                                n(f.notifierMeasures().getOrDefault("notifier_warned", 0L)),
                                n(f.notifierMeasures().getOrDefault("notifier_suspended", 0L)),
                                map(f.notices()),
                                map(f.decisionsByCategory())))
                        .append("\r\n"));
        return sb.toString();
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static String d(Double v) {
        return v == null ? "" : v.toString();
    }

    /** A count map in one field: {@code key=value;key=value}, quoted. */
    private static String map(Map<String, Long> m) {
        return "\""
                + m.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(";"))
                        .replace("\"", "\"\"")
                + "\"";
    }
}

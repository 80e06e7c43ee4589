package org.fulcrum.server.transparency.report;

import java.util.Map;

/**
 * Moderation figures for one day (DSA Art. 15 and 24).
 *
 * @param notices notices received, by source (user report, trusted flagger, authority, detection)
 * @param noticesByCategory notices received, by DSA category
 * @param decisions decisions, by outcome (restricted, no action)
 * @param decisionsByCategory restricting decisions, by DSA category
 * @param decisionsBySource restricting decisions, by DSA source type
 * @param automatedDecisions decisions by degree of automation (fully, partially, not automated)
 * @param actions enforcement actions, by type
 * @param itemsActioned restricting actions on posts, media and messages
 * @param containersActioned restricting actions on channels and groups
 * @param accountsActioned restricting actions on accounts
 * @param actionsByOrigin actions, by origin (moderation, lawful, detection, appeal, overturn)
 * @param reversals actions reversed
 * @param reversalsByOrigin actions reversed, by what reversed them: {@code appeal} (a user's appeal
 *     upheld), {@code overturn} (a reviewer overturning a fully automated decision), or the origin of
 *     another reversal; with the automated decisions, an indicator of the automated means' error rate
 * @param appealsReceived appeals lodged
 * @param appealOutcomes appeals decided, by outcome (reversed, upheld)
 * @param trustedFlaggerNotices notices from trusted flaggers on their priority lane
 * @param trustedFlaggerDecisions decisions that followed trusted-flagger notices, by outcome
 * @param notifierMeasures DSA Art. 23 measures against notifiers (warned, suspended)
 * @param automatedShare the share of decisions that were fully or partly automated (0..1, null when none)
 */
public record ModerationFigures(
        Map<String, Long> notices,
        Map<String, Long> noticesByCategory,
        Map<String, Long> decisions,
        Map<String, Long> decisionsByCategory,
        Map<String, Long> decisionsBySource,
        Map<String, Long> automatedDecisions,
        Map<String, Long> actions,
        long itemsActioned,
        long containersActioned,
        long accountsActioned,
        Map<String, Long> actionsByOrigin,
        long reversals,
        Map<String, Long> reversalsByOrigin,
        long appealsReceived,
        Map<String, Long> appealOutcomes,
        long trustedFlaggerNotices,
        Map<String, Long> trustedFlaggerDecisions,
        Map<String, Long> notifierMeasures,
        Double automatedShare) {

    /** Mutable accumulator. */
    static final class Builder {
        final Map<String, Long> notices = Counter.sorted();
        final Map<String, Long> noticesByCategory = Counter.sorted();
        final Map<String, Long> decisions = Counter.sorted();
        final Map<String, Long> decisionsByCategory = Counter.sorted();
        final Map<String, Long> decisionsBySource = Counter.sorted();
        final Map<String, Long> automated = Counter.sorted();
        final Map<String, Long> actions = Counter.sorted();
        long items;
        long containers;
        long accounts;
        final Map<String, Long> origins = Counter.sorted();
        long reversals;
        final Map<String, Long> reversalOrigins = Counter.sorted();
        long appeals;
        final Map<String, Long> appealOutcomes = Counter.sorted();
        long flaggerNotices;
        final Map<String, Long> flaggerDecisions = Counter.sorted();
        final Map<String, Long> notifierMeasures = Counter.sorted();

        ModerationFigures build() {
            long total = automated.values().stream().mapToLong(Long::longValue).sum();
            long auto = total - automated.getOrDefault("AUTOMATED_DECISION_NOT_AUTOMATED", 0L);
            Double share = total == 0 ? null : Math.round(1000.0 * auto / total) / 1000.0;
            return new ModerationFigures(
                    notices,
                    noticesByCategory,
                    decisions,
                    decisionsByCategory,
                    decisionsBySource,
                    automated,
                    actions,
                    items,
                    containers,
                    accounts,
                    origins,
                    reversals,
                    reversalOrigins,
                    appeals,
                    appealOutcomes,
                    flaggerNotices,
                    flaggerDecisions,
                    notifierMeasures,
                    share);
        }
    }
}

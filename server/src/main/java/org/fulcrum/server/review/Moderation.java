package org.fulcrum.server.review;

import org.fulcrum.server.notice.NoticeIntake;
import org.fulcrum.server.notice.ReporterReputation;
import org.fulcrum.server.notice.SafetyTasks;
import org.fulcrum.server.notice.TrustedFlaggers;

/**
 * The moderation services as the composition root built them, handed around as one value (to the
 * console, the demo and the tests).
 *
 * @param notices notice intake
 * @param flaggers the trusted-flagger registry
 * @param reputation reporter reputation and Art. 23 measures
 * @param safety child-safety and Art. 18 reporting tasks
 * @param queues queues and routing
 * @param cases cases and claims
 * @param decisions decisions
 * @param strikes strikes
 * @param statements statements of reasons
 * @param appeals appeals
 * @param overturns the human review of automated decisions
 * @param bulk bulk decisions
 * @param sla the SLA monitor
 */
public record Moderation(
        NoticeIntake notices,
        TrustedFlaggers flaggers,
        ReporterReputation reputation,
        SafetyTasks safety,
        Queues queues,
        Cases cases,
        ModerationDecisions decisions,
        Strikes strikes,
        Statements statements,
        Appeals appeals,
        Overturns overturns,
        Bulk bulk,
        SlaMonitor sla) {}

package org.fulcrum.server.e2e;

import java.util.List;
import java.util.Optional;
import org.fulcrum.franking.RejectReason;
import org.fulcrum.server.notice.NoticeIntake;
import org.fulcrum.server.notice.NoticeSubmission;
import org.fulcrum.server.notice.ReporterReputation;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.web.Text;

/**
 * Turns a verified E2E report into a user notice (DSA Art. 16) against the sender's account, in
 * the transaction that records the report, so the case appears in the review queue with the
 * reported message as evidence. The reporter is the notifier, so reporter reputation applies, and a
 * forged report counts against the reporter's standing.
 */
public final class E2eNotices implements E2eReports.VerifiedListener, E2eReports.RefusedListener {
    private final NoticeIntake intake;
    private final ReporterReputation reputation;

    public E2eNotices(NoticeIntake intake, ReporterReputation reputation) {
        this.intake = intake;
        this.reputation = reputation;
    }

    /** A forged report weighs on the reporter's standing like a manifestly unfounded notice (DSA Art. 23). */
    @Override
    public void refused(Tx tx, String reporterId, RejectReason reason) {
        boolean forged = switch (reason) {
            case BAD_STAMP, BAD_COMMITMENT -> true;
            case MALFORMED,
                    VERSION_NOT_ACCEPTED,
                    UNKNOWN_RELAY_KEY,
                    REVOKED_KEY,
                    EXPIRED_KEY,
                    TIMESTAMP_OUT_OF_RANGE,
                    NOT_RECIPIENT -> false;
        };
        if (forged) {
            reputation.forged(tx, "user:" + reporterId);
        }
    }

    @Override
    public void verified(Tx tx, E2eReports.Report report) {
        NoticeSubmission notice = new NoticeSubmission(
                List.of(new NoticeSubmission.Item(
                        report.senderId(), Optional.of(SubjectKind.account), Optional.empty())),
                report.reason(),
                Optional.of("Verified report from an end-to-end encrypted chat: franked message " + report.subjectId()
                        + ", evidence " + report.id() + ", stamped " + Text.minute(report.stampedAt())),
                Optional.empty(),
                Optional.of(new NoticeSubmission.Notifier(
                        Optional.empty(), Optional.empty(), Optional.of(report.reporterId()))),
                true,
                Optional.empty(),
                Optional.empty(),
                Optional.of(report.id()));
        intake.receive(
                tx,
                new NoticeIntake.Submitter(Source.user_report, "e2e:" + report.reporterId(), Optional.empty()),
                notice);
    }
}

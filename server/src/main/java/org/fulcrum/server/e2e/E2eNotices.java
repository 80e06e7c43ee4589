package org.fulcrum.server.e2e;

import java.util.List;
import java.util.Optional;
import org.fulcrum.server.notice.NoticeIntake;
import org.fulcrum.server.notice.NoticeSubmission;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Tx;

/**
 * Turns a verified E2E report into a user notice (DSA Art. 16) against the sender's account, in
 * the transaction that records the report, so the case appears in the review queue with the
 * reported message as evidence. The reporter is the notifier, so reporter reputation applies.
 */
public final class E2eNotices implements E2eReports.VerifiedListener {
    private final NoticeIntake intake;

    public E2eNotices(NoticeIntake intake) {
        this.intake = intake;
    }

    @Override
    public void verified(Tx tx, E2eReports.Report report) {
        NoticeSubmission notice = new NoticeSubmission(
                List.of(new NoticeSubmission.Item(report.senderId(), Optional.of(SubjectKind.account), Optional.empty())),
                report.reason(),
                Optional.of("Verified report from an end-to-end encrypted chat: franked message " + report.subjectId()
                        + ", evidence " + report.id() + ", stamped " + report.stampedAt()),
                Optional.empty(),
                Optional.of(new NoticeSubmission.Notifier(Optional.empty(), Optional.empty(),
                        Optional.of(report.reporterId()))),
                true, Optional.empty(), Optional.empty(), Optional.of(report.id()));
        intake.receive(tx, new NoticeIntake.Submitter(Source.user_report, "e2e:" + report.reporterId(),
                Optional.empty()), notice);
    }
}

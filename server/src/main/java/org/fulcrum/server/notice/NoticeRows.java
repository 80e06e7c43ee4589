package org.fulcrum.server.notice;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.fulcrum.server.store.Tx;

/**
 * The notice and notice-item rows of one unit of work, written as two JDBC batches at its end
 * (notices first, for the items' foreign key). The two statements are prepared once per group
 * commit ({@link Tx#prepared}) and shared by its units: a group of single-notice requests prepares
 * two statements, not two per notice. Any batch left by a unit that failed before its flush is
 * cleared when the next unit starts.
 */
final class NoticeRows {
    private static final String NOTICE = """
            INSERT INTO notice (id, source, submitter, flagger_id, reporter_key, priority_lane, reason, category,
                                explanation, legal_ground, country, language, notifier_name, notifier_email,
                                good_faith, art16_complete, external_ref, item_count, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String ITEM = """
            INSERT INTO notice_item (notice_id, idx, subject_id, locator, case_id, reporter_key)
            VALUES (?, ?, ?, ?, ?, ?)""";

    private final PreparedStatement notices;
    private final PreparedStatement items;
    private int noticeCount;
    private int itemCount;

    NoticeRows(Tx tx) {
        this.notices = tx.prepared(NOTICE);
        this.items = tx.prepared(ITEM);
        try {
            notices.clearBatch();
            items.clearBatch();
        } catch (SQLException e) {
            throw new Tx.SqlFailure(NOTICE, e);
        }
    }

    void notice(
            String id,
            NoticeIntake.Submitter who,
            NoticeSubmission n,
            Optional<String> reporterKey,
            boolean lane,
            long now) {
        try {
            notices.setString(1, id);
            notices.setString(2, who.source().name());
            notices.setString(3, who.actor());
            notices.setString(
                    4, who.source() == Source.trusted_flagger ? who.ownerId().orElse(null) : null);
            notices.setString(5, reporterKey.orElse(null));
            notices.setInt(6, lane ? 1 : 0);
            notices.setString(7, n.reason().name());
            notices.setString(8, n.reason().category().name());
            notices.setString(9, n.explanation().orElse(null));
            notices.setString(10, n.legalGround().orElse(null));
            notices.setString(11, n.country().orElse(null));
            notices.setString(12, n.language().orElse(null));
            notices.setString(
                    13, n.notifier().flatMap(NoticeSubmission.Notifier::name).orElse(null));
            notices.setString(
                    14, n.notifier().flatMap(NoticeSubmission.Notifier::email).orElse(null));
            notices.setInt(15, n.goodFaith() ? 1 : 0);
            notices.setInt(16, n.art16Complete() ? 1 : 0);
            notices.setString(17, n.externalRef().orElse(null));
            notices.setInt(18, n.items().size());
            notices.setLong(19, now);
            notices.addBatch();
        } catch (SQLException e) {
            throw new Tx.SqlFailure(NOTICE, e);
        }
        noticeCount++;
    }

    void item(String noticeId, int idx, NoticeSubmission.Item item, String caseId, Optional<String> reporterKey) {
        try {
            items.setString(1, noticeId);
            items.setInt(2, idx);
            items.setString(3, item.subjectId());
            items.setString(4, item.url().orElse(null));
            items.setString(5, caseId);
            items.setString(6, reporterKey.orElse(null));
            items.addBatch();
        } catch (SQLException e) {
            throw new Tx.SqlFailure(ITEM, e);
        }
        itemCount++;
    }

    void flush() {
        try {
            if (noticeCount > 0) {
                notices.executeBatch();
            }
            if (itemCount > 0) {
                items.executeBatch();
            }
        } catch (SQLException e) {
            throw new Tx.SqlFailure(NOTICE + "; " + ITEM, e);
        }
        noticeCount = 0;
        itemCount = 0;
    }
}

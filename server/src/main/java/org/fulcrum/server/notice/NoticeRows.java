package org.fulcrum.server.notice;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The notice and notice-item rows of one unit of work, written as two JDBC batches at its end
 * (notices first, for the items' foreign key): a batch of 100 notices prepares two statements, not
 * two hundred.
 */
final class NoticeRows {
    private final PreparedBatch notices;
    private final PreparedBatch items;
    private int noticeCount;
    private int itemCount;

    NoticeRows(Handle h) {
        this.notices = h.prepareBatch("""
                INSERT INTO notice (id, source, submitter, flagger_id, reporter_key, priority_lane, reason, category,
                                    explanation, legal_ground, country, language, notifier_name, notifier_email,
                                    good_faith, art16_complete, external_ref, item_count, received_at)
                VALUES (:id, :source, :submitter, :flagger, :reporter, :lane, :reason, :category, :explanation,
                        :legal, :country, :language, :name, :email, :goodFaith, :complete, :ext, :items, :now)""");
        this.items = h.prepareBatch("""
                INSERT INTO notice_item (notice_id, idx, subject_id, locator, case_id, reporter_key)
                VALUES (:n, :i, :s, :l, :c, :r)""");
    }

    void notice(
            String id,
            NoticeIntake.Submitter who,
            NoticeSubmission n,
            Optional<String> reporterKey,
            boolean lane,
            long now) {
        notices.bind("id", id)
                .bind("source", who.source().name())
                .bind("submitter", who.actor())
                .bind(
                        "flagger",
                        who.source() == Source.trusted_flagger ? who.ownerId().orElse(null) : null)
                .bind("reporter", reporterKey.orElse(null))
                .bind("lane", lane ? 1 : 0)
                .bind("reason", n.reason().name())
                .bind("category", n.reason().category().name())
                .bind("explanation", n.explanation().orElse(null))
                .bind("legal", n.legalGround().orElse(null))
                .bind("country", n.country().orElse(null))
                .bind("language", n.language().orElse(null))
                .bind(
                        "name",
                        n.notifier().flatMap(NoticeSubmission.Notifier::name).orElse(null))
                .bind(
                        "email",
                        n.notifier().flatMap(NoticeSubmission.Notifier::email).orElse(null))
                .bind("goodFaith", n.goodFaith() ? 1 : 0)
                .bind("complete", n.art16Complete() ? 1 : 0)
                .bind("ext", n.externalRef().orElse(null))
                .bind("items", n.items().size())
                .bind("now", now)
                .add();
        noticeCount++;
    }

    void item(String noticeId, int idx, NoticeSubmission.Item item, String caseId, Optional<String> reporterKey) {
        items.bind("n", noticeId)
                .bind("i", idx)
                .bind("s", item.subjectId())
                .bind("l", item.url().orElse(null))
                .bind("c", caseId)
                .bind("r", reporterKey.orElse(null))
                .add();
        itemCount++;
    }

    void flush() {
        if (noticeCount > 0) {
            notices.execute();
        }
        if (itemCount > 0) {
            items.execute();
        }
        noticeCount = 0;
        itemCount = 0;
    }
}

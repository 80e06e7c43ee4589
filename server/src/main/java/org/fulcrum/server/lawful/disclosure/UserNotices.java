package org.fulcrum.server.lawful.disclosure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Notices to users about requests concerning them (SPEC 2.5): released to the platform at once,
 * or when the gag on the request expires. A released notice is pushed through the outbox as a
 * {@code lawful_user_notice} message (the signed webhook or actions topic enforcement actions take),
 * exactly once; the platform may also read released notices in order, following a cursor of release
 * time and sequence.
 */
public final class UserNotices {
    private UserNotices() {}

    /** A notice the platform delivers to an account. */
    public record Notice(long seq, String id, String requestId, String accountId, String text, Instant releasedAt) {}

    public static int create(Tx tx, LawfulRequest r, List<String> subjectIds) {
        Set<String> accounts = new LinkedHashSet<>();
        if (r.kind().targetsAccounts()) {
            accounts.addAll(r.submission().accounts());
        }
        for (String id : subjectIds) {
            Subjects.find(tx.handle(), id).ifPresent(s -> accounts.add(owner(s)));
        }
        Instant release = r.state().gagUntil().filter(tx.now()::isBefore).orElse(tx.now());
        long seq = tx.handle()
                .createQuery("SELECT COALESCE(MAX(seq), 0) FROM user_notice")
                .mapTo(Long.class)
                .one();
        for (String account : accounts) {
            String text = "Fulcrum received a " + r.instrument().title() + " from an authority of " + r.jurisdiction()
                    + " concerning your account or content (request " + r.id() + "). Fulcrum answers every request "
                    + "under its published principles; you may seek legal advice.";
            tx.handle()
                    .createUpdate("""
                    INSERT INTO user_notice (id, request_id, account_id, text, created_at, release_at, seq)
                    VALUES (:id, :r, :a, :t, :now, :rel, :seq)""")
                    .bind("id", Ids.next("un", tx.clock()))
                    .bind("r", r.id())
                    .bind("a", account)
                    .bind("t", text)
                    .bind("now", tx.now().toEpochMilli())
                    .bind("rel", release.toEpochMilli())
                    .bind("seq", ++seq)
                    .execute();
        }
        return accounts.size();
    }

    /** The message kind of a pushed notice. */
    public static final String MESSAGE = "lawful_user_notice";

    /**
     * Pushes every released notice not pushed yet through the outbox, in the caller's transaction:
     * the conditional update marks it, and only the transaction that marked it enqueues the message,
     * whose id is the notice's, so the platform drops a redelivery. Returns how many were pushed.
     */
    public static int push(Tx tx, Outbox outbox) {
        Handle h = tx.handle();
        long now = tx.now().toEpochMilli();
        List<Notice> due = h.createQuery("""
                        SELECT seq, id, request_id, account_id, text, release_at FROM user_notice
                        WHERE pushed_at IS NULL AND release_at <= :now ORDER BY release_at, seq LIMIT 1000""").bind("now", now).map(NOTICE).list();
        int pushed = 0;
        for (Notice n : due) {
            int marked = h.createUpdate("UPDATE user_notice SET pushed_at = :now WHERE id = :id AND pushed_at IS NULL")
                    .bind("now", now)
                    .bind("id", n.id())
                    .execute();
            if (marked == 0) {
                continue;
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("kind", MESSAGE);
            payload.put("noticeId", n.id());
            payload.put("requestId", n.requestId());
            payload.put("accountId", n.accountId());
            payload.put("text", n.text());
            payload.put("releasedAt", n.releasedAt().toString());
            outbox.enqueueMessage(tx, n.id(), n.accountId(), payload);
            pushed++;
        }
        return pushed;
    }

    private static String owner(Subject s) {
        if (s.kind() == SubjectKind.account) {
            return s.id();
        }
        return s.authorId().orElse(s.id());
    }

    /**
     * Released notices after the cursor, in release order. A notice held by a gag is released
     * later than notices created after it, so the cursor follows release time, then sequence.
     */
    public static List<Notice> released(Handle h, long afterRelease, long afterSeq, Instant now, int limit) {
        return h.createQuery("""
                        SELECT seq, id, request_id, account_id, text, release_at FROM user_notice
                        WHERE (release_at > :r OR (release_at = :r AND seq > :s)) AND release_at <= :now
                        ORDER BY release_at, seq LIMIT :limit""")
                .bind("r", afterRelease)
                .bind("s", afterSeq)
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map(NOTICE)
                .list();
    }

    public static List<Notice> of(Handle h, String requestId) {
        return h.createQuery("""
                        SELECT seq, id, request_id, account_id, text, release_at FROM user_notice
                        WHERE request_id = :r ORDER BY seq""").bind("r", requestId).map(NOTICE).list();
    }

    private static final RowMapper<Notice> NOTICE = (rs, ctx) -> new Notice(
            rs.getLong("seq"),
            rs.getString("id"),
            rs.getString("request_id"),
            rs.getString("account_id"),
            rs.getString("text"),
            Columns.instant(rs, "release_at"));
}

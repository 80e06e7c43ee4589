package org.fulcrum.server.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Everything a data subject request reaches for one account: the account, what it wrote (posts,
 * media, channels it created, messages it sent that were reported), the key under which its reports
 * are counted, and which of its subjects a legal hold covers now.
 *
 * @param account the account id
 * @param reporterKey the key of the account's own reports ({@code user:<account>})
 * @param subjects the account and every subject it wrote (known to Fulcrum or not)
 * @param held the subjects under a legal hold now
 */
record AccountScope(String account, String reporterKey, Set<String> subjects, Set<String> held) {
    AccountScope {
        subjects = Set.copyOf(subjects);
        held = Set.copyOf(held);
    }

    static AccountScope of(Handle h, String account, Instant now) {
        Set<String> subjects = new LinkedHashSet<>();
        subjects.add(account);
        subjects.addAll(h.createQuery("SELECT id FROM subject WHERE author_id = :a ORDER BY id")
                .bind("a", account)
                .mapTo(String.class)
                .list());
        Set<String> held = new LinkedHashSet<>(h.createQuery("""
                        SELECT s.id FROM subject s WHERE (s.id = :a OR s.author_id = :a) AND %s""".formatted(HeldSql.held("s.id")))
                .bind("a", account)
                .bind("now", now.toEpochMilli())
                .mapTo(String.class)
                .list());
        if (h.createQuery("""
                        SELECT COUNT(*) FROM legal_hold WHERE subject_id = :a AND released_at IS NULL AND until_at > :now""")
                        .bind("a", account)
                        .bind("now", now.toEpochMilli())
                        .mapTo(Integer.class)
                        .one()
                > 0) {
            held.add(account);
        }
        return new AccountScope(account, "user:" + account, subjects, held);
    }

    /** The subjects no hold covers. */
    List<String> unheld() {
        List<String> out = new ArrayList<>();
        for (String s : subjects) {
            if (!held.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The account, its reporter key and its subjects: every id a record about the account may carry. */
    Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>(subjects);
        ids.add(reporterKey);
        return ids;
    }

    boolean accountHeld() {
        return held.contains(account);
    }
}

package org.fulcrum.server.privacy;

/**
 * The SQL condition "this subject is under a legal hold now", for the statements of the purge job
 * and of erasure. A subject is held when a running hold names it, its author (a hold on an account
 * holds everything the account wrote) or its container (a hold on a channel holds its posts); a
 * subject's {@code hold_until}, as the enforcement path sets it, counts too. Statements using it bind
 * {@code :now}.
 */
final class HeldSql {
    private HeldSql() {}

    /** The condition for the subject id in {@code column} (a column or expression of the outer query). */
    static String held(String column) {
        return """
                (EXISTS (SELECT 1 FROM legal_hold lh WHERE lh.released_at IS NULL AND lh.until_at > :now
                           AND (lh.subject_id = %1$s
                                OR lh.subject_id = (SELECT hs.author_id FROM subject hs WHERE hs.id = %1$s)
                                OR lh.subject_id = (SELECT hs.container_id FROM subject hs WHERE hs.id = %1$s)))
                 OR EXISTS (SELECT 1 FROM subject hs WHERE hs.hold_until > :now
                              AND (hs.id = %1$s
                                   OR hs.id = (SELECT ha.author_id FROM subject ha WHERE ha.id = %1$s)
                                   OR hs.id = (SELECT ha.container_id FROM subject ha WHERE ha.id = %1$s))))""".formatted(column);
    }

    static String notHeld(String column) {
        return "NOT " + held(column);
    }
}

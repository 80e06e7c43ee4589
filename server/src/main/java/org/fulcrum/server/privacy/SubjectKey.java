package org.fulcrum.server.privacy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way a table's row is tied to a data subject, as the table registry writes it:
 * {@code [set:]column} when the column holds the id, or {@code [set:]column->table(column).column}
 * when the column points at a row of another table that holds it.
 *
 * @param ids which of the data subject's ids the column (or the joined row) holds
 * @param column the table's column
 * @param join the row of another table that holds the id, if any
 */
public record SubjectKey(Ids ids, String column, Optional<Join> join) {
    private static final Pattern TERM = Pattern.compile(
            "(?:(subject|account|reporter|subjectref):)?([a-z_]+)(?:->([a-z_]+)\\(([a-z_]+)\\)\\.([a-z_]+))?");

    /** The ids a key column may hold. */
    public enum Ids {
        /** One of the account's subjects: the account itself, its posts, media, channels and messages. */
        subject,
        /** The account id alone. */
        account,
        /** The key its reports are counted under: {@code user:<account>}. */
        reporter,
        /** {@code subject:<id>} for one of the account's subjects. */
        subjectref
    }

    /**
     * A join: the key column equals {@code table.column} of a row whose {@code subjectColumn} holds the id.
     */
    public record Join(String table, String column, String subjectColumn) {}

    public static SubjectKey parse(String term) {
        Matcher m = TERM.matcher(term.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + term + "' is not [set:]column or [set:]column->table(column).column");
        }
        Ids ids = m.group(1) == null ? Ids.subject : Ids.valueOf(m.group(1));
        Optional<Join> join =
                m.group(3) == null ? Optional.empty() : Optional.of(new Join(m.group(3), m.group(4), m.group(5)));
        return new SubjectKey(ids, m.group(2), join);
    }

    /** The condition on the table's rows, with the ids bound as the list {@code <ids>}. */
    public String condition() {
        return join.map(j -> column + " IN (SELECT " + j.column() + " FROM " + j.table() + " WHERE " + j.subjectColumn()
                        + " IN (<ids>))")
                .orElse(column + " IN (<ids>)");
    }

    @Override
    public String toString() {
        String set = ids == Ids.subject ? "" : ids + ":";
        return set
                + column
                + join.map(j -> "->" + j.table() + "(" + j.column() + ")." + j.subjectColumn())
                        .orElse("");
    }
}

package org.fulcrum.server.policy;

import java.util.List;

/**
 * A global principle: its rules apply in order, and principles apply in the order of the file,
 * so an earlier principle wins over a later one.
 *
 * @param id a stable name, cited by refusals ("no-keys")
 * @param title a short title ("No keys")
 * @param statement the principle in one or two sentences
 * @param rules its rules, in order
 */
public record Principle(String id, String title, String statement, List<Rule> rules) {
    public Principle {
        PolicyInvalid.require(
                id != null && id.matches("[a-z0-9][a-z0-9-]{0,63}"),
                "principle id '" + id + "' must be 1-64 characters of a-z 0-9 -");
        PolicyInvalid.require(title != null && !title.isBlank(), "principle " + id + " has no title");
        PolicyInvalid.require(statement != null && !statement.isBlank(), "principle " + id + " has no statement");
        rules = rules == null ? List.of() : List.copyOf(rules);
        statement = statement.strip();
    }
}

package org.fulcrum.server.privacy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finding and replacing platform ids inside free text and JSON. An id is matched as a whole token:
 * not as part of a longer id ({@code acct-1} is not found in {@code acct-12}), but after a prefix
 * such as {@code user:} or {@code subject:}. SQL first narrows the rows with LIKE; Java decides.
 */
final class Mentions {
    /** What erased ids are replaced with. */
    static final String ERASED = "erased";

    private static final String ID_CHAR = "[A-Za-z0-9_\\-]";

    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> ids;

    Mentions(Collection<String> ids) {
        this.ids = List.copyOf(ids);
        for (String id : this.ids) {
            patterns.add(Pattern.compile(
                    "(?<!" + ID_CHAR + "|\\.)" + Pattern.quote(id) + "(?!" + ID_CHAR + "|[.:]" + ID_CHAR + ")"));
        }
    }

    boolean in(String text) {
        if (text == null) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with every mention replaced by {@link #ERASED}. */
    String erase(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Pattern p : patterns) {
            out = p.matcher(out).replaceAll(Matcher.quoteReplacement(ERASED));
        }
        return out;
    }

    /** A SQL condition narrowing {@code column} to rows that may mention an id; binds {@code :m0, :m1, ...}. */
    String like(String column) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            parts.add(column + " LIKE :m" + i + " ESCAPE '!'");
        }
        return parts.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", parts) + ")";
    }

    /** Binds the patterns of {@link #like}. */
    <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(T statement) {
        for (int i = 0; i < ids.size(); i++) {
            statement.bind("m" + i, "%" + escape(ids.get(i)) + "%");
        }
        return statement;
    }

    static String escape(String id) {
        // '!' rather than a backslash: the statement template engine treats backslashes as its own escapes.
        return id.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    List<String> ids() {
        return ids;
    }
}

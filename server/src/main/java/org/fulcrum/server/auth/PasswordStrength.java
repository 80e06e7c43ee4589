package org.fulcrum.server.auth;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fulcrum.server.core.FulcrumException;

/**
 * Whether a password someone chooses is too easy to guess. NIST SP 800-63B asks that a chosen
 * password be compared with commonly used, expected or compromised values and with words of the
 * context, and that no composition rules be imposed: zxcvbn estimates how many guesses a password
 * takes against frequency lists of leaked passwords, words and names, keyboard patterns, repeats,
 * sequences and dates, with the person's username and name and the product's name added to what an
 * attacker tries first. A password estimated to fall in fewer than 10^8 guesses (a score under 3:
 * open to an attacker who gets past the sign-in throttle or holds a stolen hash) is refused with the
 * reason in words.
 */
final class PasswordStrength {
    /** The lowest zxcvbn score accepted: "safely unguessable", at least 10^8 guesses. */
    static final int MIN_SCORE = 3;

    private static final Zxcvbn ZXCVBN = new Zxcvbn();

    private PasswordStrength() {}

    /**
     * Checks a password someone chooses for an account known by {@code context} (its username and
     * name): its length, no control characters, and that it is not too easy to guess; names
     * {@code field} in the problem.
     */
    static void requireNew(String field, String password, List<String> context) {
        int min = Credentials.MIN_PASSWORD;
        int max = Credentials.MAX_PASSWORD;
        if (password == null || password.length() < min || password.length() > max) {
            throw new FulcrumException.InvalidInput(field, "must have " + min + " to " + max + " characters");
        }
        if (password.isBlank() || password.chars().anyMatch(Character::isISOControl)) {
            throw new FulcrumException.InvalidInput(field, "must not be blank or hold control characters");
        }
        require(field, password, context);
    }

    /**
     * Refuses {@code password} for {@code field} when it is too easy to guess for someone who knows
     * {@code context} (the person's username and name).
     */
    static void require(String field, String password, List<String> context) {
        List<String> words = new ArrayList<>();
        words.add("fulcrum");
        for (String c : context) {
            if (c != null && !c.isBlank()) {
                words.add(c.toLowerCase(Locale.ROOT));
                // "anna.schmidt" is tried as "anna" and "schmidt" too
                for (String part : c.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                    if (part.length() >= 3) {
                        words.add(part);
                    }
                }
            }
        }
        Strength s = ZXCVBN.measure(password, words);
        if (s.getScore() < MIN_SCORE) {
            throw new FulcrumException.InvalidInput(field, "is too easy to guess" + why(s.getFeedback(), s));
        }
    }

    private static String why(Feedback f, Strength s) {
        StringBuilder out = new StringBuilder();
        String warning = f.getWarning();
        if (warning != null && !warning.isBlank()) {
            out.append(": ").append(warning.strip());
        } else if (s.getSequence().stream().anyMatch(m -> m.pattern == com.nulabinc.zxcvbn.Pattern.Dictionary)) {
            out.append(": it is made of common words, names or your own names");
        }
        out.append(out.isEmpty() ? ". " : (out.charAt(out.length() - 1) == '.' ? " " : ". "));
        out.append("Choose a longer phrase of several unrelated words; no symbols or digits are required.");
        return out.toString();
    }
}

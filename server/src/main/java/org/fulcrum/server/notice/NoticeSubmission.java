package org.fulcrum.server.notice;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.platform.SubjectKind;

/**
 * A notice as submitted (DSA Art. 16): the items it names, why, a substantiated explanation, who
 * the notifier is (optional for child sexual abuse material), and the good-faith statement.
 *
 * @param items the exact items concerned, 1 to {@value #MAX_ITEMS}, each once
 * @param reason the sub-reason, which maps to a DSA category
 * @param explanation why the notifier considers the items illegal or against the terms
 * @param legalGround the law the notifier says is broken, if they name one
 * @param notifier the notifier's name, e-mail and platform account (for user reports)
 * @param goodFaith the notifier's statement that the notice is accurate and complete
 * @param country the country whose law the notifier invokes, or where the notifier is
 * @param language the notifier's language, for the answers they receive
 * @param externalRef the notifier's own reference for the notice
 */
public record NoticeSubmission(
        List<Item> items,
        Reason reason,
        Optional<String> explanation,
        Optional<String> legalGround,
        Optional<Notifier> notifier,
        Boolean goodFaith,
        Optional<String> country,
        Optional<String> language,
        Optional<String> externalRef) {
    public static final int MAX_ITEMS = 100;
    public static final int MAX_EXPLANATION = 5_000;

    public NoticeSubmission {
        if (items == null || items.isEmpty()) {
            throw new InvalidInput("items", "name at least one item");
        }
        if (items.size() > MAX_ITEMS) {
            throw new InvalidInput("items", "must have at most " + MAX_ITEMS + " items");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item == null) {
                throw new InvalidInput("items[" + i + "]", "is required");
            }
            if (!seen.add(item.subjectId())) {
                throw new InvalidInput("items[" + i + "].subjectId", "names the same item twice");
            }
        }
        items = List.copyOf(items);
        Check.required("reason", reason);
        explanation = opt(explanation).map(String::strip).filter(s -> !s.isEmpty());
        explanation.ifPresent(v -> Check.text("explanation", v, MAX_EXPLANATION));
        legalGround = opt(legalGround).map(String::strip).filter(s -> !s.isEmpty());
        legalGround.ifPresent(v -> Check.text("legalGround", v, 500));
        notifier = opt(notifier);
        goodFaith = goodFaith != null && goodFaith;
        country = opt(country);
        country.ifPresent(v -> Check.country("country", v));
        language = opt(language);
        language.ifPresent(v -> Check.language("language", v));
        externalRef = opt(externalRef);
        externalRef.ifPresent(v -> Check.id("externalRef", v));
    }

    /** Whether every element DSA Art. 16(2) asks for is present. */
    public boolean art16Complete() {
        boolean identified = reason.childSafety()
                || notifier.map(n -> n.name().isPresent() && n.email().isPresent())
                        .orElse(false);
        return explanation.isPresent() && identified && goodFaith;
    }

    private static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }

    /**
     * One item a notice names.
     *
     * @param subjectId the platform's stable id of the item
     * @param kind what it is, when Fulcrum has not seen it yet (default post)
     * @param url its exact electronic location, as the notifier sees it
     */
    public record Item(String subjectId, Optional<SubjectKind> kind, Optional<String> url) {
        private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]{1,2040}");

        public Item {
            Check.id("subjectId", subjectId);
            kind = opt(kind);
            if (kind.isPresent() && kind.get() == SubjectKind.message) {
                throw new InvalidInput("kind", "private messages are reported only as franked reports");
            }
            url = opt(url);
            url.ifPresent(u -> {
                if (!URL.matcher(u).matches()) {
                    throw new InvalidInput("url", "must be an http(s) URL of at most 2048 characters");
                }
            });
        }
    }

    /**
     * Who sends the notice.
     *
     * @param name the notifier's name (optional for child sexual abuse material)
     * @param email the notifier's e-mail address
     * @param reporterId the notifier's account on the platform, for user reports
     */
    public record Notifier(Optional<String> name, Optional<String> email, Optional<String> reporterId) {
        private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}");

        public Notifier {
            name = opt(name).map(String::strip).filter(s -> !s.isEmpty());
            name.ifPresent(v -> Check.text("name", v, 200));
            email = opt(email).map(String::strip).filter(s -> !s.isEmpty());
            email.ifPresent(v -> {
                if (v.length() > 254 || !EMAIL.matcher(v).matches()) {
                    throw new InvalidInput("email", "must be an e-mail address of at most 254 characters");
                }
            });
            reporterId = opt(reporterId);
            reporterId.ifPresent(v -> Check.id("reporterId", v));
        }
    }
}
